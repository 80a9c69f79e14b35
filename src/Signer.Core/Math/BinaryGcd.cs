namespace DltSigner.Core.Math;

/// <summary>
/// Modular inverse by the binary extended Euclidean algorithm, for an odd modulus m &lt; 2^256.
/// VARIABLE-TIME: the number of iterations and every branch depend on the input. Use only for
/// public values (verification, normalising public points); secrets go through Fermat inversion.
/// </summary>
internal static class BinaryGcd
{
    /// <summary>a^-1 mod m for 0 ≤ a &lt; m (limbs little-endian); returns 0 for a = 0 (or a not invertible).</summary>
    public static void Invert(
        ulong a0, ulong a1, ulong a2, ulong a3, ulong m0, ulong m1, ulong m2, ulong m3,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        // Invariants: x1·a ≡ u and x2·a ≡ v (mod m), with u, v > 0 and x1, x2 ∈ [0, m).
        var m = new U256(m0, m1, m2, m3);
        var u = new U256(a0, a1, a2, a3);
        var v = m;
        var x1 = new U256(1, 0, 0, 0);
        var x2 = default(U256);
        if (u.IsZero)
        {
            r0 = r1 = r2 = r3 = 0;
            return;
        }

        while (!u.IsOne && !v.IsOne)
        {
            while (u.IsEven)
            {
                u.ShiftRight1(0);
                HalveMod(ref x1, m);
            }

            while (v.IsEven)
            {
                v.ShiftRight1(0);
                HalveMod(ref x2, m);
            }

            if (u.GreaterOrEqual(v))
            {
                u.Sub(v);
                SubMod(ref x1, x2, m);
            }
            else
            {
                v.Sub(u);
                SubMod(ref x2, x1, m);
            }

            if (u.IsZero || v.IsZero)
            {
                // gcd(a, m) ≠ 1: not invertible (cannot happen for a prime modulus and 0 < a < m).
                r0 = r1 = r2 = r3 = 0;
                return;
            }
        }

        var r = u.IsOne ? x1 : x2;
        (r0, r1, r2, r3) = (r.L0, r.L1, r.L2, r.L3);
    }

    /// <summary>x/2 mod m (m odd): halve x, or x + m when x is odd.</summary>
    private static void HalveMod(ref U256 x, in U256 m)
    {
        ulong carry = 0;
        if (!x.IsEven)
        {
            carry = x.Add(m);
        }

        x.ShiftRight1(carry);
    }

    private static void SubMod(ref U256 x, in U256 y, in U256 m)
    {
        if (x.Sub(y) != 0)
        {
            x.Add(m);
        }
    }

    private struct U256(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        public ulong L0 = l0, L1 = l1, L2 = l2, L3 = l3;

        public readonly bool IsZero => (L0 | L1 | L2 | L3) == 0;
        public readonly bool IsOne => L0 == 1 && (L1 | L2 | L3) == 0;
        public readonly bool IsEven => (L0 & 1) == 0;

        public void ShiftRight1(ulong topBit)
        {
            L0 = (L0 >> 1) | (L1 << 63);
            L1 = (L1 >> 1) | (L2 << 63);
            L2 = (L2 >> 1) | (L3 << 63);
            L3 = (L3 >> 1) | (topBit << 63);
        }

        public ulong Add(in U256 o)
        {
            ulong k = 0;
            L0 = Limb.AddC(L0, o.L0, ref k);
            L1 = Limb.AddC(L1, o.L1, ref k);
            L2 = Limb.AddC(L2, o.L2, ref k);
            L3 = Limb.AddC(L3, o.L3, ref k);
            return k;
        }

        public ulong Sub(in U256 o)
        {
            ulong b = 0;
            L0 = Limb.SubB(L0, o.L0, ref b);
            L1 = Limb.SubB(L1, o.L1, ref b);
            L2 = Limb.SubB(L2, o.L2, ref b);
            L3 = Limb.SubB(L3, o.L3, ref b);
            return b;
        }

        public readonly bool GreaterOrEqual(in U256 o) =>
            Limb.LessThanMask(L0, L1, L2, L3, o.L0, o.L1, o.L2, o.L3) == 0;
    }
}
