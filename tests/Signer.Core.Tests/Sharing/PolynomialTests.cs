using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Sharing;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Sharing;

public sealed class PolynomialTests
{
    private static Scalar S(ulong v) => Scalar.FromUInt64(v);

    [Fact]
    public void Evaluate_matches_direct_sum()
    {
        // f(x) = 7 + 3x + 5x^2: f(2) = 7 + 6 + 20 = 33; f(0) = 7.
        using var f = Polynomial.FromCoefficients([S(7), S(3), S(5)]);
        Assert.Equal(S(33), f.Evaluate(S(2)));
        Assert.Equal(S(7), f.Evaluate(Scalar.Zero));
        using var share = f.EvaluateShare(2);
        Assert.Equal(S(33), share.Value);
    }

    [Fact]
    public void Evaluate_wraps_modulo_n()
    {
        // f(x) = −1 + x: f(1) = 0 mod n.
        using var f = Polynomial.FromCoefficients([-Scalar.One, Scalar.One]);
        Assert.True(f.Evaluate(Scalar.One).IsZero);
    }

    [Fact]
    public void Horner_equals_power_sum_for_random_coefficients()
    {
        var gen = from t in Gen.Choose(1, 16) from seed in Gen.Choose(int.MinValue, int.MaxValue) select (t, seed);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            using var f = SharingTestData.PolynomialFrom(c.t, c.seed);
            var x = SharingTestData.ScalarFrom(c.seed, 1000);
            var expected = Scalar.Zero;
            var power = Scalar.One;
            for (var k = 0; k < c.t; k++)
            {
                expected += SharingTestData.ScalarFrom(c.seed, k) * power;
                power *= x;
            }

            return f.Evaluate(x) == expected;
        }).Check(SharingTestData.Config);
    }

    [Fact]
    public void Random_keeps_constant_term_and_threshold()
    {
        using var secret = SecretScalar.Generate();
        using var f = Polynomial.Random(4, secret);
        Assert.Equal(4, f.Threshold);
        Assert.Equal(secret.Value, f.ConstantTerm);
        var c = f.Commit();
        Assert.Equal(secret.PublicPoint(), c.ConstantCommitment);
        for (var k = 1; k < 4; k++)
        {
            Assert.False(c[k].IsInfinity);
        }
    }

    [Fact]
    public void Zero_constant_polynomial_commits_to_infinity()
    {
        using var f = Polynomial.Random(3, Scalar.Zero);
        Assert.True(f.ConstantTerm.IsZero);
        Assert.True(f.Commit().ConstantCommitment.IsInfinity);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(ShareIndex.Max + 1)]
    public void Random_rejects_bad_threshold(int t) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Polynomial.Random(t, Scalar.One));

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(ShareIndex.Max + 1)]
    public void EvaluateShare_rejects_bad_index(int index)
    {
        using var f = Polynomial.Random(2, Scalar.One);
        Assert.Throws<ArgumentOutOfRangeException>(() => f.EvaluateShare(index));
    }

    [Fact]
    public void Dispose_zeroes_and_blocks_use()
    {
        var f = Polynomial.FromCoefficients([S(9), S(8)]);
        var field = typeof(Polynomial).GetField("_coefficients", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var coefficients = (Scalar[])field.GetValue(f)!;
        f.Dispose();
        Assert.All(coefficients, c => Assert.True(c.IsZero));
        Assert.Throws<ObjectDisposedException>(() => f.Evaluate(Scalar.One));
        Assert.Throws<ObjectDisposedException>(() => f.Commit());
        Assert.DoesNotContain("9", f.ToString(), StringComparison.Ordinal);
    }
}
