using System.Numerics;
using DltSigner.Core.Math;
using FsCheck;
using FsCheck.Fluent;
using static DltSigner.Core.Tests.Math.MathGen;

namespace DltSigner.Core.Tests.Math;

public sealed class PointArithmeticTests
{
    private static readonly Point G = Point.Generator;

    private static Config Few => Seeded(40);

    private static Arbitrary<Scalar> Scalars => Below(N).Select(Sc).ToArbitrary();

    private static Arbitrary<(Scalar, Scalar)> ScalarPairs2 => Gen.Zip(Below(N).Select(Sc), Below(N).Select(Sc)).ToArbitrary();

    private static Point RandomPoint(Scalar k) => Point.BaseMulVar(k);

    [Fact]
    public void Known_answers_2G_3G()
    {
        var g2 = G + G;
        Assert.Equal("C6047F9441ED7D6D3045406E95C07CD85C778E4B8CEF3CA7ABAC09B95C709EE5", Convert.ToHexString(g2.XBytes()));
        Assert.Equal("1AE168FEA63DC339A3C58419466CEAEEF7F632653266D0E1236431A950CFE52A", Convert.ToHexString(g2.YBytes()));
        var g3 = Point.BaseMul(Scalar.FromUInt64(3));
        Assert.Equal("F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9", Convert.ToHexString(g3.XBytes()));
        Assert.Equal("388F7B0F632DE8140FE337E62A37F3566500A99934C2231B6CB9FD7584B8E672", Convert.ToHexString(g3.YBytes()));
        Assert.Equal(g3, g2 + G);
        Assert.Equal(g2, Scalar.FromUInt64(2) * G);
    }

    [Fact]
    public void All_multiplication_paths_agree() => Check.One(Few, Prop.ForAll(Scalars, k =>
    {
        var a = Point.BaseMul(k);
        return a == Point.BaseMulVar(k) && a == k * G && a == G.MulVar(k)
            && a == Point.DoubleMulVar(k, Scalar.Zero, G) && a == Point.DoubleMulVar(Scalar.Zero, k, G)
            && a == Point.MultiMulVar([k], [G]);
    }));

    [Fact]
    public void Edge_scalars()
    {
        var nm1 = Sc(N - 1);
        Assert.True(Point.BaseMul(Scalar.Zero).IsInfinity);
        Assert.True(Point.BaseMulVar(Scalar.Zero).IsInfinity);
        Assert.True((Scalar.Zero * G).IsInfinity);
        Assert.True(G.MulVar(Scalar.Zero).IsInfinity);
        Assert.Equal(G, Point.BaseMul(Scalar.One));
        Assert.Equal(G, Scalar.One * G);
        Assert.Equal(-G, Point.BaseMul(nm1));
        Assert.Equal(-G, Point.BaseMulVar(nm1));
        Assert.Equal(-G, nm1 * G);
        Assert.Equal(-G, G.MulVar(nm1));
        // n·G = ∞: (n − 1)·G + G, and (n−1)·G + 1·G through every path that can express it.
        Assert.True((Point.BaseMul(nm1) + G).IsInfinity);
        Assert.True(Point.DoubleMulVar(nm1, Scalar.One, G).IsInfinity);
        Assert.True(Point.MultiMulVar([nm1, Scalar.One], [G, G]).IsInfinity);
        var p = Point.BaseMul(Scalar.FromUInt64(12345));
        Assert.Equal(-p, nm1 * p);
        Assert.Equal(-p, p.MulVar(nm1));
        Assert.True((Scalar.FromUInt64(7) * Point.Infinity).IsInfinity);
        Assert.True(Point.Infinity.MulVar(Scalar.FromUInt64(7)).IsInfinity);
    }

    [Fact]
    public void Identity_and_inverse() => Check.One(Few, Prop.ForAll(Scalars, k =>
    {
        var p = RandomPoint(k);
        return p + Point.Infinity == p && Point.Infinity + p == p && (p - p).IsInfinity && (p + (-p)).IsInfinity
            && -(-p) == p && (Point.Infinity - p) == -p;
    }));

    [Fact]
    public void Infinity_arithmetic()
    {
        var inf = Point.Infinity;
        Assert.True((inf + inf).IsInfinity);
        Assert.True((-inf).IsInfinity);
        Assert.True(default(Point).IsInfinity);
        Assert.Equal(inf, default(Point));
        Assert.False(inf.HasOddY);
    }

    [Fact]
    public void Commutativity_and_doubling() => Check.One(Few, Prop.ForAll(ScalarPairs2, t =>
    {
        var p = RandomPoint(t.Item1);
        var q = RandomPoint(t.Item2);
        return p + q == q + p && p + p == Point.BaseMul(t.Item1 + t.Item1) && p + q == Point.BaseMul(t.Item1 + t.Item2);
    }));

    [Fact]
    public void Associativity() => Check.One(Few, Prop.ForAll(Gen.Zip(Gen.Zip(Below(N), Below(N)), Below(N)).ToArbitrary(), t =>
    {
        var p = RandomPoint(Sc(t.Item1.Item1));
        var q = RandomPoint(Sc(t.Item1.Item2));
        var r = RandomPoint(Sc(t.Item2));
        return (p + q) + r == p + (q + r);
    }));

    [Fact]
    public void Distributivity() => Check.One(Few, Prop.ForAll(Gen.Zip(Gen.Zip(Below(N), Below(N)), Below(N)).ToArbitrary(), t =>
    {
        var a = Sc(t.Item1.Item1);
        var b = Sc(t.Item1.Item2);
        var p = RandomPoint(Sc(t.Item2));
        var q = RandomPoint(a * b + Scalar.One);
        return a * (p + q) == (a * p) + (a * q)       // k(P+Q) = kP + kQ
            && (a + b) * p == (a * p) + (b * p)        // (a+b)P = aP + bP
            && (a * b) * p == a * (b * p)
            && p.MulVar(a + b) == p.MulVar(a) + p.MulVar(b);
    }));

    [Fact]
    public void DoubleMulVar_matches_naive() => Check.One(Few, Prop.ForAll(Gen.Zip(Gen.Zip(Below(N), Below(N)), Below(N)).ToArbitrary(), t =>
    {
        var a = Sc(t.Item1.Item1);
        var b = Sc(t.Item1.Item2);
        var p = RandomPoint(Sc(t.Item2));
        return Point.DoubleMulVar(a, b, p) == Point.BaseMul(a) + (b * p);
    }));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(64)]
    public void MultiMulVar_matches_naive_sum(int size)
    {
        var ks = MathGen.Scalars(size, seed: size);
        var points = MathGen.Scalars(size, seed: 1000 + size).Select(Point.BaseMul).ToArray();
        if (size >= 5)
        {
            // Degenerate members: a zero scalar, the point at infinity, a repeated point, a negated point.
            ks[0] = Scalar.Zero;
            points[1] = Point.Infinity;
            points[2] = points[3];
            points[4] = -points[3];
        }

        var expected = Point.Infinity;
        for (int i = 0; i < size; i++)
        {
            expected += ks[i] * points[i];
        }

        Assert.Equal(expected, Point.MultiMulVar(ks, points));
    }

    [Fact]
    public void MultiMulVar_rejects_length_mismatch() =>
        Assert.Throws<ArgumentException>(() => Point.MultiMulVar([Scalar.One], ReadOnlySpan<Point>.Empty));

    [Fact]
    public void Wnaf_reconstructs_scalar() => Check.One(Seeded(300), Prop.ForAll(ScalarValues, v =>
    {
        foreach (int w in new[] { 2, 4, 5, 8 })
        {
            var digits = new sbyte[257];
            int len = VarTimeMul.Wnaf(Sc(v), w, digits);
            BigInteger sum = 0;
            for (int i = len - 1; i >= 0; i--)
            {
                sum = (sum * 2) + digits[i];
                if (digits[i] != 0 && ((digits[i] & 1) == 0 || System.Math.Abs((int)digits[i]) >= 1 << (w - 1)))
                {
                    return false;
                }
            }

            if (sum != v)
            {
                return false;
            }
        }

        return true;
    }));

    [Fact]
    public void Equality_and_hash()
    {
        var p = Point.BaseMul(Scalar.FromUInt64(9));
        var q = Point.Decode(p.ToCompressed());
        Assert.Equal(p, q);
        Assert.Equal(p.GetHashCode(), q.GetHashCode());
        Assert.True(p.Equals((object)q));
        Assert.NotEqual(p, -p);
        Assert.NotEqual(p, Point.Infinity);
        Assert.Equal("infinity", Point.Infinity.ToString());
        Assert.Equal(Convert.ToHexStringLower(p.ToCompressed()), p.ToString());
    }
}
