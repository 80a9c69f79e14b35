using System.Numerics;
using DltSigner.Core.Math;
using FsCheck;
using FsCheck.Fluent;
using static DltSigner.Core.Tests.Math.MathGen;

namespace DltSigner.Core.Tests.Math;

public sealed class EndomorphismTests
{
    [Fact]
    public void Constants_define_the_endomorphism()
    {
        var lambda = Big(Endomorphism.Lambda);
        var beta = Big(Endomorphism.Beta);
        Assert.Equal(BigInteger.One, BigInteger.ModPow(lambda, 3, N));
        Assert.Equal(BigInteger.One, BigInteger.ModPow(beta, 3, P));
        var g = Point.Generator;
        var lg = Endomorphism.Lambda * g;
        Assert.Equal(Mod(Big(g.X) * beta, P), Big(lg.X));
        Assert.Equal(g.Y, lg.Y);
    }

    [Fact]
    public void Split_is_exact_and_short() => Check.One(Seeded(1000), Prop.ForAll(ScalarValues, k =>
    {
        Endomorphism.Split(Sc(k), out var r1, out var r2);
        var a = Big(r1);
        var b = Big(r2);
        bool exact = Mod(a + (b * Big(Endomorphism.Lambda)), N) == k;
        var abs1 = BigInteger.Min(a, N - a);
        var abs2 = BigInteger.Min(b, N - b);
        var bound = BigInteger.Pow(2, 128);
        return exact && abs1 < bound && abs2 < bound;
    }));
}
