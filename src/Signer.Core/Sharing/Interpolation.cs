using DltSigner.Core.Math;

namespace DltSigner.Core.Sharing;

/// <summary>
/// Interpolation "in the exponent": given public points P_i = f(x_i)·G for a set of indices,
/// computes f(x)·G = Σ_i λ_i(x)·P_i without knowing f. Used to derive the group public key and
/// public shares from the public shares of any t parties. All inputs are public (variable time).
/// </summary>
public static class Interpolation
{
    /// <summary>f(0)·G from the points of the given parties (same order).</summary>
    public static Point AtZero(ReadOnlySpan<int> indices, ReadOnlySpan<Point> points) =>
        At(indices, points, Scalar.Zero);

    /// <summary>f(x)·G at an arbitrary public x.</summary>
    public static Point At(ReadOnlySpan<int> indices, ReadOnlySpan<Point> points, Scalar x)
    {
        if (indices.Length != points.Length)
        {
            throw new ArgumentException("one point per index is required", nameof(points));
        }

        var lambdas = Lagrange.AllAt(indices, x);
        return Point.MultiMulVar(lambdas, points);
    }

    /// <summary>f(j)·G for party j.</summary>
    public static Point AtParty(ReadOnlySpan<int> indices, ReadOnlySpan<Point> points, int partyIndex) =>
        At(indices, points, ShareIndex.ToScalar(partyIndex));
}
