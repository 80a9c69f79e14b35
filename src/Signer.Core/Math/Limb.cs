using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace DltSigner.Core.Math;

/// <summary>
/// 64-bit limb primitives shared by <see cref="FieldElement"/> and <see cref="Scalar"/>.
/// Constant-time: carries and borrows come from bit formulas (no comparisons, no branches), and
/// every "mask" is either 0 or all ones.
/// </summary>
internal static class Limb
{
    /// <summary>a + b + carry (carry 0 or 1); carry receives the carry out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddC(ulong a, ulong b, ref ulong carry)
    {
        ulong s = a + b + carry;
        carry = ((a & b) | ((a | b) & ~s)) >> 63;
        return s;
    }

    /// <summary>a − b − borrow (borrow 0 or 1); borrow receives the borrow out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SubB(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b - borrow;
        borrow = ((~a & b) | (~(a ^ b) & d)) >> 63;
        return d;
    }

    /// <summary>Low word of a·b + c + carry; carry receives the high word (never overflows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulAdd(ulong a, ulong b, ulong c, ref ulong carry)
    {
        ulong hi = MulHigh(a, b);
        ulong lo = a * b;
        ulong s = lo + c;
        hi += CarryOut(lo, s);
        ulong s2 = s + carry;
        hi += CarryOut(s, s2);
        carry = hi;
        return s2;
    }

    /// <summary>
    /// High word of a·b. The hardware intrinsics keep both halves in registers and cost the JIT no
    /// inlining budget (BigMul's out-parameter form spills; its UInt128 form needs shift calls once
    /// the budget of a large method is spent). The checks are JIT-time constants.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulHigh(ulong a, ulong b)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.MultiplyNoFlags(a, b);
        }

        if (ArmBase.Arm64.IsSupported)
        {
            return ArmBase.Arm64.MultiplyHigh(a, b);
        }

        return System.Math.BigMul(a, b, out _);
    }

    /// <summary>
    /// The carry (0 or 1) out of s = a + b (no carry-in): s &lt; a. A comparison used as a value compiles to
    /// cmp/setb (no branch) in every JIT tier, unlike a conditional expression.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong CarryOut(ulong a, ulong s) => Unsafe.BitCast<bool, byte>(s < a);

    /// <summary>Reads 32 big-endian bytes as four little-endian-ordered limbs (l0 least significant).</summary>
    public static void ReadBigEndian(ReadOnlySpan<byte> bytes, out ulong l0, out ulong l1, out ulong l2, out ulong l3)
    {
        l3 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        l2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        l1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        l0 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>Writes four limbs (l0 least significant) as 32 big-endian bytes.</summary>
    public static void WriteBigEndian(Span<byte> destination, ulong l0, ulong l1, ulong l2, ulong l3)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, l3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], l2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], l1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], l0);
    }

    /// <summary>All ones when x is zero, else zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZeroMask(ulong x) => ((x | (0 - x)) >> 63) - 1;

    /// <summary>All ones when b is true, else zero (no branch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mask(bool b) => 0 - (ulong)Unsafe.BitCast<bool, byte>(b);

    /// <summary>Full 256×256 → 512-bit schoolbook product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Mul(
        ulong a0, ulong a1, ulong a2, ulong a3,
        ulong b0, ulong b1, ulong b2, ulong b3,
        out ulong t0, out ulong t1, out ulong t2, out ulong t3,
        out ulong t4, out ulong t5, out ulong t6, out ulong t7)
    {
        ulong c = 0;
        t0 = MulAdd(a0, b0, 0, ref c);
        t1 = MulAdd(a0, b1, 0, ref c);
        t2 = MulAdd(a0, b2, 0, ref c);
        t3 = MulAdd(a0, b3, 0, ref c);
        t4 = c;

        c = 0;
        t1 = MulAdd(a1, b0, t1, ref c);
        t2 = MulAdd(a1, b1, t2, ref c);
        t3 = MulAdd(a1, b2, t3, ref c);
        t4 = MulAdd(a1, b3, t4, ref c);
        t5 = c;

        c = 0;
        t2 = MulAdd(a2, b0, t2, ref c);
        t3 = MulAdd(a2, b1, t3, ref c);
        t4 = MulAdd(a2, b2, t4, ref c);
        t5 = MulAdd(a2, b3, t5, ref c);
        t6 = c;

        c = 0;
        t3 = MulAdd(a3, b0, t3, ref c);
        t4 = MulAdd(a3, b1, t4, ref c);
        t5 = MulAdd(a3, b2, t5, ref c);
        t6 = MulAdd(a3, b3, t6, ref c);
        t7 = c;
    }

    /// <summary>
    /// r = a + b mod m for a, b &lt; m (m &gt; 2^255): add, then subtract m when the sum carried out or is ≥ m.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddMod(
        ulong a0, ulong a1, ulong a2, ulong a3,
        ulong b0, ulong b1, ulong b2, ulong b3,
        ulong m0, ulong m1, ulong m2, ulong m3,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        ulong k = 0;
        r0 = AddC(a0, b0, ref k);
        r1 = AddC(a1, b1, ref k);
        r2 = AddC(a2, b2, ref k);
        r3 = AddC(a3, b3, ref k);
        ReduceOnce(ref r0, ref r1, ref r2, ref r3, k, m0, m1, m2, m3);
    }

    /// <summary>r = a − b mod m for a, b &lt; m: subtract, then add m back when it borrowed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SubMod(
        ulong a0, ulong a1, ulong a2, ulong a3,
        ulong b0, ulong b1, ulong b2, ulong b3,
        ulong m0, ulong m1, ulong m2, ulong m3,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        ulong bw = 0;
        r0 = SubB(a0, b0, ref bw);
        r1 = SubB(a1, b1, ref bw);
        r2 = SubB(a2, b2, ref bw);
        r3 = SubB(a3, b3, ref bw);
        ulong mask = 0 - bw;
        ulong k = 0;
        r0 = AddC(r0, m0 & mask, ref k);
        r1 = AddC(r1, m1 & mask, ref k);
        r2 = AddC(r2, m2 & mask, ref k);
        r3 = AddC(r3, m3 & mask, ref k);
    }

    /// <summary>
    /// For a value v = carry·2^256 + r &lt; 2m: replaces r by v mod m (subtracts m at most once).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReduceOnce(
        ref ulong r0, ref ulong r1, ref ulong r2, ref ulong r3, ulong carry,
        ulong m0, ulong m1, ulong m2, ulong m3)
    {
        ulong bw = 0;
        ulong d0 = SubB(r0, m0, ref bw);
        ulong d1 = SubB(r1, m1, ref bw);
        ulong d2 = SubB(r2, m2, ref bw);
        ulong d3 = SubB(r3, m3, ref bw);
        // Take the difference when the value carried out of 256 bits or did not borrow (v ≥ m).
        ulong take = (0 - carry) | (bw - 1);
        r0 = (d0 & take) | (r0 & ~take);
        r1 = (d1 & take) | (r1 & ~take);
        r2 = (d2 & take) | (r2 & ~take);
        r3 = (d3 & take) | (r3 & ~take);
    }

    /// <summary>All ones when (a0..a3) &lt; (m0..m3), else zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LessThanMask(
        ulong a0, ulong a1, ulong a2, ulong a3, ulong m0, ulong m1, ulong m2, ulong m3)
    {
        ulong bw = 0;
        _ = SubB(a0, m0, ref bw);
        _ = SubB(a1, m1, ref bw);
        _ = SubB(a2, m2, ref bw);
        _ = SubB(a3, m3, ref bw);
        return 0 - bw;
    }
}
