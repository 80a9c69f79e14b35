using System.Text;
using DltSigner.Core;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;

namespace DltSigner.Adapters.Ethereum.Primitives;

/// <summary>
/// A 20-byte Ethereum account address. Text form is EIP-55 mixed-case checksummed hex; parsing
/// accepts all-lower or all-upper hex unchecked and otherwise requires the exact checksum.
/// </summary>
public readonly struct Address : IEquatable<Address>
{
    public const int Length = 20;

    private readonly byte[]? _bytes;

    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new CryptoFormatException("address: not 20 bytes");
        }

        _bytes = bytes.ToArray();
    }

    public static Address Zero => new(new byte[Length]);

    public ReadOnlySpan<byte> Bytes => _bytes ?? new byte[Length];

    public byte[] ToArray() => Bytes.ToArray();

    /// <summary>keccak256(X || Y)[12..32] of the uncompressed public key (Yellow Paper eq. 284).</summary>
    public static Address FromPublicKey(PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var uncompressed = publicKey.ToUncompressed();
        return new Address(Hashes.Keccak256(uncompressed.AsSpan(1))[12..]);
    }

    /// <summary>Parses "0x" + 40 hex digits; mixed case must carry a valid EIP-55 checksum.</summary>
    public static Address Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new CryptoFormatException(error!);

    public static bool TryParse(string text, out Address address) => TryParse(text, out address, out _);

    /// <summary>The EIP-55 checksummed form, "0x"-prefixed.</summary>
    public override string ToString() => ToChecksumString(Bytes);

    public string ToLowerHex() => Hex.Encode(Bytes);

    public bool Equals(Address other) => Bytes.SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(Bytes[16..]);

    public static bool operator ==(Address left, Address right) => left.Equals(right);

    public static bool operator !=(Address left, Address right) => !left.Equals(right);

    private static bool TryParse(string text, out Address address, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = default;
        error = null;
        if (!text.StartsWith("0x", StringComparison.Ordinal) || text.Length != 2 + (2 * Length)
            || !Hex.TryDecode(text, out var bytes))
        {
            error = "address: not 0x followed by 40 hex digits";
            return false;
        }

        var digits = text.AsSpan(2);
        var hasLower = digits.ContainsAnyInRange('a', 'f');
        var hasUpper = digits.ContainsAnyInRange('A', 'F');
        if (hasLower && hasUpper && !string.Equals(ToChecksumString(bytes), text, StringComparison.Ordinal))
        {
            error = "address: EIP-55 checksum mismatch";
            return false;
        }

        address = new Address(bytes);
        return true;
    }

    // EIP-55: upper-case the i-th hex letter when the i-th nibble of keccak256(lower-case hex) is ≥ 8.
    private static string ToChecksumString(ReadOnlySpan<byte> bytes)
    {
        var lower = Convert.ToHexStringLower(bytes);
        var hash = Hashes.Keccak256(Encoding.ASCII.GetBytes(lower));
        var result = new StringBuilder("0x", 2 + lower.Length);
        for (var i = 0; i < lower.Length; i++)
        {
            var nibble = (i % 2 == 0) ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f;
            result.Append(nibble >= 8 ? char.ToUpperInvariant(lower[i]) : lower[i]);
        }

        return result.ToString();
    }
}
