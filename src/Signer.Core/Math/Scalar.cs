using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace DltSigner.Core.Math;

/// <summary>
/// An integer modulo the secp256k1 group order n. Arithmetic is constant-time (no branches or
/// memory accesses that depend on the value) except members whose name ends in "Var".
/// A Scalar may hold a secret: ToString() prints no value; long-lived secrets belong in
/// <see cref="Keys.SecretScalar"/>, which zeroes itself.
/// </summary>
/// <remarks>
/// Constant-time: +, −, ×, negation, Invert, Select, Equals, IsZero, IsHigh, FromBytesReduced,
/// WriteBytes. Data-dependent only in what is public: TryFromBytes/FromBytes reveal validity
/// (&lt; n), Random's rejection loop reveals how many draws were rejected (independent of the result).
/// Variable-time: InvertVar (binary extended GCD, <see cref="BinaryGcd"/>) and the wNAF recoding used by
/// Point's *Var members.
/// Representation: four 64-bit little-endian limbs, always fully reduced (&lt; n).
/// </remarks>
public readonly struct Scalar : IEquatable<Scalar>
{
    // n, little-endian limbs.
    internal const ulong N0 = 0xBFD25E8CD0364141;
    internal const ulong N1 = 0xBAAEDCE6AF48A03B;
    internal const ulong N2 = 0xFFFFFFFFFFFFFFFE;
    internal const ulong N3 = 0xFFFFFFFFFFFFFFFF;

    // 2^256 − n (129 bits): 2^256 ≡ NC (mod n), as libsecp256k1's scalar_4x64 uses it.
    private const ulong NC0 = 0x402DA1732FC9BEBF;
    private const ulong NC1 = 0x4551231950B75FC4;

    // n/2 (floor), little-endian limbs.
    private const ulong H0 = 0xDFE92F46681B20A0;
    private const ulong H1 = 0x5D576E7357A4501D;
    private const ulong H2 = 0xFFFFFFFFFFFFFFFF;
    private const ulong H3 = 0x7FFFFFFFFFFFFFFF;

    private static ReadOnlySpan<byte> Order =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ];

    internal readonly ulong L0, L1, L2, L3;

    internal Scalar(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public static Scalar Zero => default;
    public static Scalar One => new(1, 0, 0, 0);

    /// <summary>The group order n, big-endian.</summary>
    public static ReadOnlySpan<byte> OrderBytes => Order;

    public static Scalar FromUInt64(ulong value) => new(value, 0, 0, 0);

    /// <summary>Strict decoding: exactly 32 big-endian bytes, value &lt; n.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out Scalar scalar)
    {
        if (bytes.Length != 32)
        {
            scalar = default;
            return false;
        }

        var s = ReadLimbs(bytes);
        bool ok = Limb.LessThanMask(s.L0, s.L1, s.L2, s.L3, N0, N1, N2, N3) != 0;
        scalar = ok ? s : default;
        return ok;
    }

    /// <summary>Strict decoding; throws <see cref="CryptoFormatException"/>.</summary>
    public static Scalar FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new CryptoFormatException("scalar: length");
        }

        return TryFromBytes(bytes, out var s) ? s : throw new CryptoFormatException("scalar: not below the group order");
    }

    /// <summary>Big-endian bytes of any length up to 64, reduced mod n (hash-to-scalar, RFC 6979 bits2int).</summary>
    public static Scalar FromBytesReduced(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 64)
        {
            throw new ArgumentException("at most 64 bytes", nameof(bytes));
        }

        // Left-pad to 64 bytes, then reduce the 512-bit value like a product.
        Span<byte> buf = stackalloc byte[64];
        try
        {
            buf.Clear();
            bytes.CopyTo(buf[(64 - bytes.Length)..]);
            var hi = ReadLimbs(buf[..32]);
            var lo = ReadLimbs(buf[32..]);
            return Reduce512(lo.L0, lo.L1, lo.L2, lo.L3, hi.L0, hi.L1, hi.L2, hi.L3);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buf);
        }
    }

    /// <summary>Uniform in [0, n) from <see cref="System.Security.Cryptography.RandomNumberGenerator"/>.</summary>
    public static Scalar Random()
    {
        // Rejection sampling: a draw ≥ n happens with probability ≈ 2^-128.
        Span<byte> buf = stackalloc byte[32];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(buf);
                if (TryFromBytes(buf, out var s))
                {
                    return s;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buf);
        }
    }

    /// <summary>Uniform in [1, n).</summary>
    public static Scalar RandomNonZero()
    {
        while (true)
        {
            var s = Random();
            if (!s.IsZero)
            {
                return s;
            }
        }
    }

    public void WriteBytes(Span<byte> destination)
    {
        if (destination.Length < 32)
        {
            throw new ArgumentException("need 32 bytes", nameof(destination));
        }

        Limb.WriteBigEndian(destination, L0, L1, L2, L3);
    }

    public byte[] ToBytes()
    {
        var b = new byte[32];
        WriteBytes(b);
        return b;
    }

    public bool IsZero => (Limb.ZeroMask(L0 | L1 | L2 | L3) & 1) != 0;

    /// <summary>True when the value is greater than n/2 (the high half; ECDSA low-S rule).</summary>
    public bool IsHigh => Limb.LessThanMask(H0, H1, H2, H3, L0, L1, L2, L3) != 0;

    public static Scalar operator +(Scalar a, Scalar b)
    {
        Limb.AddMod(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, N0, N1, N2, N3,
            out ulong r0, out ulong r1, out ulong r2, out ulong r3);
        return new Scalar(r0, r1, r2, r3);
    }

    public static Scalar operator -(Scalar a, Scalar b)
    {
        Limb.SubMod(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, N0, N1, N2, N3,
            out ulong r0, out ulong r1, out ulong r2, out ulong r3);
        return new Scalar(r0, r1, r2, r3);
    }

    public static Scalar operator -(Scalar a) => Zero - a;

    public static Scalar operator *(Scalar a, Scalar b)
    {
        Limb.Mul(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3,
            out ulong t0, out ulong t1, out ulong t2, out ulong t3,
            out ulong t4, out ulong t5, out ulong t6, out ulong t7);
        return Reduce512(t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>Constant-time inverse (Fermat, a^(n−2)); the inverse of zero is zero.</summary>
    public Scalar Invert()
    {
        // Fixed 4-bit window over the public exponent n − 2: table lookups are indexed by the
        // exponent's (public) nibbles, never by the secret base.
        Span<Scalar> table = stackalloc Scalar[16];
        try
        {
            table[0] = One;
            for (int i = 1; i < 16; i++)
            {
                table[i] = table[i - 1] * this;
            }

            ReadOnlySpan<byte> e = Order;
            Scalar r = One;
            for (int i = 0; i < 32; i++)
            {
                // n − 2: only the last byte differs from n (0x41 − 2 = 0x3F).
                int b = i == 31 ? e[i] - 2 : e[i];
                for (int j = 0; j < 4; j++)
                {
                    r *= r;
                }

                r *= table[b >> 4];
                for (int j = 0; j < 4; j++)
                {
                    r *= r;
                }

                r *= table[b & 15];
            }

            return r;
        }
        finally
        {
            table.Clear();
        }
    }

    /// <summary>Variable-time inverse for public values only.</summary>
    public Scalar InvertVar()
    {
        BinaryGcd.Invert(L0, L1, L2, L3, N0, N1, N2, N3, out ulong r0, out ulong r1, out ulong r2, out ulong r3);
        return new Scalar(r0, r1, r2, r3);
    }

    /// <summary>Constant-time selection: returns b when choose is true, else a.</summary>
    public static Scalar Select(Scalar a, Scalar b, bool choose) => Select(a, b, Limb.Mask(choose));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Scalar Select(in Scalar a, in Scalar b, ulong mask) => new(
        (a.L0 & ~mask) | (b.L0 & mask),
        (a.L1 & ~mask) | (b.L1 & mask),
        (a.L2 & ~mask) | (b.L2 & mask),
        (a.L3 & ~mask) | (b.L3 & mask));

    /// <summary>Constant-time equality.</summary>
    public bool Equals(Scalar other) =>
        (Limb.ZeroMask((L0 ^ other.L0) | (L1 ^ other.L1) | (L2 ^ other.L2) | (L3 ^ other.L3)) & 1) != 0;

    public override bool Equals(object? obj) => obj is Scalar s && Equals(s);

    /// <summary>Not value-dependent: scalars may be secret.</summary>
    public override int GetHashCode() => 0;

    public override string ToString() => "Scalar(redacted)";

    public static bool operator ==(Scalar left, Scalar right) => left.Equals(right);
    public static bool operator !=(Scalar left, Scalar right) => !left.Equals(right);

    /// <summary>Four bits starting at bit 4·i, extracted without branches on the value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Nibble(int i)
    {
        int limb = i >> 4;
        ulong w = limb switch { 0 => L0, 1 => L1, 2 => L2, _ => L3 };
        return (int)((w >> ((i & 15) * 4)) & 15);
    }

    private static Scalar ReadLimbs(ReadOnlySpan<byte> bytes)
    {
        Limb.ReadBigEndian(bytes, out ulong l0, out ulong l1, out ulong l2, out ulong l3);
        return new(l0, l1, l2, l3);
    }

    /// <summary>
    /// t mod n for a 512-bit t = lo + hi·2^256, by folding with 2^256 ≡ NC three times
    /// (512 → 386 → 260 → 257 bits), then one conditional subtraction. Fixed instruction sequence.
    /// </summary>
    private static Scalar Reduce512(
        ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7)
    {
        // m = t_lo + t_hi·NC, where NC = NC0 + NC1·2^64 + 2^128 (up to 7 limbs).
        ulong c = 0;
        ulong m0 = Limb.MulAdd(t4, NC0, t0, ref c);
        ulong m1 = Limb.MulAdd(t5, NC0, t1, ref c);
        ulong m2 = Limb.MulAdd(t6, NC0, t2, ref c);
        ulong m3 = Limb.MulAdd(t7, NC0, t3, ref c);
        ulong m4 = c;
        c = 0;
        m1 = Limb.MulAdd(t4, NC1, m1, ref c);
        m2 = Limb.MulAdd(t5, NC1, m2, ref c);
        m3 = Limb.MulAdd(t6, NC1, m3, ref c);
        m4 = Limb.MulAdd(t7, NC1, m4, ref c);
        ulong m5 = c;
        ulong k = 0;
        m2 = Limb.AddC(m2, t4, ref k);
        m3 = Limb.AddC(m3, t5, ref k);
        m4 = Limb.AddC(m4, t6, ref k);
        m5 = Limb.AddC(m5, t7, ref k);
        ulong m6 = k;

        // p = m_lo + m_hi·NC, m_hi = (m4, m5, m6) < 2^130, so p < 2^260 (5 limbs).
        c = 0;
        ulong p0 = Limb.MulAdd(m4, NC0, m0, ref c);
        ulong p1 = Limb.MulAdd(m5, NC0, m1, ref c);
        ulong p2 = Limb.MulAdd(m6, NC0, m2, ref c);
        k = 0;
        ulong p3 = Limb.AddC(m3, c, ref k);
        ulong p4 = k;
        c = 0;
        p1 = Limb.MulAdd(m4, NC1, p1, ref c);
        p2 = Limb.MulAdd(m5, NC1, p2, ref c);
        p3 = Limb.MulAdd(m6, NC1, p3, ref c);
        p4 += c;
        k = 0;
        p2 = Limb.AddC(p2, m4, ref k);
        p3 = Limb.AddC(p3, m5, ref k);
        p4 += m6 + k;

        // r = p_lo + p4·NC, p4 < 16: r < 2^256 + 2^133; carry-out handled by ReduceOnce.
        c = 0;
        ulong r0 = Limb.MulAdd(p4, NC0, p0, ref c);
        ulong r1 = Limb.MulAdd(p4, NC1, p1, ref c);
        k = 0;
        ulong r2 = Limb.AddC(p2, p4, ref k);
        ulong k2 = 0;
        r2 = Limb.AddC(r2, c, ref k2);
        k += k2;
        k2 = 0;
        ulong r3 = Limb.AddC(p3, k, ref k2);
        Limb.ReduceOnce(ref r0, ref r1, ref r2, ref r3, k2, N0, N1, N2, N3);
        return new Scalar(r0, r1, r2, r3);
    }
}
