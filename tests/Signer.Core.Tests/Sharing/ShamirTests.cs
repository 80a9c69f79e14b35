using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Sharing;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Sharing;

public sealed class ShamirTests
{
    [Fact]
    public void Any_t_or_more_shares_reconstruct()
    {
        Prop.ForAll(SharingTestData.Setups(), c =>
        {
            using var f = SharingTestData.PolynomialFrom(c.T, c.Seed);
            var signers = SharingTestData.ShuffledIndices(c.N, c.Seed)[..c.K];
            var shares = signers.Select(i => new SecretShare(i, f.EvaluateShare(i))).ToArray();
            try
            {
                return Shamir.Reconstruct(shares) == f.ConstantTerm;
            }
            finally
            {
                Array.ForEach(shares, s => s.Dispose());
            }
        }).Check(SharingTestData.Config);
    }

    [Fact]
    public void Fewer_than_t_shares_are_consistent_with_every_secret()
    {
        // For t−1 shares of f and any v, g = f + (v − f(0))·Π_{i∈S}(1 − x/x_i) has degree ≤ t−1,
        // agrees with f on S and has g(0) = v: the shares say nothing about f(0).
        Prop.ForAll(SharingTestData.Setups(), c =>
        {
            if (c.T < 2)
            {
                return true;
            }

            using var f = SharingTestData.PolynomialFrom(c.T, c.Seed);
            var subset = SharingTestData.ShuffledIndices(c.N, c.Seed)[..(c.T - 1)];
            var v = SharingTestData.ScalarFrom(c.Seed, 777);
            var delta = v - f.ConstantTerm;

            // z(x) = Π (1 − x_i^{-1}·x), built coefficient by coefficient.
            var z = new Scalar[c.T];
            z[0] = Scalar.One;
            for (var m = 0; m < subset.Length; m++)
            {
                var minusInv = -Scalar.FromUInt64((ulong)subset[m]).InvertVar();
                for (var k = m + 1; k >= 1; k--)
                {
                    z[k] += minusInv * z[k - 1];
                }
            }

            var g = new Scalar[c.T];
            for (var k = 0; k < c.T; k++)
            {
                g[k] = SharingTestData.ScalarFrom(c.Seed, k) + (delta * z[k]);
            }

            using var gp = Polynomial.FromCoefficients(g);
            return gp.ConstantTerm == v
                && subset.All(i => gp.Evaluate(Scalar.FromUInt64((ulong)i)) == f.Evaluate(Scalar.FromUInt64((ulong)i)));
        }).Check(SharingTestData.Config);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 5)]
    [InlineData(3, 3)]
    [InlineData(2, 3)]
    [InlineData(16, 16)]
    [InlineData(1, 16)]
    [InlineData(11, 16)]
    public void Split_then_reconstruct_edge_cases(int t, int n)
    {
        using var secret = SecretScalar.Generate();
        var (shares, commitment) = Shamir.Split(secret, t, n);
        try
        {
            Assert.Equal(n, shares.Length);
            Assert.Equal(t, commitment.Threshold);
            Assert.Equal(secret.PublicPoint(), commitment.ConstantCommitment);
            Assert.All(shares, s => Assert.True(commitment.VerifyShare(s.Index, s.Value)));
            Assert.Equal(secret.Value, Shamir.Reconstruct(shares[..t]));
            Assert.Equal(secret.Value, Shamir.Reconstruct(shares[^t..]));
            Assert.Equal(secret.Value, Shamir.Reconstruct(shares));
            if (t > 1)
            {
                Assert.NotEqual(secret.Value, Shamir.Reconstruct(shares[..(t - 1)]));
            }
        }
        finally
        {
            Array.ForEach(shares, s => s.Dispose());
        }
    }

    [Fact]
    public void Split_rejects_bad_parameters()
    {
        using var secret = SecretScalar.Generate();
        Assert.Throws<ArgumentOutOfRangeException>(() => Shamir.Split(secret, 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shamir.Split(secret, 4, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shamir.Split(secret, 1, 0));
        Assert.Throws<ArgumentException>(() => Shamir.Split(secret, 2, [1, 2, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shamir.Split(secret, 2, [0, 1, 2]));
        Assert.Throws<ArgumentException>(() => Shamir.Split(secret, 1, ReadOnlySpan<int>.Empty));
    }

    [Fact]
    public void Split_at_sparse_indices()
    {
        using var secret = SecretScalar.Generate();
        var (shares, commitment) = Shamir.Split(secret, 2, [1000, 3, 42]);
        try
        {
            Assert.Equal([1000, 3, 42], shares.Select(s => s.Index));
            Assert.All(shares, s => Assert.True(commitment.VerifyShare(s.Index, s.Value)));
            Assert.Equal(secret.Value, Shamir.Reconstruct([shares[0], shares[2]]));
        }
        finally
        {
            Array.ForEach(shares, s => s.Dispose());
        }
    }

    [Fact]
    public void Share_prints_no_secret_and_disposes()
    {
        var share = new SecretShare(3, SecretScalar.FromScalar(Scalar.FromUInt64(123456)));
        Assert.DoesNotContain("123456", share.ToString(), StringComparison.Ordinal);
        share.Dispose();
        Assert.Throws<ObjectDisposedException>(() => share.Value.Value);
    }
}
