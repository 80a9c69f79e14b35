namespace DltSigner.Core.Math;

/// <summary>
/// A point of secp256k1 (y² = x³ + 7 over F_p), or the point at infinity. Immutable and affine
/// (normalised) on the outside; Jacobian coordinates inside the arithmetic.
/// Multiplication by a scalar that may be secret (<see cref="operator *(Scalar, Point)"/>,
/// <see cref="BaseMul"/>) is constant-time; members ending in "Var" are for public scalars.
/// </summary>
public readonly struct Point : IEquatable<Point>
{
    public static Point Infinity => throw new NotImplementedException();
    public static Point Generator => throw new NotImplementedException();

    public bool IsInfinity => throw new NotImplementedException();

    /// <summary>True when y is odd (undefined for infinity: false).</summary>
    public bool HasOddY => throw new NotImplementedException();

    /// <summary>k·G, constant-time in k (precomputed table, constant-time lookups).</summary>
    public static Point BaseMul(Scalar k) => throw new NotImplementedException();

    /// <summary>k·G for a public k.</summary>
    public static Point BaseMulVar(Scalar k) => throw new NotImplementedException();

    /// <summary>k·P, constant-time in k.</summary>
    public static Point operator *(Scalar k, Point p) => throw new NotImplementedException();

    /// <summary>k·P for a public k.</summary>
    public Point MulVar(Scalar k) => throw new NotImplementedException();

    /// <summary>a·G + b·P for public a, b (signature verification).</summary>
    public static Point DoubleMulVar(Scalar a, Scalar b, Point p) => throw new NotImplementedException();

    /// <summary>Σ kᵢ·Pᵢ for public scalars (commitment checks). Lengths must match.</summary>
    public static Point MultiMulVar(ReadOnlySpan<Scalar> scalars, ReadOnlySpan<Point> points) => throw new NotImplementedException();

    public static Point operator +(Point a, Point b) => throw new NotImplementedException();
    public static Point operator -(Point a, Point b) => throw new NotImplementedException();
    public static Point operator -(Point a) => throw new NotImplementedException();

    /// <summary>SEC1 compressed encoding, 33 bytes. Throws for infinity.</summary>
    public byte[] ToCompressed() => throw new NotImplementedException();

    public void WriteCompressed(Span<byte> destination) => throw new NotImplementedException();

    /// <summary>SEC1 uncompressed encoding, 65 bytes. Throws for infinity.</summary>
    public byte[] ToUncompressed() => throw new NotImplementedException();

    public void WriteUncompressed(Span<byte> destination) => throw new NotImplementedException();

    /// <summary>The 32-byte big-endian x coordinate. Throws for infinity.</summary>
    public byte[] XBytes() => throw new NotImplementedException();

    /// <summary>The 32-byte big-endian y coordinate. Throws for infinity.</summary>
    public byte[] YBytes() => throw new NotImplementedException();

    /// <summary>
    /// Strict SEC1 decoding: 33 bytes (02/03 prefix) or 65 bytes (04 prefix); coordinates must be
    /// canonical (&lt; p) and on the curve. The single byte 00 decodes to infinity only when
    /// allowInfinity is set; hybrid encodings (06/07) are rejected.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out Point point, bool allowInfinity = false) => throw new NotImplementedException();

    /// <summary>Strict SEC1 decoding; throws <see cref="CryptoFormatException"/> naming the check.</summary>
    public static Point Decode(ReadOnlySpan<byte> encoded, bool allowInfinity = false) => throw new NotImplementedException();

    /// <summary>BIP340 lift_x: the point with this x (canonical, &lt; p) and even y.</summary>
    public static bool TryLiftX(ReadOnlySpan<byte> x, out Point point) => throw new NotImplementedException();

    public bool Equals(Point other) => throw new NotImplementedException();

    public override bool Equals(object? obj) => obj is Point p && Equals(p);

    public override int GetHashCode() => throw new NotImplementedException();

    /// <summary>Compressed hex, or "infinity". Points are public.</summary>
    public override string ToString() => throw new NotImplementedException();

    public static bool operator ==(Point left, Point right) => left.Equals(right);
    public static bool operator !=(Point left, Point right) => !left.Equals(right);
}
