namespace DltSigner.Core.Math;

/// <summary>
/// A point of secp256k1 (y² = x³ + 7 over F_p), or the point at infinity. Immutable and affine
/// (normalised) on the outside; Jacobian coordinates inside the arithmetic.
/// Multiplication by a scalar that may be secret (<see cref="operator *(Scalar, Point)"/>,
/// <see cref="BaseMul"/>) is constant-time; members ending in "Var" are for public scalars.
/// </summary>
/// <remarks>
/// Constant-time in the scalar and in the point: BaseMul, k·P (see <see cref="ConstantTimeMul"/>),
/// +, −, negation and the affine conversion (one constant-time inversion). Variable-time (public data
/// only): the *Var members (<see cref="VarTimeMul"/>), decoding (validity of public input),
/// Equals/GetHashCode/ToString. The default value is the point at infinity.
/// </remarks>
public readonly partial struct Point : IEquatable<Point>
{
    internal readonly FieldElement X;
    internal readonly FieldElement Y;
    private readonly bool _finite;

    internal Point(in FieldElement x, in FieldElement y, bool finite)
    {
        X = x;
        Y = y;
        _finite = finite;
    }

    public static Point Infinity => default;

    public static Point Generator { get; } = new(
        new FieldElement(0x59F2815B16F81798, 0x029BFCDB2DCE28D9, 0x55A06295CE870B07, 0x79BE667EF9DCBBAC),
        new FieldElement(0x9C47D08FFB10D4B8, 0xFD17B448A6855419, 0x5DA4FBFC0E1108A8, 0x483ADA7726A3C465),
        true);

    public bool IsInfinity => !_finite;

    /// <summary>True when y is odd (undefined for infinity: false).</summary>
    public bool HasOddY => _finite && Y.IsOdd;

    /// <summary>k·G, constant-time in k (precomputed table, constant-time lookups).</summary>
    public static Point BaseMul(Scalar k) => FromProjective(ConstantTimeMul.BaseMul(k));

    /// <summary>k·G for a public k.</summary>
    public static Point BaseMulVar(Scalar k) => FromProjective(VarTimeMul.BaseMul(k));

    /// <summary>k·P, constant-time in k.</summary>
    public static Point operator *(Scalar k, Point p) => FromProjective(ConstantTimeMul.Mul(k, p.ToProjective()));

    /// <summary>k·P for a public k.</summary>
    public Point MulVar(Scalar k) => FromProjective(VarTimeMul.MultiMul([k], [this], null));

    /// <summary>a·G + b·P for public a, b (signature verification).</summary>
    public static Point DoubleMulVar(Scalar a, Scalar b, Point p) => FromProjective(VarTimeMul.MultiMul([b], [p], a));

    /// <summary>Σ kᵢ·Pᵢ for public scalars (commitment checks). Lengths must match.</summary>
    public static Point MultiMulVar(ReadOnlySpan<Scalar> scalars, ReadOnlySpan<Point> points)
    {
        if (scalars.Length != points.Length)
        {
            throw new ArgumentException("scalars and points must have the same length", nameof(points));
        }

        return FromProjective(VarTimeMul.MultiMul(scalars, points, null));
    }

    public static Point operator +(Point a, Point b) =>
        FromProjective(ProjectivePoint.Add(a.ToProjective(), b.ToProjective()));

    public static Point operator -(Point a, Point b) =>
        FromProjective(ProjectivePoint.Add(a.ToProjective(), b.ToProjective().Negate()));

    public static Point operator -(Point a) => new(a.X, -a.Y, a._finite);

    internal ProjectivePoint ToProjective() => ProjectivePoint.FromAffine(X, Y, _finite);

    internal static Point FromProjective(in ProjectivePoint p)
    {
        p.ToAffine(out var x, out var y, out bool finite);
        return new Point(x, y, finite);
    }

    public bool Equals(Point other) =>
        _finite == other._finite && (!_finite || (X.Equals(other.X) && Y.Equals(other.Y)));

    public override bool Equals(object? obj) => obj is Point p && Equals(p);

    public override int GetHashCode() =>
        _finite ? HashCode.Combine(X.L0, X.L1, X.L2, X.L3, Y.L0 & 1) : 0;

    /// <summary>Compressed hex, or "infinity". Points are public.</summary>
    public override string ToString() => _finite ? Convert.ToHexStringLower(ToCompressed()) : "infinity";

    public static bool operator ==(Point left, Point right) => left.Equals(right);
    public static bool operator !=(Point left, Point right) => !left.Equals(right);
}
