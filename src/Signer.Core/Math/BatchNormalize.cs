namespace DltSigner.Core.Math;

/// <summary>
/// Affine conversion of many projective points with one inversion (Montgomery's trick:
/// invert the product of all Z, then peel off each inverse with two multiplications).
/// Constant-time given the count; every Z must be non-zero (no point at infinity).
/// </summary>
internal static class BatchNormalize
{
    public static void ToAffine(ReadOnlySpan<ProjectivePoint> points, Span<FieldElement> xs, Span<FieldElement> ys)
    {
        int n = points.Length;
        if (n == 0)
        {
            return;
        }

        // prefix[i] = Z_0 · … · Z_i
        var prefix = new FieldElement[n];
        prefix[0] = points[0].Z;
        for (int i = 1; i < n; i++)
        {
            prefix[i] = prefix[i - 1] * points[i].Z;
        }

        FieldElement inv = prefix[n - 1].Invert();
        for (int i = n - 1; i >= 0; i--)
        {
            FieldElement zInv = i == 0 ? inv : inv * prefix[i - 1];
            inv *= points[i].Z;
            xs[i] = points[i].X * zInv;
            ys[i] = points[i].Y * zInv;
        }
    }
}
