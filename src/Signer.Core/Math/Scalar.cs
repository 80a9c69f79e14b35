namespace DltSigner.Core.Math;

/// <summary>
/// An integer modulo the secp256k1 group order n. Arithmetic is constant-time (no branches or
/// memory accesses that depend on the value) except members whose name ends in "Var".
/// A Scalar may hold a secret: ToString() prints no value; long-lived secrets belong in
/// <see cref="Keys.SecretScalar"/>, which zeroes itself.
/// </summary>
public readonly struct Scalar : IEquatable<Scalar>
{
    public static Scalar Zero => throw new NotImplementedException();
    public static Scalar One => throw new NotImplementedException();

    /// <summary>The group order n, big-endian.</summary>
    public static ReadOnlySpan<byte> OrderBytes => throw new NotImplementedException();

    public static Scalar FromUInt64(ulong value) => throw new NotImplementedException();

    /// <summary>Strict decoding: exactly 32 big-endian bytes, value &lt; n.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out Scalar scalar) => throw new NotImplementedException();

    /// <summary>Strict decoding; throws <see cref="CryptoFormatException"/>.</summary>
    public static Scalar FromBytes(ReadOnlySpan<byte> bytes) => throw new NotImplementedException();

    /// <summary>Big-endian bytes of any length up to 64, reduced mod n (hash-to-scalar, RFC 6979 bits2int).</summary>
    public static Scalar FromBytesReduced(ReadOnlySpan<byte> bytes) => throw new NotImplementedException();

    /// <summary>Uniform in [0, n) from <see cref="System.Security.Cryptography.RandomNumberGenerator"/>.</summary>
    public static Scalar Random() => throw new NotImplementedException();

    /// <summary>Uniform in [1, n).</summary>
    public static Scalar RandomNonZero() => throw new NotImplementedException();

    public void WriteBytes(Span<byte> destination) => throw new NotImplementedException();

    public byte[] ToBytes() => throw new NotImplementedException();

    public bool IsZero => throw new NotImplementedException();

    /// <summary>True when the value is greater than n/2 (the high half; ECDSA low-S rule).</summary>
    public bool IsHigh => throw new NotImplementedException();

    public static Scalar operator +(Scalar a, Scalar b) => throw new NotImplementedException();
    public static Scalar operator -(Scalar a, Scalar b) => throw new NotImplementedException();
    public static Scalar operator -(Scalar a) => throw new NotImplementedException();
    public static Scalar operator *(Scalar a, Scalar b) => throw new NotImplementedException();

    /// <summary>Constant-time inverse (Fermat); the inverse of zero is zero.</summary>
    public Scalar Invert() => throw new NotImplementedException();

    /// <summary>Variable-time inverse for public values only.</summary>
    public Scalar InvertVar() => throw new NotImplementedException();

    /// <summary>Constant-time selection: returns b when choose is true, else a.</summary>
    public static Scalar Select(Scalar a, Scalar b, bool choose) => throw new NotImplementedException();

    /// <summary>Constant-time equality.</summary>
    public bool Equals(Scalar other) => throw new NotImplementedException();

    public override bool Equals(object? obj) => obj is Scalar s && Equals(s);

    /// <summary>Not value-dependent: scalars may be secret.</summary>
    public override int GetHashCode() => 0;

    public override string ToString() => "Scalar(redacted)";

    public static bool operator ==(Scalar left, Scalar right) => left.Equals(right);
    public static bool operator !=(Scalar left, Scalar right) => !left.Equals(right);
}
