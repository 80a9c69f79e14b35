using DltSigner.Core.Keys;
using DltSigner.Core.Math;

namespace DltSigner.Core.Sharing;

/// <summary>
/// Shamir t-of-n secret sharing over Z_n (Shamir 1979, "How to share a secret"): share i is
/// f(i) for a random f of degree t−1 with f(0) = secret; any t shares determine f(0) and any
/// t−1 reveal nothing about it.
/// </summary>
public static class Shamir
{
    /// <summary>
    /// Dealer-side split (trusted-dealer import, tests): the shares for the given parties and the
    /// Feldman commitments that let each party verify its share. The caller disposes the shares.
    /// </summary>
    public static (SecretShare[] Shares, FeldmanCommitment Commitment) Split(
        SecretScalar secret, int threshold, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ShareIndex.ValidateSet(indices, nameof(indices));
        if (threshold > indices.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold exceeds the number of parties");
        }

        using var polynomial = Polynomial.Random(threshold, secret);
        var shares = new SecretShare[indices.Length];
        for (var p = 0; p < indices.Length; p++)
        {
            shares[p] = new SecretShare(indices[p], polynomial.EvaluateShare(indices[p]));
        }

        return (shares, polynomial.Commit());
    }

    /// <summary>Split for parties 1..n.</summary>
    public static (SecretShare[] Shares, FeldmanCommitment Commitment) Split(SecretScalar secret, int threshold, int parties)
    {
        if (parties < 1 || parties > ShareIndex.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(parties), parties, $"parties must be in [1, {ShareIndex.Max}]");
        }

        return Split(secret, threshold, Enumerable.Range(1, parties).ToArray());
    }

    /// <summary>
    /// TEST ONLY: f(0) = Σ λ_i(0)·f(i) from at least t shares. The product never reconstructs a
    /// key (signing combines Lagrange-weighted shares inside the MPC protocol instead), so this
    /// stays internal, visible to the test project only.
    /// </summary>
    internal static Scalar Reconstruct(IReadOnlyList<SecretShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var indices = new int[shares.Count];
        for (var p = 0; p < indices.Length; p++)
        {
            indices[p] = shares[p].Index;
        }

        var lambdas = Lagrange.AllAtZero(indices);
        var secret = Scalar.Zero;
        for (var p = 0; p < indices.Length; p++)
        {
            secret += lambdas[p] * shares[p].Value.Value;
        }

        return secret;
    }
}
