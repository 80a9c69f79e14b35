using System.Buffers.Binary;
using DltSigner.Core.Math;

namespace DltSigner.Core.Signatures;

/// <summary>
/// An ECDSA signature (r, s) over secp256k1 with both values in [1, n). Encodings: strict DER
/// (BIP66 rules, without the Bitcoin sighash byte) and the 64-byte compact form r || s.
/// Signatures are public values.
/// </summary>
public readonly struct EcdsaSignature : IEquatable<EcdsaSignature>
{
    /// <summary>Length of the compact encoding r || s.</summary>
    public const int CompactLength = 64;

    /// <summary>Longest strict DER encoding: 30 len 02 21 r(33) 02 21 s(33).</summary>
    public const int MaxDerLength = 72;

    public EcdsaSignature(Scalar r, Scalar s)
    {
        if (r.IsZero || s.IsZero)
        {
            throw new ArgumentException("ECDSA signature: r and s must be nonzero");
        }

        R = r;
        S = s;
    }

    public Scalar R { get; }

    public Scalar S { get; }

    /// <summary>True when s ≤ n/2 (BIP62/BIP146 low-S; Ethereum EIP-2).</summary>
    public bool IsLowS => !S.IsHigh;

    /// <summary>The same signature with s replaced by n − s when s is high (both verify).</summary>
    public EcdsaSignature NormalizeLowS() => S.IsHigh ? new EcdsaSignature(R, -S) : this;

    /// <summary>Strict compact decoding: 64 bytes r || s, each &lt; n and nonzero.</summary>
    public static bool TryFromCompact(ReadOnlySpan<byte> compact, out EcdsaSignature signature)
    {
        signature = default;
        if (compact.Length != CompactLength
            || !Scalar.TryFromBytes(compact[..32], out var r)
            || !Scalar.TryFromBytes(compact[32..], out var s)
            || r.IsZero
            || s.IsZero)
        {
            return false;
        }

        signature = new EcdsaSignature(r, s);
        return true;
    }

    /// <summary>Strict compact decoding; throws <see cref="CryptoFormatException"/>.</summary>
    public static EcdsaSignature FromCompact(ReadOnlySpan<byte> compact) =>
        TryFromCompact(compact, out var sig)
            ? sig
            : throw new CryptoFormatException("ECDSA compact signature: not 64 bytes with r, s in [1, n)");

    public void WriteCompact(Span<byte> destination)
    {
        if (destination.Length < CompactLength)
        {
            throw new ArgumentException("destination must hold 64 bytes", nameof(destination));
        }

        R.WriteBytes(destination[..32]);
        S.WriteBytes(destination.Slice(32, 32));
    }

    public byte[] ToCompact()
    {
        var bytes = new byte[CompactLength];
        WriteCompact(bytes);
        return bytes;
    }

    /// <summary>Strict DER decoding (every BIP66 rule, r and s in [1, n), no trailing bytes).</summary>
    public static bool TryParseDer(ReadOnlySpan<byte> der, out EcdsaSignature signature)
    {
        signature = default;
        if (!EcdsaDer.TryParse(der, out var r, out var s))
        {
            return false;
        }

        signature = new EcdsaSignature(r, s);
        return true;
    }

    /// <summary>Strict DER decoding; throws <see cref="CryptoFormatException"/> naming the failed check.</summary>
    public static EcdsaSignature ParseDer(ReadOnlySpan<byte> der)
    {
        var check = EcdsaDer.Check(der, out var r, out var s);
        return check is null ? new EcdsaSignature(r, s) : throw new CryptoFormatException(check);
    }

    /// <summary>Minimal DER encoding; returns the number of bytes written.</summary>
    public bool TryWriteDer(Span<byte> destination, out int bytesWritten) =>
        EcdsaDer.TryWrite(R, S, destination, out bytesWritten);

    public int WriteDer(Span<byte> destination) =>
        TryWriteDer(destination, out var written)
            ? written
            : throw new ArgumentException("destination too small for the DER signature", nameof(destination));

    public byte[] ToDer()
    {
        Span<byte> buffer = stackalloc byte[MaxDerLength];
        var written = WriteDer(buffer);
        return buffer[..written].ToArray();
    }

    public bool Equals(EcdsaSignature other) => R == other.R && S == other.S;

    public override bool Equals(object? obj) => obj is EcdsaSignature other && Equals(other);

    public override int GetHashCode()
    {
        Span<byte> c = stackalloc byte[CompactLength];
        WriteCompact(c);
        return HashCode.Combine(BinaryPrimitives.ReadInt64LittleEndian(c[24..]), BinaryPrimitives.ReadInt64LittleEndian(c[56..]));
    }

    public override string ToString() => Convert.ToHexStringLower(ToCompact());

    public static bool operator ==(EcdsaSignature left, EcdsaSignature right) => left.Equals(right);

    public static bool operator !=(EcdsaSignature left, EcdsaSignature right) => !left.Equals(right);
}
