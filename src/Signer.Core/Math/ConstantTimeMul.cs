namespace DltSigner.Core.Math;

/// <summary>
/// Scalar multiplication for secret scalars. Constant-time in the scalar and in the point: a fixed
/// sequence of complete additions/doublings (<see cref="ProjectivePoint"/>), table lookups that read
/// every entry and keep one with masks, no branch or memory index depending on secret data.
/// </summary>
internal static class ConstantTimeMul
{
    private const int Windows = GeneratorTables.CombWindows;
    private const int WindowSize = GeneratorTables.CombWindowSize;

    /// <summary>4-bit windows covering the GLV halves of k·P (&lt; 2^128, plus one spare window).</summary>
    private const int HalfWindows = 33;

    /// <summary>
    /// k·G as Σ_w T[w][k_w] with k_w the 4-bit windows of k and T[w][d] = d·16^w·G precomputed:
    /// 64 mixed complete additions, no doublings.
    /// </summary>
    public static ProjectivePoint BaseMul(in Scalar k)
    {
        var table = GeneratorTables.Comb;
        ProjectivePoint r = ProjectivePoint.Infinity;
        for (int w = 0; w < Windows; w++)
        {
            int d = k.Nibble(w);
            FieldElement x = default, y = default;
            int row = w * WindowSize;
            for (int j = 1; j < WindowSize; j++)
            {
                ulong m = Limb.ZeroMask((ulong)(j ^ d));
                x = FieldElement.Select(x, table.X[row + j], m);
                y = FieldElement.Select(y, table.Y[row + j], m);
            }

            // Digit 0 adds nothing: compute the sum with some entry anyway and keep r by mask.
            ulong take = ~Limb.ZeroMask((ulong)d);
            x = FieldElement.Select(table.X[row + 1], x, take);
            y = FieldElement.Select(table.Y[row + 1], y, take);
            r = ProjectivePoint.Select(r, ProjectivePoint.AddAffine(r, x, y), take);
        }

        return r;
    }

    /// <summary>
    /// k·P: split k = r1 + λ·r2 with |r1|, |r2| &lt; 2^128 (<see cref="Endomorphism"/>), take absolute
    /// values with masked negations, then a fixed 4-bit window over 33 windows on P and φ(P) = (β·X : Y : Z):
    /// 4 doublings and two complete additions per window, signs applied to the looked-up points by mask.
    /// </summary>
    public static ProjectivePoint Mul(in Scalar k, in ProjectivePoint p)
    {
        Endomorphism.Split(k, out var r1, out var r2);
        ulong neg1 = Limb.Mask(r1.IsHigh);
        ulong neg2 = Limb.Mask(r2.IsHigh);
        r1 = Scalar.Select(r1, -r1, neg1);
        r2 = Scalar.Select(r2, -r2, neg2);

        Span<ProjectivePoint> table = stackalloc ProjectivePoint[WindowSize];
        Span<ProjectivePoint> tableBeta = stackalloc ProjectivePoint[WindowSize];
        try
        {
            table[0] = ProjectivePoint.Infinity;
            table[1] = p;
            for (int i = 2; i < WindowSize; i++)
            {
                table[i] = (i & 1) == 0 ? table[i / 2].Double() : ProjectivePoint.Add(table[i - 1], p);
            }

            for (int i = 0; i < WindowSize; i++)
            {
                tableBeta[i] = new ProjectivePoint(table[i].X * Endomorphism.Beta, table[i].Y, table[i].Z);
            }

            ProjectivePoint r = ProjectivePoint.Infinity;
            for (int w = HalfWindows - 1; w >= 0; w--)
            {
                if (w != HalfWindows - 1)
                {
                    r = r.Double().Double().Double().Double();
                }

                r = ProjectivePoint.Add(r, Lookup(table, r1.Nibble(w), neg1));
                r = ProjectivePoint.Add(r, Lookup(tableBeta, r2.Nibble(w), neg2));
            }

            return r;
        }
        finally
        {
            table.Clear();
            tableBeta.Clear();
        }
    }

    /// <summary>table[d], negated when neg is all ones; reads every entry.</summary>
    private static ProjectivePoint Lookup(ReadOnlySpan<ProjectivePoint> table, int d, ulong neg)
    {
        ProjectivePoint e = table[0];
        for (int j = 1; j < table.Length; j++)
        {
            e = ProjectivePoint.Select(e, table[j], Limb.ZeroMask((ulong)(j ^ d)));
        }

        return new ProjectivePoint(e.X, FieldElement.Select(e.Y, -e.Y, neg), e.Z);
    }
}
