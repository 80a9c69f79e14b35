using System.Numerics;
using DltSigner.Core.Math;
using FsCheck;
using FsCheck.Fluent;
using static DltSigner.Core.Tests.Math.MathGen;

namespace DltSigner.Core.Tests.Math;

public sealed class ScalarTests
{
    [Fact]
    public void Add_matches_model() => Check.One(Quick, Prop.ForAll(ScalarPairs, t =>
        Big(Sc(t.Item1) + Sc(t.Item2)) == Mod(t.Item1 + t.Item2, N)));

    [Fact]
    public void Sub_matches_model() => Check.One(Quick, Prop.ForAll(ScalarPairs, t =>
        Big(Sc(t.Item1) - Sc(t.Item2)) == Mod(t.Item1 - t.Item2, N)));

    [Fact]
    public void Mul_matches_model() => Check.One(Quick, Prop.ForAll(ScalarPairs, t =>
        Big(Sc(t.Item1) * Sc(t.Item2)) == Mod(t.Item1 * t.Item2, N)));

    [Fact]
    public void Neg_matches_model() => Check.One(Quick, Prop.ForAll(ScalarValues, a =>
        Big(-Sc(a)) == Mod(-a, N)));

    [Fact]
    public void Invert_matches_model() => Check.One(Quick, Prop.ForAll(ScalarValues, a =>
    {
        var expected = a.IsZero ? 0 : BigInteger.ModPow(a, N - 2, N);
        return Big(Sc(a).Invert()) == expected && Big(Sc(a).InvertVar()) == expected;
    }));

    [Fact]
    public void Bytes_round_trip() => Check.One(Quick, Prop.ForAll(ScalarValues, a =>
    {
        var s = Sc(a);
        var bytes = s.ToBytes();
        Span<byte> written = stackalloc byte[32];
        s.WriteBytes(written);
        return Scalar.TryFromBytes(bytes, out var back) && back == s && written.SequenceEqual(bytes)
            && FromBytes(bytes) == a && s.IsZero == a.IsZero && s.IsHigh == (a > N / 2);
    }));

    [Fact]
    public void FromBytesReduced_matches_model_for_64_bytes() => Check.One(Quick, Prop.ForAll(Bytes(64).ToArbitrary(), b =>
        Big(Scalar.FromBytesReduced(b)) == FromBytes(b) % N));

    [Fact]
    public void FromBytesReduced_matches_model_for_every_length() => Check.One(Quick, Prop.ForAll(
        Gen.Choose(0, 64).SelectMany(Bytes).ToArbitrary(),
        b => Big(Scalar.FromBytesReduced(b)) == FromBytes(b) % N));

    [Fact]
    public void FromBytesReduced_edges()
    {
        var max = Enumerable.Repeat((byte)0xFF, 64).ToArray();
        Assert.Equal(FromBytes(max) % N, Big(Scalar.FromBytesReduced(max)));
        Assert.True(Scalar.FromBytesReduced(Scalar.OrderBytes).IsZero);
        Assert.Equal(BigInteger.One, Big(Scalar.FromBytesReduced(ToBytes32(N + 1))));
        Assert.True(Scalar.FromBytesReduced([]).IsZero);
        Assert.Throws<ArgumentException>(() => Scalar.FromBytesReduced(new byte[65]));
    }

    [Fact]
    public void Strict_decoding_edges()
    {
        Assert.True(Scalar.FromBytes(new byte[32]).IsZero);
        Assert.Equal(Scalar.One, Scalar.FromBytes(ToBytes32(1)));
        Assert.Equal(N - 1, Big(Scalar.FromBytes(ToBytes32(N - 1))));
        Assert.False(Scalar.TryFromBytes(ToBytes32(N), out _));
        Assert.False(Scalar.TryFromBytes(ToBytes32(TwoTo256 - 1), out _));
        Assert.False(Scalar.TryFromBytes(new byte[31], out _));
        Assert.False(Scalar.TryFromBytes(new byte[33], out _));
        Assert.Equal("scalar: not below the group order", Assert.Throws<CryptoFormatException>(() => Scalar.FromBytes(ToBytes32(N))).Check);
        Assert.Equal("scalar: length", Assert.Throws<CryptoFormatException>(() => Scalar.FromBytes(new byte[31])).Check);
        Assert.True(Scalar.OrderBytes.SequenceEqual(ToBytes32(N)));
    }

    [Fact]
    public void Edge_arithmetic()
    {
        var nm1 = Sc(N - 1);
        Assert.True((nm1 + Scalar.One).IsZero);
        Assert.Equal(Scalar.One, nm1 * nm1);
        Assert.Equal(nm1, -Scalar.One);
        Assert.True((-Scalar.Zero).IsZero);
        Assert.Equal(nm1, nm1.Invert());
        Assert.True(Scalar.Zero.Invert().IsZero);
        Assert.True(nm1.IsHigh);
        Assert.False(Sc(N / 2).IsHigh);
        Assert.True(Sc((N / 2) + 1).IsHigh);
        Assert.Equal(Scalar.FromUInt64(ulong.MaxValue), Sc(ulong.MaxValue));
    }

    [Fact]
    public void Select_and_equality()
    {
        var a = Scalar.FromUInt64(3);
        var b = Sc(N - 5);
        Assert.Equal(a, Scalar.Select(a, b, false));
        Assert.Equal(b, Scalar.Select(a, b, true));
        Assert.NotEqual(a, b);
        Assert.Equal(0, a.GetHashCode());
        Assert.DoesNotContain("3", a.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Random_is_in_range_and_varies()
    {
        var seen = new HashSet<BigInteger>();
        for (int i = 0; i < 50; i++)
        {
            var r = Scalar.Random();
            var nz = Scalar.RandomNonZero();
            Assert.True(Big(r) < N);
            Assert.False(nz.IsZero);
            seen.Add(Big(r));
        }

        Assert.Equal(50, seen.Count);
    }
}
