using System.Numerics;
using DltSigner.Core.Math;
using DltSigner.Core.Sharing;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Sharing;

public sealed class LagrangeTests
{
    private static readonly BigInteger N = BigInteger.Parse(
        "0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    [Fact]
    public void Coefficients_sum_to_one_at_zero_for_any_signer_set()
    {
        Prop.ForAll(SharingTestData.Setups(), c =>
        {
            var signers = SharingTestData.ShuffledIndices(c.N, c.Seed)[..c.K];
            var sum = Lagrange.AllAtZero(signers).Aggregate(Scalar.Zero, (a, b) => a + b);
            return sum == Scalar.One;
        }).Check(SharingTestData.Config);
    }

    [Fact]
    public void Coefficients_sum_to_one_at_any_x()
    {
        Prop.ForAll(SharingTestData.Setups(), c =>
        {
            var signers = SharingTestData.ShuffledIndices(c.N, c.Seed)[..c.K];
            var x = SharingTestData.ScalarFrom(c.Seed, -1);
            return Lagrange.AllAt(signers, x).Aggregate(Scalar.Zero, (a, b) => a + b) == Scalar.One;
        }).Check(SharingTestData.Config);
    }

    [Fact]
    public void Matches_biginteger_reference_model()
    {
        int[] signers = [3, 1, 7, 16];
        foreach (var i in signers)
        {
            var num = BigInteger.One;
            var den = BigInteger.One;
            foreach (var j in signers.Where(j => j != i))
            {
                num *= -j;
                den *= i - j;
            }

            var expected = Mod(num * BigInteger.ModPow(Mod(den), N - 2, N));
            Assert.Equal(ToHex(expected), Convert.ToHexString(Lagrange.AtZero(signers, i).ToBytes()));
        }
    }

    [Fact]
    public void Recovers_polynomial_at_arbitrary_point_from_any_t_evaluations()
    {
        Prop.ForAll(SharingTestData.Setups(), c =>
        {
            using var f = SharingTestData.PolynomialFrom(c.T, c.Seed);
            var signers = SharingTestData.ShuffledIndices(c.N, c.Seed)[..c.K];
            var shares = SharingTestData.SharesAt(f, signers);
            var x = SharingTestData.ScalarFrom(c.Seed, -2);
            var lambdas = Lagrange.AllAt(signers, x);
            var value = Scalar.Zero;
            for (var p = 0; p < signers.Length; p++)
            {
                value += lambdas[p] * shares[p];
            }

            return value == f.Evaluate(x);
        }).Check(SharingTestData.Config);
    }

    [Fact]
    public void At_a_member_index_is_the_indicator()
    {
        int[] signers = [2, 5, 9];
        var at5 = Lagrange.AllAt(signers, 5);
        Assert.True(at5[0].IsZero);
        Assert.Equal(Scalar.One, at5[1]);
        Assert.True(at5[2].IsZero);
    }

    [Fact]
    public void Accepts_mpc_party_indices()
    {
        var signers = ShareIndex.FromParties([new DltSigner.Core.Mpc.PartyIndex(2), new DltSigner.Core.Mpc.PartyIndex(65535)]);
        Assert.Equal(Scalar.One, Lagrange.AllAtZero(signers).Aggregate(Scalar.Zero, (a, b) => a + b));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShareIndex.FromParties([default(DltSigner.Core.Mpc.PartyIndex)]));
    }

    [Fact]
    public void Single_signer_has_weight_one() => Assert.Equal(Scalar.One, Lagrange.AtZero([4], 4));

    [Fact]
    public void Rejects_invalid_sets()
    {
        Assert.Throws<ArgumentException>(() => Lagrange.AllAtZero([]));
        Assert.Throws<ArgumentException>(() => Lagrange.AllAtZero([1, 2, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lagrange.AllAtZero([0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lagrange.AllAtZero([-1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lagrange.AllAtZero([1, ShareIndex.Max + 1]));
        Assert.Throws<ArgumentException>(() => Lagrange.AtZero([1, 2, 3], 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lagrange.AllAt([1, 2], 0));
    }

    private static BigInteger Mod(BigInteger v) => ((v % N) + N) % N;

    private static string ToHex(BigInteger v) => Convert.ToHexString(v.ToByteArray(isUnsigned: true, isBigEndian: true)).PadLeft(64, '0');
}
