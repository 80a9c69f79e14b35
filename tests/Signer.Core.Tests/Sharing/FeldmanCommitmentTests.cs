using DltSigner.Core.Math;
using DltSigner.Core.Sharing;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Sharing;

public sealed class FeldmanCommitmentTests
{
    [Fact]
    public void Verify_accepts_good_shares_and_rejects_tampered_shares()
    {
        Prop.ForAll(SharingTestData.Setups(), c =>
        {
            using var f = SharingTestData.PolynomialFrom(c.T, c.Seed);
            var commitment = f.Commit();
            var j = SharingTestData.ShuffledIndices(c.N, c.Seed)[0];
            var share = f.Evaluate(Scalar.FromUInt64((ulong)j));
            var delta = SharingTestData.ScalarFrom(c.Seed, 500);
            var other = j == ShareIndex.Max ? j - 1 : j + 1;

            // With t = 1 every party holds the same share, so only then may it verify for another index.
            return commitment.VerifyShare(j, share)
                && (delta.IsZero || !commitment.VerifyShare(j, share + delta))
                && (c.T == 1 || !commitment.VerifyShare(other, share));
        }).Check(SharingTestData.Config);
    }

    [Fact]
    public void Verify_rejects_any_tampered_commitment()
    {
        var gen = from setup in SharingTestData.Setups().Generator
                  from k in Gen.Choose(0, setup.T - 1)
                  select (setup, k);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            using var f = SharingTestData.PolynomialFrom(c.setup.T, c.setup.Seed);
            var points = f.Commit().ToArray();
            points[c.k] += Point.BaseMul(SharingTestData.ScalarFrom(c.setup.Seed, 501));
            var tampered = FeldmanCommitment.FromPoints(points, allowZeroConstant: true);
            var j = SharingTestData.ShuffledIndices(c.setup.N, c.setup.Seed)[0];
            return !tampered.VerifyShare(j, f.Evaluate(Scalar.FromUInt64((ulong)j)));
        }).Check(SharingTestData.Config);
    }

    [Fact]
    public void Public_share_equals_share_times_G()
    {
        using var f = SharingTestData.PolynomialFrom(4, 7);
        var commitment = f.Commit();
        for (var j = 1; j <= 16; j++)
        {
            Assert.Equal(Point.BaseMul(f.Evaluate(Scalar.FromUInt64((ulong)j))), commitment.PublicShare(j));
        }
    }

    [Fact]
    public void Sum_commits_to_the_sum_of_polynomials()
    {
        using var f1 = SharingTestData.PolynomialFrom(3, 1);
        using var f2 = SharingTestData.PolynomialFrom(3, 2);
        using var f3 = SharingTestData.PolynomialFrom(3, 3);
        var sum = FeldmanCommitment.Sum([f1.Commit(), f2.Commit(), f3.Commit()]);
        for (var j = 1; j <= 5; j++)
        {
            var x = Scalar.FromUInt64((ulong)j);
            Assert.True(sum.VerifyShare(j, f1.Evaluate(x) + f2.Evaluate(x) + f3.Evaluate(x)));
            Assert.False(sum.VerifyShare(j, f1.Evaluate(x) + f2.Evaluate(x)));
        }

        Assert.Equal(Point.BaseMul(f1.ConstantTerm + f2.ConstantTerm + f3.ConstantTerm), sum.ConstantCommitment);
    }

    [Fact]
    public void Sum_rejects_mismatched_or_empty_input()
    {
        using var f2 = SharingTestData.PolynomialFrom(2, 1);
        using var f3 = SharingTestData.PolynomialFrom(3, 1);
        Assert.Throws<ArgumentException>(() => FeldmanCommitment.Sum([f2.Commit(), f3.Commit()]));
        Assert.Throws<ArgumentException>(() => FeldmanCommitment.Sum([]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(16)]
    public void Encode_decode_round_trip(int t)
    {
        using var f = SharingTestData.PolynomialFrom(t, t);
        var c = f.Commit();
        var bytes = c.Encode();
        Assert.Equal(33 * t, bytes.Length);
        var back = FeldmanCommitment.Decode(bytes, t);
        Assert.Equal(c.ToArray(), back.ToArray());
    }

    [Fact]
    public void Zero_constant_round_trips_only_when_allowed()
    {
        using var f = Polynomial.Random(3, Scalar.Zero);
        var bytes = f.Commit().Encode();
        Assert.All(bytes[..33], b => Assert.Equal(0, b));
        Assert.True(FeldmanCommitment.Decode(bytes, 3, allowZeroConstant: true).ConstantCommitment.IsInfinity);
        Assert.Throws<CryptoFormatException>(() => FeldmanCommitment.Decode(bytes, 3));
        Assert.Throws<CryptoFormatException>(() => FeldmanCommitment.FromPoints(f.Commit().ToArray()));
    }

    [Fact]
    public void Decode_rejects_malformed_input()
    {
        using var f = SharingTestData.PolynomialFrom(3, 5);
        var good = f.Commit().Encode();

        // Count must be exactly t.
        Assert.Throws<CryptoFormatException>(() => FeldmanCommitment.Decode(good, 2));
        Assert.Throws<CryptoFormatException>(() => FeldmanCommitment.Decode(good, 4));
        Assert.Throws<CryptoFormatException>(() => FeldmanCommitment.Decode(good[..^1], 3));
        Assert.Throws<CryptoFormatException>(() => FeldmanCommitment.Decode([.. good, 0], 3));
        Assert.Throws<CryptoFormatException>(() => FeldmanCommitment.Decode([], 1));

        // Zero entries are infinity: never allowed after C_0, even when a zero constant is.
        var zeroHigher = (byte[])good.Clone();
        Array.Clear(zeroHigher, 33, 33);
        Assert.Throws<CryptoFormatException>(() => FeldmanCommitment.Decode(zeroHigher, 3, allowZeroConstant: true));

        // Bad prefixes (uncompressed/hybrid tags, 00 with trailing data) and an x off the curve.
        foreach (var prefix in new byte[] { 0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0xff })
        {
            var bad = (byte[])good.Clone();
            bad[33] = prefix;
            Assert.Throws<CryptoFormatException>(() => FeldmanCommitment.Decode(bad, 3));
        }

        var offCurve = (byte[])good.Clone();
        offCurve[66] = 0x02;
        Array.Fill(offCurve, (byte)0xff, 67, 32); // x ≥ p: not canonical
        Assert.Throws<CryptoFormatException>(() => FeldmanCommitment.Decode(offCurve, 3));

        Assert.False(FeldmanCommitment.TryDecode(offCurve, 3, false, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeldmanCommitment.Decode(good, 0));
    }

    [Fact]
    public void Decode_rejects_x_without_a_curve_point()
    {
        // x = 5: 125 + 7 = 132 is not a square mod p, so no point has this x.
        var bytes = new byte[33];
        bytes[0] = 0x02;
        bytes[32] = 5;
        Assert.Throws<CryptoFormatException>(() => FeldmanCommitment.Decode(bytes, 1));
    }

    [Fact]
    public void Encode_refuses_infinity_after_C0()
    {
        var c = FeldmanCommitment.Sum([
            FeldmanCommitment.FromPoints([Point.Generator, Point.Generator]),
            FeldmanCommitment.FromPoints([Point.Generator, -Point.Generator]),
        ]);
        Assert.True(c[1].IsInfinity);
        Assert.Throws<InvalidOperationException>(() => c.Encode());
    }

    [Fact]
    public void Public_share_rejects_bad_index()
    {
        using var f = SharingTestData.PolynomialFrom(2, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => f.Commit().PublicShare(0));
    }
}
