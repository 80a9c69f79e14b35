using System.Runtime.CompilerServices;

namespace DltSigner.Core.Math;

/// <summary>
/// An element of F_p, p = 2^256 − 2^32 − 977, as four 64-bit limbs, always fully reduced (&lt; p).
/// Constant-time: every operation here (including Invert, Sqrt, IsZero, Equals, Select) runs the same
/// instructions and memory accesses for every value, except <see cref="InvertVar"/> (variable-time,
/// public values only). <see cref="TryFromBytes"/>'s return value (whether the input was canonical)
/// depends on the data, which is public in every caller.
/// </summary>
internal readonly struct FieldElement
{
    // p, little-endian limbs.
    private const ulong P0 = 0xFFFFFFFEFFFFFC2F;
    private const ulong PMax = 0xFFFFFFFFFFFFFFFF;

    // 2^256 ≡ 2^32 + 977 = 0x1000003D1 (mod p).
    private const ulong C = 0x1000003D1;

    internal readonly ulong L0, L1, L2, L3;

    internal FieldElement(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public static FieldElement Zero => default;

    public static FieldElement One => new(1, 0, 0, 0);

    public static FieldElement FromUInt64(ulong v) => new(v, 0, 0, 0);

    /// <summary>Strict: exactly 32 big-endian bytes with value &lt; p.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out FieldElement fe)
    {
        if (bytes.Length != 32)
        {
            fe = default;
            return false;
        }

        Limb.ReadBigEndian(bytes, out ulong l0, out ulong l1, out ulong l2, out ulong l3);
        fe = new FieldElement(l0, l1, l2, l3);
        return Limb.LessThanMask(l0, l1, l2, l3, P0, PMax, PMax, PMax) != 0;
    }

    public void WriteBytes(Span<byte> destination) => Limb.WriteBigEndian(destination, L0, L1, L2, L3);

    public byte[] ToBytes()
    {
        var b = new byte[32];
        WriteBytes(b);
        return b;
    }

    public bool IsZero => (Limb.ZeroMask(L0 | L1 | L2 | L3) & 1) != 0;

    public bool IsOdd => (L0 & 1) != 0;

    /// <summary>All ones when zero, else zero.</summary>
    internal ulong ZeroMask => Limb.ZeroMask(L0 | L1 | L2 | L3);

    /// <summary>Constant-time equality (values are always reduced, so limbs compare directly).</summary>
    public bool Equals(FieldElement o) =>
        (Limb.ZeroMask((L0 ^ o.L0) | (L1 ^ o.L1) | (L2 ^ o.L2) | (L3 ^ o.L3)) & 1) != 0;

    /// <summary>Returns b when mask is all ones, a when mask is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Select(in FieldElement a, in FieldElement b, ulong mask) => new(
        (a.L0 & ~mask) | (b.L0 & mask),
        (a.L1 & ~mask) | (b.L1 & mask),
        (a.L2 & ~mask) | (b.L2 & mask),
        (a.L3 & ~mask) | (b.L3 & mask));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement operator +(in FieldElement a, in FieldElement b)
    {
        Limb.AddMod(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, P0, PMax, PMax, PMax,
            out ulong r0, out ulong r1, out ulong r2, out ulong r3);
        return new FieldElement(r0, r1, r2, r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement operator -(in FieldElement a, in FieldElement b)
    {
        Limb.SubMod(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, P0, PMax, PMax, PMax,
            out ulong r0, out ulong r1, out ulong r2, out ulong r3);
        return new FieldElement(r0, r1, r2, r3);
    }

    public static FieldElement operator -(in FieldElement a) => Zero - a;

    /// <remarks>
    /// Never inlined: compiled once with every limb helper inlined. Inlined into the point formulas it
    /// exhausts the JIT's inlining budget there, and the helpers (BigMul, UInt128 shifts) become calls.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FieldElement operator *(in FieldElement a, in FieldElement b)
    {
        Limb.Mul(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3,
            out ulong t0, out ulong t1, out ulong t2, out ulong t3,
            out ulong t4, out ulong t5, out ulong t6, out ulong t7);
        return Reduce(t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>
    /// a². Measured: the general product is faster than a dedicated squaring here (the doubling of the
    /// cross products serialises the carry chain), so this is a·a.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FieldElement Sqr() => this * this;

    /// <summary>a·m for a small constant m (curve constant b3 = 21). Not inlined, like the product.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public FieldElement MulSmall(uint m)
    {
        ulong c = 0;
        ulong r0 = Limb.MulAdd(L0, m, 0, ref c);
        ulong r1 = Limb.MulAdd(L1, m, 0, ref c);
        ulong r2 = Limb.MulAdd(L2, m, 0, ref c);
        ulong r3 = Limb.MulAdd(L3, m, 0, ref c);
        return Fold(r0, r1, r2, r3, c);
    }

    /// <summary>Reduces t (512 bits) using 2^256 ≡ C: t_lo + t_hi·C, then folds the small top word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement Reduce(
        ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7)
    {
        ulong c = 0;
        ulong r0 = Limb.MulAdd(t4, C, t0, ref c);
        ulong r1 = Limb.MulAdd(t5, C, t1, ref c);
        ulong r2 = Limb.MulAdd(t6, C, t2, ref c);
        ulong r3 = Limb.MulAdd(t7, C, t3, ref c);
        return Fold(r0, r1, r2, r3, c);
    }

    /// <summary>Reduces top·2^256 + r (top &lt; 2^64) to a canonical element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement Fold(ulong r0, ulong r1, ulong r2, ulong r3, ulong top)
    {
        ulong hi = Limb.MulHigh(top, C);
        ulong lo = top * C;
        ulong k = 0;
        r0 = Limb.AddC(r0, lo, ref k);
        r1 = Limb.AddC(r1, hi, ref k);
        r2 = Limb.AddC(r2, 0, ref k);
        r3 = Limb.AddC(r3, 0, ref k);

        // A carry out means the wrapped value is tiny (< 2^98), so adding C once more cannot carry.
        ulong k2 = 0;
        r0 = Limb.AddC(r0, C & (0 - k), ref k2);
        r1 = Limb.AddC(r1, 0, ref k2);
        r2 = Limb.AddC(r2, 0, ref k2);
        r3 = Limb.AddC(r3, 0, ref k2);

        Limb.ReduceOnce(ref r0, ref r1, ref r2, ref r3, 0, P0, PMax, PMax, PMax);
        return new FieldElement(r0, r1, r2, r3);
    }

    private FieldElement SqrN(int n)
    {
        FieldElement r = this;
        for (int i = 0; i < n; i++)
        {
            r = r.Sqr();
        }

        return r;
    }

    /// <summary>
    /// a^(2^k − 1) for the blocks of ones used by Invert and Sqrt (libsecp256k1's addition chain:
    /// 1, 2, 3, 6, 9, 11, 22, 44, 88, 176, 220, 223).
    /// </summary>
    private void OnesChain(out FieldElement x2, out FieldElement x22, out FieldElement x223)
    {
        FieldElement a = this;
        x2 = a.Sqr() * a;
        FieldElement x3 = x2.Sqr() * a;
        FieldElement x6 = x3.SqrN(3) * x3;
        FieldElement x9 = x6.SqrN(3) * x3;
        FieldElement x11 = x9.SqrN(2) * x2;
        x22 = x11.SqrN(11) * x11;
        FieldElement x44 = x22.SqrN(22) * x22;
        FieldElement x88 = x44.SqrN(44) * x44;
        FieldElement x176 = x88.SqrN(88) * x88;
        FieldElement x220 = x176.SqrN(44) * x44;
        x223 = x220.SqrN(3) * x3;
    }

    /// <summary>a^(p−2) (Fermat), constant-time; the inverse of zero is zero.</summary>
    public FieldElement Invert()
    {
        // p − 2 = [223 ones] 0 [22 ones] 0000 1 0 11 0 1.
        OnesChain(out var x2, out var x22, out var x223);
        FieldElement t = x223.SqrN(23) * x22;
        t = t.SqrN(5) * this;
        t = t.SqrN(3) * x2;
        return t.SqrN(2) * this;
    }

    /// <summary>Variable-time inverse (binary GCD) for public values only; the inverse of zero is zero.</summary>
    public FieldElement InvertVar()
    {
        BinaryGcd.Invert(L0, L1, L2, L3, P0, PMax, PMax, PMax, out ulong r0, out ulong r1, out ulong r2, out ulong r3);
        return new FieldElement(r0, r1, r2, r3);
    }

    /// <summary>
    /// Square root a^((p+1)/4) (p ≡ 3 mod 4); the returned flag says whether it really is one
    /// (r² = a). Constant-time.
    /// </summary>
    public bool Sqrt(out FieldElement root)
    {
        // (p + 1)/4 = [223 ones] 0 [22 ones] 0000 11 00.
        OnesChain(out var x2, out var x22, out var x223);
        FieldElement t = x223.SqrN(23) * x22;
        t = t.SqrN(6) * x2;
        root = t.SqrN(2);
        return root.Sqr().Equals(this);
    }

    public override string ToString() => Convert.ToHexString(ToBytes());
}
