using System.Numerics;
using DltSigner.Core.Math;
using FsCheck;
using FsCheck.Fluent;
using static DltSigner.Core.Tests.Math.MathGen;

namespace DltSigner.Core.Tests.Math;

public sealed class PointEncodingTests
{
    private static readonly Point G = Point.Generator;

    [Fact]
    public void Round_trips() => Check.One(Seeded(50), Prop.ForAll(ScalarValues, v =>
    {
        var p = Point.BaseMulVar(Sc(v));
        if (p.IsInfinity)
        {
            return Point.Decode([0], allowInfinity: true).IsInfinity;
        }

        var c = p.ToCompressed();
        var u = p.ToUncompressed();
        Span<byte> c2 = stackalloc byte[33];
        Span<byte> u2 = stackalloc byte[65];
        p.WriteCompressed(c2);
        p.WriteUncompressed(u2);
        return Point.Decode(c) == p && Point.Decode(u) == p && c2.SequenceEqual(c) && u2.SequenceEqual(u)
            && c[0] == (p.HasOddY ? 3 : 2) && u[0] == 4
            && c.AsSpan(1).SequenceEqual(p.XBytes()) && u.AsSpan(33).SequenceEqual(p.YBytes())
            && Point.TryLiftX(p.XBytes(), out var lifted) && !lifted.HasOddY
            && (lifted == p || lifted == -p);
    }));

    [Fact]
    public void Infinity_encoding()
    {
        Assert.True(Point.TryDecode([0x00], out var inf, allowInfinity: true));
        Assert.True(inf.IsInfinity);
        Assert.False(Point.TryDecode([0x00], out _));
        Assert.Equal("point: infinity not allowed", Reject([0x00]));
        Assert.Throws<InvalidOperationException>(() => Point.Infinity.ToCompressed());
        Assert.Throws<InvalidOperationException>(() => Point.Infinity.ToUncompressed());
        Assert.Throws<InvalidOperationException>(() => Point.Infinity.XBytes());
        Assert.Throws<InvalidOperationException>(() => Point.Infinity.YBytes());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(32)]
    [InlineData(34)]
    [InlineData(64)]
    [InlineData(66)]
    public void Rejects_wrong_lengths(int length)
    {
        var e = new byte[length];
        if (length > 0)
        {
            e[0] = 0x02;
        }

        Assert.Equal("point: length", Reject(e));
        Assert.Equal("point: length", Reject(e, allowInfinity: true));
    }

    [Theory]
    [InlineData(0x00, 33)]
    [InlineData(0x01, 33)]
    [InlineData(0x04, 33)]
    [InlineData(0x05, 33)]
    [InlineData(0x06, 65)]
    [InlineData(0x07, 65)]
    [InlineData(0x00, 65)]
    [InlineData(0x02, 65)]
    [InlineData(0x03, 65)]
    [InlineData(0x05, 65)]
    public void Rejects_prefixes(byte prefix, int length)
    {
        var e = length == 33 ? G.ToCompressed() : G.ToUncompressed();
        e[0] = prefix;
        Assert.Equal("point: prefix", Reject(e, allowInfinity: true));
    }

    [Fact]
    public void Rejects_non_canonical_coordinates()
    {
        // x ≥ p: p itself, and x + p for a valid x (2^256 > x + p for small x).
        var c = new byte[33];
        c[0] = 0x02;
        ToBytes32(P).CopyTo(c, 1);
        Assert.Equal("point: x not canonical", Reject(c));

        var u = G.ToUncompressed();
        ToBytes32(P + 1).CopyTo(u, 1);
        Assert.Equal("point: x not canonical", Reject(u));

        // y ≥ p: y + p is the same residue, so only canonicality can reject it (pick a point with small y).
        var small = FindPointWithSmallY();
        var u2 = small.ToUncompressed();
        ToBytes32(FromBytes(small.YBytes()) + P).CopyTo(u2, 33);
        Assert.Equal("point: y not canonical", Reject(u2));
    }

    [Fact]
    public void Rejects_off_curve()
    {
        var u = G.ToUncompressed();
        u[64] ^= 1;
        Assert.Equal("point: not on curve", Reject(u));

        // Compressed x for which x³ + 7 is a non-residue mod p.
        var x = FindXWithoutRoot();
        var c = new byte[33];
        c[0] = 0x03;
        ToBytes32(x).CopyTo(c, 1);
        Assert.Equal("point: not on curve (x has no square root)", Reject(c));
        Assert.False(Point.TryLiftX(ToBytes32(x), out _));
    }

    [Fact]
    public void TryLiftX_rejects_bad_input()
    {
        Assert.False(Point.TryLiftX(ToBytes32(P), out _));
        Assert.False(Point.TryLiftX(new byte[31], out _));
        Assert.False(Point.TryLiftX(new byte[33], out _));
        Assert.True(Point.TryLiftX(G.XBytes(), out var g));
        Assert.Equal(G, g); // G has even y
    }

    [Fact]
    public void Decode_exception_carries_check()
    {
        var ex = Assert.Throws<CryptoFormatException>(() => Point.Decode(new byte[5]));
        Assert.Equal("point: length", ex.Check);
        Assert.Equal("point: length", ex.Message);
    }

    private static string? Reject(byte[] encoded, bool allowInfinity = false)
    {
        Assert.False(Point.TryDecode(encoded, out var p, allowInfinity));
        Assert.True(p.IsInfinity); // nothing half-decoded leaks out
        return Assert.Throws<CryptoFormatException>(() => Point.Decode(encoded, allowInfinity)).Check;
    }

    private static BigInteger FindXWithoutRoot()
    {
        for (BigInteger x = 1; ; x++)
        {
            var rhs = Mod((x * x * x) + 7, P);
            if (BigInteger.ModPow(rhs, (P - 1) / 2, P) != 1)
            {
                return x;
            }
        }
    }

    private static Point FindPointWithSmallY()
    {
        // (x, 1) is on the curve for this x (a cube root of 1 − 7 mod p); y + p still fits in 32 bytes.
        var u = new byte[65];
        u[0] = 0x04;
        Convert.FromHexString("1FE1E5EF3FCEB5C135AB7741333CE5A6E80D68167653F6B2B24BCBCFAAAFF507").CopyTo(u, 1);
        u[64] = 1;
        return Point.Decode(u);
    }
}
