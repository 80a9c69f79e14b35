using System.Buffers;

namespace DltSigner.Core.Math;

/// <summary>
/// Affine conversion of many points with one inversion (Montgomery's trick: invert the product of
/// all Z, then peel off each inverse with two multiplications). Constant-time given the count when
/// variableTime is false; every Z must be non-zero (no point at infinity).
/// </summary>
internal static class BatchNormalize
{
    /// <summary>Replaces every z by 1/z.</summary>
    public static void InvertAll(Span<FieldElement> zs, bool variableTime)
    {
        int n = zs.Length;
        if (n == 0)
        {
            return;
        }

        // prefix[i] = z_0 · … · z_i
        var rented = ArrayPool<FieldElement>.Shared.Rent(n);
        var prefix = rented.AsSpan(0, n);
        prefix[0] = zs[0];
        for (int i = 1; i < n; i++)
        {
            prefix[i] = prefix[i - 1] * zs[i];
        }

        FieldElement inv = variableTime ? prefix[n - 1].InvertVar() : prefix[n - 1].Invert();
        for (int i = n - 1; i > 0; i--)
        {
            FieldElement zInv = inv * prefix[i - 1];
            inv *= zs[i];
            zs[i] = zInv;
        }

        zs[0] = inv;
        ArrayPool<FieldElement>.Shared.Return(rented, clearArray: !variableTime);
    }

    /// <summary>Projective (X : Y : Z) → (X/Z, Y/Z).</summary>
    public static void ToAffine(ReadOnlySpan<ProjectivePoint> points, Span<FieldElement> xs, Span<FieldElement> ys, bool variableTime)
    {
        var rented = ArrayPool<FieldElement>.Shared.Rent(points.Length);
        var zs = rented.AsSpan(0, points.Length);
        for (int i = 0; i < zs.Length; i++)
        {
            zs[i] = points[i].Z;
        }

        InvertAll(zs, variableTime);
        for (int i = 0; i < zs.Length; i++)
        {
            xs[i] = points[i].X * zs[i];
            ys[i] = points[i].Y * zs[i];
        }

        ArrayPool<FieldElement>.Shared.Return(rented, clearArray: !variableTime);
    }

    /// <summary>Jacobian (X : Y : Z) → (X/Z², Y/Z³).</summary>
    public static void ToAffine(ReadOnlySpan<JacobianPoint> points, Span<FieldElement> xs, Span<FieldElement> ys, bool variableTime)
    {
        var rented = ArrayPool<FieldElement>.Shared.Rent(points.Length);
        var zs = rented.AsSpan(0, points.Length);
        for (int i = 0; i < zs.Length; i++)
        {
            zs[i] = points[i].Z;
        }

        InvertAll(zs, variableTime);
        for (int i = 0; i < zs.Length; i++)
        {
            FieldElement z2 = zs[i].Sqr();
            xs[i] = points[i].X * z2;
            ys[i] = points[i].Y * z2 * zs[i];
        }

        ArrayPool<FieldElement>.Shared.Return(rented, clearArray: !variableTime);
    }
}
