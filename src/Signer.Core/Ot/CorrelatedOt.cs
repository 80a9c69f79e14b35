using DltSigner.Core.Math;

namespace DltSigner.Core.Ot;

/// <summary>
/// Random OTs → correlated OTs over Z_q (DKLs18 Protocol 9 "transfer", DKLs23 Protocol 5.2 step 3):
/// Alice publishes τ_j = v⁰_j − v¹_j + α_j; Bob computes v_{x_j} + x_j·τ_j = v⁰_j + x_j·α_j.
/// Alice's share is then −v⁰_j and Bob's the result: they add up to x_j·α_j.
/// </summary>
public static class CorrelatedOt
{
    /// <summary>Alice: the corrections τ (public) for correlations α(j, k), one per OT j and slot k.</summary>
    public static Scalar[] Corrections(RandomOtSenderOutput ot, Func<int, int, Scalar> correlation)
    {
        ArgumentNullException.ThrowIfNull(ot);
        ArgumentNullException.ThrowIfNull(correlation);
        var w = ot.Width;
        var tau = new Scalar[ot.V0.Length];
        for (var j = 0; j < tau.Length / w; j++)
        {
            for (var k = 0; k < w; k++)
            {
                tau[(j * w) + k] = ot.V0[(j * w) + k] - ot.V1[(j * w) + k] + correlation(j, k);
            }
        }

        return tau;
    }

    /// <summary>Bob: v⁰_j + x_j·α_j for every OT and slot, in constant time in x_j. Secret.</summary>
    public static Scalar[] Apply(RandomOtReceiverOutput ot, ReadOnlySpan<Scalar> tau)
    {
        ArgumentNullException.ThrowIfNull(ot);
        if (tau.Length != ot.Chosen.Length)
        {
            throw new ArgumentException("one correction per OT slot", nameof(tau));
        }

        var w = ot.Width;
        var result = new Scalar[tau.Length];
        for (var j = 0; j < tau.Length / w; j++)
        {
            var bit = BitOps.GetBit(ot.Choices, j) == 1;
            for (var k = 0; k < w; k++)
            {
                var v = ot.Chosen[(j * w) + k];
                result[(j * w) + k] = Scalar.Select(v, v + tau[(j * w) + k], bit);
            }
        }

        return result;
    }
}
