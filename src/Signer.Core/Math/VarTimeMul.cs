using System.Buffers;

namespace DltSigner.Core.Math;

/// <summary>
/// Scalar multiplication for PUBLIC scalars and points only (verification, commitment checks):
/// variable-time — wNAF recoding, table indices and skipped additions depend on the scalars.
/// Σ kᵢ·Pᵢ (+ g·G) by Strauss–Shamir interleaving: one shared chain of doublings over 128-bit halves
/// of every scalar (GLV split, <see cref="Endomorphism"/>), wNAF width 5 for each Pᵢ and φ(Pᵢ) (odd
/// multiples 1..15, made affine with one batched inversion), width 8 for G and φ(G) (precomputed);
/// Jacobian coordinates with mixed additions (<see cref="JacobianPoint"/>).
/// </summary>
internal static class VarTimeMul
{
    private const int WindowP = 5;
    private const int TableP = 1 << (WindowP - 2);
    private const int MaxDigits = 257;

    /// <summary>k·G with the comb table, skipping zero windows (at most 64 mixed additions).</summary>
    public static JacobianPoint BaseMul(in Scalar k)
    {
        var table = GeneratorTables.Comb;
        JacobianPoint r = JacobianPoint.Infinity;
        for (int w = 0; w < GeneratorTables.CombWindows; w++)
        {
            int d = k.Nibble(w);
            if (d != 0)
            {
                int i = (w * GeneratorTables.CombWindowSize) + d;
                r = JacobianPoint.AddAffine(r, table.X[i], table.Y[i]);
            }
        }

        return r;
    }

    /// <summary>Σ scalars[i]·points[i] + g·G (g optional). Scratch buffers come from the shared array pools.</summary>
    public static JacobianPoint MultiMul(ReadOnlySpan<Scalar> scalars, ReadOnlySpan<Point> points, Scalar? g)
    {
        int[] active = ArrayPool<int>.Shared.Rent(scalars.Length);
        JacobianPoint[] jac = [];
        FieldElement[] tx = [], ty = [], txBeta = [];
        sbyte[] digits = [];
        Stream[] streams = [];
        try
        {
            // Terms with a zero scalar or the point at infinity contribute nothing.
            int m = 0;
            for (int i = 0; i < scalars.Length; i++)
            {
                if (!scalars[i].IsZero && !points[i].IsInfinity)
                {
                    active[m++] = i;
                }
            }

            int entries = m * TableP;
            jac = ArrayPool<JacobianPoint>.Shared.Rent(entries);
            for (int t = 0; t < m; t++)
            {
                OddMultiples(points[active[t]], jac.AsSpan(t * TableP, TableP));
            }

            // All tables to affine with one (variable-time) inversion, so the main loop uses mixed additions;
            // φ(table) = (β·x, y) gives the tables of φ(Pᵢ) for one multiplication each.
            tx = ArrayPool<FieldElement>.Shared.Rent(entries);
            ty = ArrayPool<FieldElement>.Shared.Rent(entries);
            txBeta = ArrayPool<FieldElement>.Shared.Rent(entries);
            BatchNormalize.ToAffine(jac.AsSpan(0, entries), tx, ty, variableTime: true);
            for (int e = 0; e < entries; e++)
            {
                txBeta[e] = tx[e] * Endomorphism.Beta;
            }

            // Two streams per term (k = r1 + λ·r2): r1 on Pᵢ, r2 on φ(Pᵢ); a negative half negates its point.
            int streamCount = (2 * m) + (g is null ? 0 : 2);
            streams = ArrayPool<Stream>.Shared.Rent(streamCount);
            digits = ArrayPool<sbyte>.Shared.Rent(streamCount * MaxDigits);
            int top = 0;
            for (int t = 0; t < m; t++)
            {
                Endomorphism.Split(scalars[active[t]], out var r1, out var r2);
                top = System.Math.Max(top, AddStream(streams, digits, 2 * t, r1, tx, ty, t * TableP, WindowP));
                top = System.Math.Max(top, AddStream(streams, digits, (2 * t) + 1, r2, txBeta, ty, t * TableP, WindowP));
            }

            if (g is { } gs)
            {
                Endomorphism.Split(gs, out var r1, out var r2);
                var gt = GeneratorTables.OddMultiples;
                var gtBeta = GeneratorTables.OddMultiplesBeta;
                top = System.Math.Max(top, AddStream(streams, digits, 2 * m, r1, gt.X, gt.Y, 0, GeneratorTables.OddWindow));
                top = System.Math.Max(top, AddStream(streams, digits, (2 * m) + 1, r2, gtBeta.X, gtBeta.Y, 0, GeneratorTables.OddWindow));
            }

            JacobianPoint r = JacobianPoint.Infinity;
            for (int bit = top - 1; bit >= 0; bit--)
            {
                r = r.Double();
                for (int s = 0; s < streamCount; s++)
                {
                    int d = digits[(s * MaxDigits) + bit];
                    if (d != 0)
                    {
                        ref readonly Stream st = ref streams[s];
                        int e = st.TableOffset + (System.Math.Abs(d) >> 1);
                        r = JacobianPoint.AddAffine(r, st.X[e], (d < 0) != st.Negate ? -st.Y[e] : st.Y[e]);
                    }
                }
            }

            return r;
        }
        finally
        {
            // Public data only: the buffers go back without clearing (streams hold array references).
            ArrayPool<int>.Shared.Return(active);
            ArrayPool<JacobianPoint>.Shared.Return(jac);
            ArrayPool<FieldElement>.Shared.Return(tx);
            ArrayPool<FieldElement>.Shared.Return(ty);
            ArrayPool<FieldElement>.Shared.Return(txBeta);
            ArrayPool<sbyte>.Shared.Return(digits);
            ArrayPool<Stream>.Shared.Return(streams, clearArray: true);
        }
    }

    /// <summary>Records a stream for the half-scalar h (taken as |h| with a sign flag); returns its digit count.</summary>
    private static int AddStream(
        Stream[] streams, sbyte[] digits, int index, Scalar h, FieldElement[] x, FieldElement[] y, int tableOffset, int window)
    {
        bool negate = h.IsHigh;
        if (negate)
        {
            h = -h;
        }

        streams[index] = new Stream(x, y, tableOffset, negate);
        return Wnaf(h, window, digits.AsSpan(index * MaxDigits, MaxDigits));
    }

    private readonly record struct Stream(FieldElement[] X, FieldElement[] Y, int TableOffset, bool Negate);

    /// <summary>table[j] = (2j + 1)·p for a finite p (never infinity: n is prime and 2j + 1 &lt; n).</summary>
    private static void OddMultiples(in Point p, Span<JacobianPoint> table)
    {
        var p1 = JacobianPoint.FromAffine(p.X, p.Y);
        var p2 = p1.Double();
        table[0] = p1;
        for (int j = 1; j < table.Length; j++)
        {
            table[j] = JacobianPoint.Add(table[j - 1], p2);
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
