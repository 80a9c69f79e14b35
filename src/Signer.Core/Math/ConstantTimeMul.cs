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

    /// <summary>k·P with a fixed 4-bit window: table of 0..15·P, 4 doublings and one addition per window.</summary>
    public static ProjectivePoint Mul(in Scalar k, in ProjectivePoint p)
    {
        Span<ProjectivePoint> table = stackalloc ProjectivePoint[WindowSize];
        table[0] = ProjectivePoint.Infinity;
        table[1] = p;
        for (int i = 2; i < WindowSize; i++)
        {
            table[i] = (i & 1) == 0 ? table[i / 2].Double() : ProjectivePoint.Add(table[i - 1], p);
        }

        ProjectivePoint r = ProjectivePoint.Infinity;
        for (int w = Windows - 1; w >= 0; w--)
        {
            if (w != Windows - 1)
            {
                r = r.Double().Double().Double().Double();
            }

            int d = k.Nibble(w);
            ProjectivePoint e = table[0];
            for (int j = 1; j < WindowSize; j++)
            {
                e = ProjectivePoint.Select(e, table[j], Limb.ZeroMask((ulong)(j ^ d)));
            }

            r = ProjectivePoint.Add(r, e);
        }

        table.Clear();
        return r;
    }
}
