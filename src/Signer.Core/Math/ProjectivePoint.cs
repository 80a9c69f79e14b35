using System.Runtime.CompilerServices;

namespace DltSigner.Core.Math;

/// <summary>
/// A secp256k1 point in homogeneous projective coordinates (X : Y : Z), x = X/Z, y = Y/Z; infinity
/// is (0 : 1 : 0). Addition and doubling use the complete formulas of Renes, Costello and Batina,
/// "Complete addition formulas for prime order elliptic curves" (EUROCRYPT 2016, ePrint 2015/1060),
/// Algorithms 7, 8 and 9 for a = 0, b3 = 3·b = 21: valid for every input pair (equal points, inverse
/// points, infinity), so they are straight-line code with no branches on the points.
/// Constant-time: everything here.
/// </summary>
internal readonly struct ProjectivePoint
{
    private const uint B3 = 21;

    public readonly FieldElement X, Y, Z;

    public ProjectivePoint(in FieldElement x, in FieldElement y, in FieldElement z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static ProjectivePoint Infinity => new(FieldElement.Zero, FieldElement.One, FieldElement.Zero);

    /// <summary>From affine (x, y); infinity maps to (0 : 1 : 0) without a branch.</summary>
    public static ProjectivePoint FromAffine(in FieldElement x, in FieldElement y, bool finite)
    {
        ulong inf = ~Limb.Mask(finite);
        return new ProjectivePoint(
            FieldElement.Select(x, FieldElement.Zero, inf),
            FieldElement.Select(y, FieldElement.One, inf),
            FieldElement.Select(FieldElement.One, FieldElement.Zero, inf));
    }

    public ProjectivePoint Negate() => new(X, -Y, Z);

    /// <summary>Returns b when mask is all ones, a when zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ProjectivePoint Select(in ProjectivePoint a, in ProjectivePoint b, ulong mask) => new(
        FieldElement.Select(a.X, b.X, mask),
        FieldElement.Select(a.Y, b.Y, mask),
        FieldElement.Select(a.Z, b.Z, mask));

    /// <summary>Complete addition, RCB16 Algorithm 7 (12M + 2m_b3).</summary>
    public static ProjectivePoint Add(in ProjectivePoint p, in ProjectivePoint q)
    {
        FieldElement t0 = p.X * q.X;
        FieldElement t1 = p.Y * q.Y;
        FieldElement t2 = p.Z * q.Z;
        FieldElement t3 = p.X + p.Y;
        FieldElement t4 = q.X + q.Y;
        t3 *= t4;
        t4 = t0 + t1;
        t3 -= t4;
        t4 = p.Y + p.Z;
        FieldElement x3 = q.Y + q.Z;
        t4 *= x3;
        x3 = t1 + t2;
        t4 -= x3;
        x3 = p.X + p.Z;
        FieldElement y3 = q.X + q.Z;
        x3 *= y3;
        y3 = t0 + t2;
        y3 = x3 - y3;
        x3 = t0 + t0;
        t0 = x3 + t0;
        t2 = t2.MulSmall(B3);
        FieldElement z3 = t1 + t2;
        t1 -= t2;
        y3 = y3.MulSmall(B3);
        x3 = t4 * y3;
        t2 = t3 * t1;
        x3 = t2 - x3;
        y3 *= t0;
        t1 *= z3;
        y3 = t1 + y3;
        t0 *= t3;
        z3 *= t4;
        z3 += t0;
        return new ProjectivePoint(x3, y3, z3);
    }

    /// <summary>
    /// Complete mixed addition with an affine point q = (qx, qy), which must not be infinity,
    /// RCB16 Algorithm 8 (11M + 2m_b3).
    /// </summary>
    public static ProjectivePoint AddAffine(in ProjectivePoint p, in FieldElement qx, in FieldElement qy)
    {
        FieldElement t0 = p.X * qx;
        FieldElement t1 = p.Y * qy;
        FieldElement t3 = qx + qy;
        FieldElement t4 = p.X + p.Y;
        t3 *= t4;
        t4 = t0 + t1;
        t3 -= t4;
        t4 = qy * p.Z;
        t4 += p.Y;
        FieldElement y3 = qx * p.Z;
        y3 += p.X;
        FieldElement x3 = t0 + t0;
        t0 = x3 + t0;
        FieldElement t2 = p.Z.MulSmall(B3);
        FieldElement z3 = t1 + t2;
        t1 -= t2;
        y3 = y3.MulSmall(B3);
        x3 = t4 * y3;
        t2 = t3 * t1;
        x3 = t2 - x3;
        y3 *= t0;
        t1 *= z3;
        y3 = t1 + y3;
        t0 *= t3;
        z3 *= t4;
        z3 += t0;
        return new ProjectivePoint(x3, y3, z3);
    }

    /// <summary>Complete doubling, RCB16 Algorithm 9 (6M + 2S + 1m_b3).</summary>
    public ProjectivePoint Double()
    {
        FieldElement t0 = Y.Sqr();
        FieldElement z3 = t0 + t0;
        z3 += z3;
        z3 += z3;
        FieldElement t1 = Y * Z;
        FieldElement t2 = Z.Sqr();
        t2 = t2.MulSmall(B3);
        FieldElement x3 = t2 * z3;
        FieldElement y3 = t0 + t2;
        z3 = t1 * z3;
        t1 = t2 + t2;
        t2 = t1 + t2;
        t0 -= t2;
        y3 = t0 * y3;
        y3 = x3 + y3;
        t1 = X * Y;
        x3 = t0 * t1;
        x3 += x3;
        return new ProjectivePoint(x3, y3, z3);
    }

    /// <summary>Affine (x, y) and whether the point is finite; one constant-time inversion.</summary>
    public void ToAffine(out FieldElement x, out FieldElement y, out bool finite)
    {
        FieldElement zInv = Z.Invert();
        x = X * zInv;
        y = Y * zInv;
        finite = !Z.IsZero;
    }
}
