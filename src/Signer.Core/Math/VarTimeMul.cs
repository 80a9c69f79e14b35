namespace DltSigner.Core.Math;

/// <summary>
/// Scalar multiplication for PUBLIC scalars and points only (verification, commitment checks):
/// variable-time — wNAF recoding, table indices and skipped additions depend on the scalars.
/// Σ kᵢ·Pᵢ (+ g·G) by Strauss–Shamir interleaving: one shared chain of doublings, wNAF width 5 for
/// each Pᵢ (odd multiples 1..15·Pᵢ), width 8 for G (precomputed affine odd multiples).
/// </summary>
internal static class VarTimeMul
{
    private const int WindowP = 5;
    private const int TableP = 1 << (WindowP - 2);
    private const int MaxDigits = 257;

    /// <summary>k·G with the comb table, skipping zero windows (at most 64 additions).</summary>
    public static ProjectivePoint BaseMul(in Scalar k)
    {
        var table = GeneratorTables.Comb;
        ProjectivePoint r = ProjectivePoint.Infinity;
        for (int w = 0; w < GeneratorTables.CombWindows; w++)
        {
            int d = k.Nibble(w);
            if (d != 0)
            {
                int i = (w * GeneratorTables.CombWindowSize) + d;
                r = ProjectivePoint.AddAffine(r, table.X[i], table.Y[i]);
            }
        }

        return r;
    }

    /// <summary>Σ scalars[i]·points[i] + g·G (g optional).</summary>
    public static ProjectivePoint MultiMul(ReadOnlySpan<Scalar> scalars, ReadOnlySpan<Point> points, Scalar? g)
    {
        int m = scalars.Length;
        var tables = new ProjectivePoint[m * TableP];
        var digits = new sbyte[m * MaxDigits];
        int top = 0;
        for (int i = 0; i < m; i++)
        {
            if (scalars[i].IsZero || points[i].IsInfinity)
            {
                continue;
            }

            top = System.Math.Max(top, Wnaf(scalars[i], WindowP, digits.AsSpan(i * MaxDigits, MaxDigits)));
            OddMultiples(points[i].ToProjective(), tables.AsSpan(i * TableP, TableP));
        }

        Span<sbyte> gDigits = stackalloc sbyte[MaxDigits];
        gDigits.Clear();
        if (g is { } gs)
        {
            top = System.Math.Max(top, Wnaf(gs, GeneratorTables.OddWindow, gDigits));
        }

        var gTable = GeneratorTables.OddMultiples;
        ProjectivePoint r = ProjectivePoint.Infinity;
        for (int bit = top - 1; bit >= 0; bit--)
        {
            r = r.Double();
            for (int i = 0; i < m; i++)
            {
                int d = digits[(i * MaxDigits) + bit];
                if (d > 0)
                {
                    r = ProjectivePoint.Add(r, tables[(i * TableP) + (d >> 1)]);
                }
                else if (d < 0)
                {
                    r = ProjectivePoint.Add(r, tables[(i * TableP) + (-d >> 1)].Negate());
                }
            }

            int dg = gDigits[bit];
            if (dg > 0)
            {
                r = ProjectivePoint.AddAffine(r, gTable.X[dg >> 1], gTable.Y[dg >> 1]);
            }
            else if (dg < 0)
            {
                r = ProjectivePoint.AddAffine(r, gTable.X[-dg >> 1], -gTable.Y[-dg >> 1]);
            }
        }

        return r;
    }

    /// <summary>table[j] = (2j + 1)·p.</summary>
    private static void OddMultiples(in ProjectivePoint p, Span<ProjectivePoint> table)
    {
        var p2 = p.Double();
        table[0] = p;
        for (int j = 1; j < table.Length; j++)
        {
            table[j] = ProjectivePoint.Add(table[j - 1], p2);
        }
    }

    /// <summary>
    /// Width-w NAF of k: digits[i] ∈ {0, ±1, ±3, …, ±(2^(w−1) − 1)}, Σ digits[i]·2^i = k, and any w
    /// consecutive digits hold at most one non-zero. Returns the number of digits (highest non-zero + 1).
    /// </summary>
    internal static int Wnaf(in Scalar k, int w, Span<sbyte> digits)
    {
        digits.Clear();
        Span<ulong> limbs = [k.L0, k.L1, k.L2, k.L3, 0, 0];
        int carry = 0;
        int length = 0;
        int bit = 0;
        while (bit < MaxDigits)
        {
            if (GetBits(limbs, bit, 1) == carry)
            {
                bit++;
                continue;
            }

            int word = GetBits(limbs, bit, w) + carry;
            carry = (word >> (w - 1)) & 1;
            word -= carry << w;
            digits[bit] = (sbyte)word;
            length = bit + 1;
            bit += w;
        }

        return length;
    }

    private static int GetBits(ReadOnlySpan<ulong> limbs, int bit, int count)
    {
        int idx = bit >> 6;
        int sh = bit & 63;
        ulong v = limbs[idx] >> sh;
        if (sh + count > 64)
        {
            v |= limbs[idx + 1] << (64 - sh);
        }

        return (int)(v & ((1UL << count) - 1));
    }
}
