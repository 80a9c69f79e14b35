using DltSigner.Core.Math;
using DltSigner.Core.Sharing;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Sharing;

public sealed class InterpolationTests
{
    [Fact]
    public void Interpolation_in_the_exponent_equals_secret_times_G()
    {
        Prop.ForAll(SharingTestData.Setups(), c =>
        {
            using var f = SharingTestData.PolynomialFrom(c.T, c.Seed);
            var signers = SharingTestData.ShuffledIndices(c.N, c.Seed)[..c.K];
            var points = SharingTestData.SharesAt(f, signers).Select(Point.BaseMul).ToArray();
            return Interpolation.AtZero(signers, points) == Point.BaseMul(f.ConstantTerm);
        }).Check(SharingTestData.Config);
    }

    [Fact]
    public void Interpolation_at_a_new_party_gives_its_public_share()
    {
        using var f = SharingTestData.PolynomialFrom(3, 99);
        int[] signers = [1, 4, 6];
        var points = SharingTestData.SharesAt(f, signers).Select(Point.BaseMul).ToArray();
        Assert.Equal(f.Commit().PublicShare(9), Interpolation.AtParty(signers, points, 9));
    }

    [Fact]
    public void Rejects_mismatched_lengths() =>
        Assert.Throws<ArgumentException>(() => Interpolation.AtZero([1, 2], [Point.Generator]));
}
