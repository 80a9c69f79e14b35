using DltSigner.Core.Math;

namespace DltSigner.Core.Sharing;

/// <summary>
/// Lagrange basis coefficients over Z_n for a set of party indices:
/// λ_i(x) = Π_{j≠i} (x − x_j) / (x_i − x_j), so that f(x) = Σ_i λ_i(x)·f(x_i) for every f of
/// degree &lt; |set|. Indices and x are public, so the variable-time inverse is used (one per
/// coefficient).
/// </summary>
public static class Lagrange
{
    /// <summary>λ_i(0) for signer i within the signer set (the usual threshold-signing weight).</summary>
    public static Scalar AtZero(ReadOnlySpan<int> signers, int i) => At(signers, i, Scalar.Zero);

    /// <summary>λ_i(x) at an arbitrary public point x (resharing evaluates at new party indices).</summary>
    public static Scalar At(ReadOnlySpan<int> signers, int i, Scalar x)
    {
        ShareIndex.ValidateSet(signers, nameof(signers));
        return Coefficient(signers, IndexOf(signers, i), x);
    }

    /// <summary>λ_i(x) for the party at the same position in <paramref name="signers"/>.</summary>
    public static Scalar[] AllAt(ReadOnlySpan<int> signers, Scalar x)
    {
        ShareIndex.ValidateSet(signers, nameof(signers));
        var result = new Scalar[signers.Length];
        for (var p = 0; p < signers.Length; p++)
        {
            result[p] = Coefficient(signers, p, x);
        }

        return result;
    }

    /// <summary>λ_i(0) for every signer, in the order of <paramref name="signers"/>.</summary>
    public static Scalar[] AllAtZero(ReadOnlySpan<int> signers) => AllAt(signers, Scalar.Zero);

    /// <summary>λ_i(x) where x is itself a party index (e.g. a new party in resharing).</summary>
    public static Scalar[] AllAt(ReadOnlySpan<int> signers, int partyIndex) =>
        AllAt(signers, ShareIndex.ToScalar(partyIndex));

    // The set has been validated; p is the position of party i in it.
    private static Scalar Coefficient(ReadOnlySpan<int> signers, int p, Scalar x)
    {
        var xi = Scalar.FromUInt64((ulong)signers[p]);
        var numerator = Scalar.One;
        var denominator = Scalar.One;
        for (var q = 0; q < signers.Length; q++)
        {
            if (q == p)
            {
                continue;
            }

            var xj = Scalar.FromUInt64((ulong)signers[q]);
            numerator *= x - xj;
            denominator *= xi - xj;
        }

        // Distinct indices below n make the denominator nonzero.
        return numerator * denominator.InvertVar();
    }

    private static int IndexOf(ReadOnlySpan<int> signers, int i)
    {
        ShareIndex.Validate(i, nameof(i));
        var p = signers.IndexOf(i);
        if (p < 0)
        {
            throw new ArgumentException($"party {i} is not in the signer set", nameof(i));
        }

        return p;
    }
}
