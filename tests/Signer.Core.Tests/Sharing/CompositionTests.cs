using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Proofs;
using DltSigner.Core.Sharing;

namespace DltSigner.Core.Tests.Sharing;

/// <summary>
/// The building blocks composed the way DKG, refresh and resharing will use them (no networking,
/// all parties in one process), to check that the pieces fit.
/// </summary>
public sealed class CompositionTests
{
    private static readonly byte[] Session = [9, 9, 9];

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    public void Pedersen_style_dkg(int t, int n)
    {
        var dealers = Enumerable.Range(1, n).Select(_ => Polynomial.Random(t, Scalar.RandomNonZero())).ToArray();
        try
        {
            var commitments = dealers.Select(d => d.Commit()).ToArray();

            // Each dealer proves knowledge of its constant term, bound to its own index.
            var proofs = dealers.Select((d, i) =>
                SchnorrProof.Prove(new ProofContext("dkg/pok", Session, i + 1), d.ConstantTerm, commitments[i].ConstantCommitment)).ToArray();
            for (var i = 0; i < n; i++)
            {
                Assert.True(proofs[i].Verify(new ProofContext("dkg/pok", Session, i + 1), commitments[i].ConstantCommitment));
            }

            // Party j's final share is the sum of what it received, each verified first.
            var shares = new Scalar[n];
            for (var j = 1; j <= n; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    var s = dealers[i].Evaluate(Scalar.FromUInt64((ulong)j));
                    Assert.True(commitments[i].VerifyShare(j, s));
                    shares[j - 1] += s;
                }
            }

            var group = FeldmanCommitment.Sum(commitments);
            var secret = dealers.Aggregate(Scalar.Zero, (a, d) => a + d.ConstantTerm);
            Assert.Equal(Point.BaseMul(secret), group.ConstantCommitment);
            int[] signers = [.. Enumerable.Range(1, n).Reverse().Take(t)];
            var publicShares = signers.Select(group.PublicShare).ToArray();
            Assert.Equal(group.ConstantCommitment, Interpolation.AtZero(signers, publicShares));
            var lambdas = Lagrange.AllAtZero(signers);
            var combined = Scalar.Zero;
            for (var p = 0; p < t; p++)
            {
                Assert.True(group.VerifyShare(signers[p], shares[signers[p] - 1]));
                combined += lambdas[p] * shares[signers[p] - 1];
            }

            Assert.Equal(secret, combined);
        }
        finally
        {
            Array.ForEach(dealers, d => d.Dispose());
        }
    }

    [Fact]
    public void Refresh_by_zero_sharing_keeps_the_key()
    {
        using var secret = SecretScalar.Generate();
        var (shares, commitment) = Shamir.Split(secret, 2, 3);
        var zeros = Enumerable.Range(0, 3).Select(_ => Polynomial.Random(2, Scalar.Zero)).ToArray();
        try
        {
            var refreshed = FeldmanCommitment.Sum([commitment, .. zeros.Select(z => z.Commit())]);
            Assert.Equal(commitment.ConstantCommitment, refreshed.ConstantCommitment);
            var zeroBytes = zeros[0].Commit().Encode();
            Assert.True(FeldmanCommitment.Decode(zeroBytes, 2, allowZeroConstant: true).ConstantCommitment.IsInfinity);

            var newShares = shares.Select(s =>
            {
                var v = zeros.Aggregate(s.Value.Value, (a, z) => a + z.Evaluate(Scalar.FromUInt64((ulong)s.Index)));
                Assert.True(refreshed.VerifyShare(s.Index, v));
                Assert.NotEqual(s.Value.Value, v);
                return new SecretShare(s.Index, SecretScalar.FromScalar(v));
            }).ToArray();
            Assert.Equal(secret.Value, Shamir.Reconstruct([newShares[0], newShares[2]]));
            Array.ForEach(newShares, s => s.Dispose());
        }
        finally
        {
            Array.ForEach(shares, s => s.Dispose());
            Array.ForEach(zeros, z => z.Dispose());
        }
    }

    [Fact]
    public void Resharing_2_of_3_to_3_of_4_keeps_the_key()
    {
        using var secret = SecretScalar.Generate();
        var (oldShares, oldCommitment) = Shamir.Split(secret, 2, 3);
        int[] oldSigners = [1, 3];
        var lambdas = Lagrange.AllAtZero(oldSigners);

        // Old signer i deals g_i with g_i(0) = λ_i·s_i; new verifiers check C_0 against the old public share.
        var dealers = oldSigners.Select((i, p) => Polynomial.Random(3, lambdas[p] * oldShares[i - 1].Value.Value)).ToArray();
        try
        {
            var commitments = dealers.Select(d => d.Commit()).ToArray();
            for (var p = 0; p < oldSigners.Length; p++)
            {
                Assert.Equal(oldCommitment.PublicShare(oldSigners[p]).MulVar(lambdas[p]), commitments[p].ConstantCommitment);
            }

            var newCommitment = FeldmanCommitment.Sum(commitments);
            Assert.Equal(secret.PublicPoint(), newCommitment.ConstantCommitment);
            var newShares = Enumerable.Range(1, 4).Select(j =>
            {
                var v = dealers.Aggregate(Scalar.Zero, (a, d) => a + d.Evaluate(Scalar.FromUInt64((ulong)j)));
                Assert.True(newCommitment.VerifyShare(j, v));
                return new SecretShare(j, SecretScalar.FromScalar(v));
            }).ToArray();
            Assert.Equal(secret.Value, Shamir.Reconstruct([newShares[3], newShares[0], newShares[1]]));
            Assert.NotEqual(secret.Value, Shamir.Reconstruct([newShares[3], newShares[0]]));
            Array.ForEach(newShares, s => s.Dispose());
        }
        finally
        {
            Array.ForEach(oldShares, s => s.Dispose());
            Array.ForEach(dealers, d => d.Dispose());
        }
    }
}
