using DltSigner.Core.Keys;
using DltSigner.Core.Math;

namespace DltSigner.Core.Sharing;

/// <summary>
/// A secret polynomial f(x) = a_0 + a_1·x + … + a_{t−1}·x^{t−1} over Z_n: the dealer's side of
/// Shamir sharing with threshold t (any t evaluations determine f). Coefficients are secret, so
/// the class is sealed, prints nothing and zeroes them on <see cref="Dispose"/>. Evaluation uses
/// constant-time scalar arithmetic only.
/// </summary>
public sealed class Polynomial : IDisposable
{
    private readonly Scalar[] _coefficients;
    private bool _disposed;

    private Polynomial(Scalar[] coefficients) => _coefficients = coefficients;

    /// <summary>The threshold t: the number of coefficients (degree t−1).</summary>
    public int Threshold => _coefficients.Length;

    /// <summary>
    /// A random polynomial of degree exactly t−1 with the given constant term (zero for refresh
    /// zero-sharings). Higher coefficients are uniform nonzero, so the top one is never zero and
    /// no Feldman commitment beyond C_0 is the point at infinity.
    /// </summary>
    public static Polynomial Random(int threshold, Scalar constantTerm)
    {
        ValidateThreshold(threshold);
        var coefficients = new Scalar[threshold];
        coefficients[0] = constantTerm;
        for (var k = 1; k < threshold; k++)
        {
            coefficients[k] = Scalar.RandomNonZero();
        }

        return new Polynomial(coefficients);
    }

    /// <summary>A random polynomial whose constant term is the given secret (the secret is copied).</summary>
    public static Polynomial Random(int threshold, SecretScalar constantTerm)
    {
        ArgumentNullException.ThrowIfNull(constantTerm);
        return Random(threshold, constantTerm.Value);
    }

    /// <summary>Takes a copy of explicit coefficients, a_0 first (tests and deterministic derivations).</summary>
    internal static Polynomial FromCoefficients(ReadOnlySpan<Scalar> coefficients)
    {
        ValidateThreshold(coefficients.Length);
        return new Polynomial(coefficients.ToArray());
    }

    /// <summary>The polynomial's constant term f(0) (the shared secret).</summary>
    internal Scalar ConstantTerm => Coefficients[0];

    /// <summary>f(x) by Horner's rule; constant-time in the coefficients and in x.</summary>
    internal Scalar Evaluate(Scalar x)
    {
        var c = Coefficients;
        var acc = c[^1];
        for (var k = c.Length - 2; k >= 0; k--)
        {
            acc = (acc * x) + c[k];
        }

        return acc;
    }

    /// <summary>The share f(i) for party i (1-based). The caller owns and disposes the result.</summary>
    public SecretScalar EvaluateShare(int partyIndex) =>
        SecretScalar.FromScalar(Evaluate(ShareIndex.ToScalar(partyIndex)));

    /// <summary>The Feldman commitments C_k = a_k·G (constant-time base multiplications).</summary>
    public FeldmanCommitment Commit()
    {
        var c = Coefficients;
        var points = new Point[c.Length];
        for (var k = 0; k < c.Length; k++)
        {
            points[k] = Point.BaseMul(c[k]);
        }

        return FeldmanCommitment.FromPointsUnchecked(points);
    }

    public void Dispose()
    {
        Array.Clear(_coefficients);
        _disposed = true;
    }

    public override string ToString() => $"Polynomial(t={_coefficients.Length}, redacted)";

    private Scalar[] Coefficients
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _coefficients;
        }
    }

    internal static void ValidateThreshold(int threshold)
    {
        if (threshold < 1 || threshold > ShareIndex.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"threshold must be in [1, {ShareIndex.Max}]");
        }
    }
}
