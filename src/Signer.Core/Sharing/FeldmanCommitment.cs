using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;

namespace DltSigner.Core.Sharing;

/// <summary>
/// Feldman VSS commitments to a polynomial f of threshold t: C_k = a_k·G for k = 0..t−1
/// (Feldman 1987, "A practical scheme for non-interactive verifiable secret sharing").
/// C_0 = f(0)·G is the dealer's public contribution; f(j)·G = Σ_k j^k·C_k is party j's public
/// share. Immutable and public.
/// </summary>
/// <remarks>
/// Wire format: exactly t entries of 33 bytes, each a strict SEC1 compressed point, no length
/// prefix (the receiver knows t). The point at infinity is never allowed except as C_0 of a
/// zero-constant polynomial (refresh), and only when the decoder is told to allow it; it is
/// then written as 33 zero bytes.
/// </remarks>
public sealed class FeldmanCommitment
{
    /// <summary>Bytes per encoded commitment.</summary>
    public const int EntrySize = 33;

    private readonly Point[] _points;

    private FeldmanCommitment(Point[] points) => _points = points;

    /// <summary>The threshold t (number of commitments).</summary>
    public int Threshold => _points.Length;

    /// <summary>C_k.</summary>
    public Point this[int k] => _points[k];

    /// <summary>C_0 = f(0)·G (infinity for a zero-sharing).</summary>
    public Point ConstantCommitment => _points[0];

    /// <summary>A copy of the commitments, C_0 first.</summary>
    public Point[] ToArray() => (Point[])_points.Clone();

    /// <summary>
    /// Builds commitments from points, checking the same rules as <see cref="Decode"/>: no
    /// infinity beyond C_0, and C_0 not infinity unless <paramref name="allowZeroConstant"/>.
    /// </summary>
    public static FeldmanCommitment FromPoints(ReadOnlySpan<Point> points, bool allowZeroConstant = false)
    {
        Polynomial.ValidateThreshold(points.Length);
        for (var k = 0; k < points.Length; k++)
        {
            if (points[k].IsInfinity && (k > 0 || !allowZeroConstant))
            {
                throw new CryptoFormatException($"feldman commitment: C_{k} is infinity");
            }
        }

        return new FeldmanCommitment(points.ToArray());
    }

    // Honest-dealer output of Polynomial.Commit (higher coefficients are nonzero by construction).
    internal static FeldmanCommitment FromPointsUnchecked(Point[] points) => new(points);

    /// <summary>f(j)·G = Σ_k j^k·C_k, the public share of party j (variable time: all public).</summary>
    public Point PublicShare(int partyIndex)
    {
        var x = ShareIndex.ToScalar(partyIndex);
        var powers = new Scalar[_points.Length];
        var power = Scalar.One;
        for (var k = 0; k < powers.Length; k++)
        {
            powers[k] = power;
            power *= x;
        }

        return Point.MultiMulVar(powers, _points);
    }

    /// <summary>
    /// Checks a received share: s_j·G == Σ_k j^k·C_k. The share is secret, so s_j·G uses the
    /// constant-time base multiplication; the right-hand side is public.
    /// </summary>
    public bool VerifyShare(int partyIndex, Scalar share) =>
        Point.BaseMul(share) == PublicShare(partyIndex);

    /// <inheritdoc cref="VerifyShare(int, Scalar)"/>
    public bool VerifyShare(int partyIndex, SecretScalar share)
    {
        ArgumentNullException.ThrowIfNull(share);
        return VerifyShare(partyIndex, share.Value);
    }

    /// <summary>
    /// Component-wise sum of several dealers' commitments (all with the same t): the commitment to
    /// the sum of their polynomials, as in a Pedersen-style DKG where each party's final share is
    /// the sum of the shares it received.
    /// </summary>
    public static FeldmanCommitment Sum(IReadOnlyList<FeldmanCommitment> commitments)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        if (commitments.Count == 0)
        {
            throw new ArgumentException("nothing to sum", nameof(commitments));
        }

        var t = commitments[0].Threshold;
        var sum = new Point[t];
        Array.Fill(sum, Point.Infinity);
        foreach (var c in commitments)
        {
            ArgumentNullException.ThrowIfNull(c, nameof(commitments));
            if (c.Threshold != t)
            {
                throw new ArgumentException("commitments have different thresholds", nameof(commitments));
            }

            for (var k = 0; k < t; k++)
            {
                sum[k] += c._points[k];
            }
        }

        return new FeldmanCommitment(sum);
    }

    /// <summary>
    /// t·33 bytes. Throws <see cref="InvalidOperationException"/> if some C_k with k &gt; 0 is
    /// infinity (possible only in a sum, with negligible probability for honest dealers).
    /// </summary>
    public byte[] Encode()
    {
        var output = new byte[_points.Length * EntrySize];
        for (var k = 0; k < _points.Length; k++)
        {
            var entry = output.AsSpan(k * EntrySize, EntrySize);
            if (_points[k].IsInfinity)
            {
                if (k > 0)
                {
                    throw new InvalidOperationException($"feldman commitment: C_{k} is infinity and has no encoding");
                }

                continue; // 33 zero bytes
            }

            _points[k].WriteCompressed(entry);
        }

        return output;
    }

    /// <summary>
    /// Strict decoding of exactly <paramref name="threshold"/> commitments; throws
    /// <see cref="CryptoFormatException"/> naming the failed check.
    /// </summary>
    public static FeldmanCommitment Decode(ReadOnlySpan<byte> encoded, int threshold, bool allowZeroConstant = false) =>
        TryDecode(encoded, threshold, allowZeroConstant, out var commitment, out var check)
            ? commitment
            : throw new CryptoFormatException(check);

    public static bool TryDecode(ReadOnlySpan<byte> encoded, int threshold, bool allowZeroConstant, out FeldmanCommitment commitment) =>
        TryDecode(encoded, threshold, allowZeroConstant, out commitment, out _);

    private static bool TryDecode(
        ReadOnlySpan<byte> encoded, int threshold, bool allowZeroConstant, out FeldmanCommitment commitment, out string check)
    {
        Polynomial.ValidateThreshold(threshold);
        commitment = null!;
        if (encoded.Length != threshold * EntrySize)
        {
            check = "feldman commitment: length is not 33·t";
            return false;
        }

        var points = new Point[threshold];
        for (var k = 0; k < threshold; k++)
        {
            var entry = encoded.Slice(k * EntrySize, EntrySize);
            if (k == 0 && allowZeroConstant && IsAllZero(entry))
            {
                points[0] = Point.Infinity;
                continue;
            }

            if (!Point.TryDecode(entry, out points[k]) || points[k].IsInfinity)
            {
                check = $"feldman commitment: C_{k} is not a valid compressed point";
                return false;
            }
        }

        commitment = new FeldmanCommitment(points);
        check = string.Empty;
        return true;
    }

    // Public data, but a fixed-time check costs nothing and keeps decoders uniform.
    private static bool IsAllZero(ReadOnlySpan<byte> entry) =>
        CryptographicOperations.FixedTimeEquals(entry, stackalloc byte[EntrySize]);
}
