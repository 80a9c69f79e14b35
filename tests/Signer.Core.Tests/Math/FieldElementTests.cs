using System.Numerics;
using DltSigner.Core.Math;
using FsCheck;
using FsCheck.Fluent;
using static DltSigner.Core.Tests.Math.MathGen;

namespace DltSigner.Core.Tests.Math;

public sealed class FieldElementTests
{
    [Fact]
    public void Add_matches_model() => Check.One(Quick, Prop.ForAll(FieldPairs, t =>
        Big(Fe(t.Item1) + Fe(t.Item2)) == Mod(t.Item1 + t.Item2, P)));

    [Fact]
    public void Sub_matches_model() => Check.One(Quick, Prop.ForAll(FieldPairs, t =>
        Big(Fe(t.Item1) - Fe(t.Item2)) == Mod(t.Item1 - t.Item2, P)));

    [Fact]
    public void Mul_matches_model() => Check.One(Quick, Prop.ForAll(FieldPairs, t =>
        Big(Fe(t.Item1) * Fe(t.Item2)) == Mod(t.Item1 * t.Item2, P)));

    [Fact]
    public void Sqr_matches_model() => Check.One(Quick, Prop.ForAll(FieldValues, a =>
        Big(Fe(a).Sqr()) == Mod(a * a, P)));

    [Fact]
    public void MulSmall_matches_model() => Check.One(Quick, Prop.ForAll(FieldValues, a =>
        Big(Fe(a).MulSmall(21)) == Mod(a * 21, P) && Big(Fe(a).MulSmall(uint.MaxValue)) == Mod(a * uint.MaxValue, P)));

    [Fact]
    public void Neg_matches_model() => Check.One(Quick, Prop.ForAll(FieldValues, a =>
        Big(-Fe(a)) == Mod(-a, P)));

    [Fact]
    public void Invert_matches_model() => Check.One(Quick, Prop.ForAll(FieldValues, a =>
    {
        var expected = a.IsZero ? 0 : BigInteger.ModPow(a, P - 2, P);
        return Big(Fe(a).Invert()) == expected && Big(Fe(a).InvertVar()) == expected;
    }));

    [Fact]
    public void Sqrt_matches_model() => Check.One(Quick, Prop.ForAll(FieldValues, a =>
    {
        bool isSquare = a.IsZero || BigInteger.ModPow(a, (P - 1) / 2, P).IsOne;
        bool ok = Fe(a).Sqrt(out var r);
        return ok == isSquare && (!ok || Mod(Big(r) * Big(r), P) == a);
    }));

    [Fact]
    public void Bytes_round_trip_and_equality() => Check.One(Quick, Prop.ForAll(FieldValues, a =>
    {
        var fe = Fe(a);
        return FieldElement.TryFromBytes(fe.ToBytes(), out var back) && back.Equals(fe)
            && fe.IsZero == a.IsZero && fe.IsOdd == !a.IsEven;
    }));

    [Fact]
    public void Seeded_generator_is_deterministic_and_varied()
    {
        List<BigInteger> Run()
        {
            var seen = new List<BigInteger>();
            Check.One(Quick, Prop.ForAll(FieldValues, a =>
            {
                seen.Add(a);
                return true;
            }));
            return seen;
        }

        var first = Run();
        Assert.Equal(first, Run());
        Assert.True(first.Distinct().Count() > 100);
    }

    [Fact]
    public void FromBytes_rejects_non_canonical_and_wrong_lengths()
    {
        Assert.False(FieldElement.TryFromBytes(ToBytes32(P), out _));
        Assert.False(FieldElement.TryFromBytes(ToBytes32(P + 1), out _));
        Assert.False(FieldElement.TryFromBytes(ToBytes32(TwoTo256 - 1), out _));
        Assert.True(FieldElement.TryFromBytes(ToBytes32(P - 1), out _));
        Assert.False(FieldElement.TryFromBytes(new byte[31], out _));
        Assert.False(FieldElement.TryFromBytes(new byte[33], out _));
    }

    [Fact]
    public void Select_picks_by_mask()
    {
        var a = Fe(5);
        var b = Fe(P - 1);
        Assert.True(FieldElement.Select(a, b, 0).Equals(a));
        Assert.True(FieldElement.Select(a, b, ulong.MaxValue).Equals(b));
    }

    [Fact]
    public void Reduction_edge_products()
    {
        // Products whose intermediate folds carry out of 256 bits.
        BigInteger[] vals = [P - 1, P - 2, TwoTo256 - P, BigInteger.Pow(2, 255), P - BigInteger.Pow(2, 200)];
        foreach (var a in vals)
        {
            foreach (var b in vals)
            {
                Assert.Equal(Mod(a * b, P), Big(Fe(a) * Fe(b)));
                Assert.Equal(Mod(a + b, P), Big(Fe(a) + Fe(b)));
            }
        }
    }
}
