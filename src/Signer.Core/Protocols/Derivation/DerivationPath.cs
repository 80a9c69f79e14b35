using System.Globalization;
using System.Text;

namespace DltSigner.Core.Protocols.Derivation;

/// <summary>
/// A BIP32 path of non-hardened child indices below a threshold key, e.g. "m/0/7". Hardened steps
/// ("0'", "0h", "0H" or an index ≥ 2^31) need the private key and cannot be derived from public
/// data, so they are rejected. Canonical text: "m" then "/index" per step, decimal without sign or
/// leading zeros. Public value.
/// </summary>
public sealed class DerivationPath : IEquatable<DerivationPath>
{
    /// <summary>First hardened index (BIP32: indices ≥ 2^31 are hardened).</summary>
    public const uint HardenedOffset = 0x8000_0000;

    /// <summary>BIP32 serialises depth in one byte.</summary>
    public const int MaxDepth = 255;

    private readonly uint[] _indices;

    private DerivationPath(uint[] indices) => _indices = indices;

    /// <summary>The root "m" (no derivation).</summary>
    public static DerivationPath Root { get; } = new([]);

    public IReadOnlyList<uint> Indices => _indices;

    public bool IsRoot => _indices.Length == 0;

    public static DerivationPath FromIndices(params uint[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Length > MaxDepth)
        {
            throw new CryptoFormatException("bip32 path: deeper than 255");
        }

        foreach (var index in indices)
        {
            if (index >= HardenedOffset)
            {
                throw new CryptoFormatException("bip32 path: hardened index (needs the private key; not derivable by a threshold key)");
            }
        }

        return new DerivationPath((uint[])indices.Clone());
    }

    /// <summary>Null, "" and "m" are the root. Throws <see cref="CryptoFormatException"/> naming the problem.</summary>
    public static DerivationPath Parse(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "m")
        {
            return Root;
        }

        if (!path.StartsWith("m/", StringComparison.Ordinal))
        {
            throw new CryptoFormatException("bip32 path: must start with \"m/\"");
        }

        var parts = path[2..].Split('/');
        if (parts.Length > MaxDepth)
        {
            throw new CryptoFormatException("bip32 path: deeper than 255");
        }

        var indices = new uint[parts.Length];
        for (var k = 0; k < parts.Length; k++)
        {
            indices[k] = ParseIndex(parts[k]);
        }

        return new DerivationPath(indices);
    }

    public static bool TryParse(string? path, out DerivationPath? result)
    {
        try
        {
            result = Parse(path);
            return true;
        }
        catch (CryptoFormatException)
        {
            result = null;
            return false;
        }
    }

    private static uint ParseIndex(string part)
    {
        if (part.Length == 0)
        {
            throw new CryptoFormatException("bip32 path: empty step");
        }

        var last = part[^1];
        if (last is '\'' or 'h' or 'H')
        {
            throw new CryptoFormatException("bip32 path: hardened step (needs the private key; not derivable by a threshold key)");
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiDigit(c))
            {
                throw new CryptoFormatException("bip32 path: step is not a decimal index");
            }
        }

        if (part.Length > 1 && part[0] == '0')
        {
            throw new CryptoFormatException("bip32 path: leading zero in a step");
        }

        if (part.Length > 10 || !ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value >= HardenedOffset)
        {
            throw new CryptoFormatException("bip32 path: index ≥ 2^31 (hardened; not derivable by a threshold key)");
        }

        return (uint)value;
    }

    public override string ToString()
    {
        var sb = new StringBuilder("m");
        foreach (var index in _indices)
        {
            sb.Append('/').Append(index.ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    public bool Equals(DerivationPath? other) => other is not null && _indices.AsSpan().SequenceEqual(other._indices);

    public override bool Equals(object? obj) => Equals(obj as DerivationPath);

    public override int GetHashCode() => _indices.Length == 0 ? 0 : HashCode.Combine(_indices.Length, _indices[^1]);
}
