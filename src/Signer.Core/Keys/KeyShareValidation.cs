using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Sharing;

namespace DltSigner.Core.Keys;

/// <summary>Names of the key-share checks (stable strings: decoders, tests and logs use them).</summary>
public static class KeyShareChecks
{
    public const string Length = "key share: length";
    public const string Version = "key share: unsupported format version";
    public const string Integrity = "key share: integrity digest mismatch";
    public const string Encoding = "key share: non-canonical field encoding";
    public const string KeyId = "key share: key id missing";
    public const string PartyCount = "key share: party count out of range";
    public const string Threshold = "key share: threshold not in 1..n";
    public const string PartyOrder = "key share: parties not strictly ascending or index invalid";
    public const string SelfNotMember = "key share: own index not in the committee";
    public const string PublicShareCount = "key share: one public share per party required";
    public const string PublicShareInfinity = "key share: public share is infinity";
    public const string PublicShareConsistency = "key share: public shares not on one degree t-1 polynomial through the group key";
    public const string SecretMismatch = "key share: x_i·G differs from the own public share";
    public const string ChainCode = "key share: chain code must be 32 bytes";
    public const string PairwiseSet = "key share: need exactly one pairwise setup per counterparty, in committee order";
}

/// <summary>The consistency rules of <see cref="KeyShare"/>, one place for the constructor and the decoder.</summary>
internal static class KeyShareValidation
{
    /// <summary>Null when consistent, else the failed check (a <see cref="KeyShareChecks"/> constant).</summary>
    public static string? Check(
        SessionId keyId,
        PartyIndex self,
        int threshold,
        IReadOnlyList<PartyIndex> parties,
        PublicKey groupKey,
        IReadOnlyList<Point> publicShares,
        ReadOnlySpan<byte> chainCode,
        SecretScalar secretShare,
        IReadOnlyList<PairwiseSetup> pairwise)
    {
        if (!keyId.IsValid)
        {
            return KeyShareChecks.KeyId;
        }

        var n = parties.Count;
        if (n < 1 || n > KeyShare.MaxParties)
        {
            return KeyShareChecks.PartyCount;
        }

        if (threshold < 1 || threshold > n)
        {
            return KeyShareChecks.Threshold;
        }

        for (var p = 0; p < n; p++)
        {
            if (!parties[p].IsValid || (p > 0 && parties[p] <= parties[p - 1]))
            {
                return KeyShareChecks.PartyOrder;
            }
        }

        var selfPosition = IndexOf(parties, self);
        if (!self.IsValid || selfPosition < 0)
        {
            return KeyShareChecks.SelfNotMember;
        }

        if (publicShares.Count != n)
        {
            return KeyShareChecks.PublicShareCount;
        }

        foreach (var share in publicShares)
        {
            if (share.IsInfinity)
            {
                return KeyShareChecks.PublicShareInfinity;
            }
        }

        if (!OnOnePolynomial(threshold, parties, groupKey.Point, publicShares))
        {
            return KeyShareChecks.PublicShareConsistency;
        }

        if (secretShare.PublicPoint() != publicShares[selfPosition])
        {
            return KeyShareChecks.SecretMismatch;
        }

        if (chainCode.Length != KeyShare.ChainCodeLength)
        {
            return KeyShareChecks.ChainCode;
        }

        if (pairwise.Count != n - 1)
        {
            return KeyShareChecks.PairwiseSet;
        }

        for (int p = 0, q = 0; p < n; p++)
        {
            if (p == selfPosition)
            {
                continue;
            }

            if (pairwise[q] is null || pairwise[q].Counterparty != parties[p])
            {
                return KeyShareChecks.PairwiseSet;
            }

            q++;
        }

        return null;
    }

    /// <summary>
    /// The first t public shares fix the polynomial in the exponent; it must give PK at 0 and every
    /// other party's public share at its index (all public: variable time).
    /// </summary>
    public static bool OnOnePolynomial(int threshold, IReadOnlyList<PartyIndex> parties, Point groupKey, IReadOnlyList<Point> publicShares)
    {
        var basis = new int[threshold];
        var basisPoints = new Point[threshold];
        for (var p = 0; p < threshold; p++)
        {
            basis[p] = parties[p].Value;
            basisPoints[p] = publicShares[p];
        }

        if (Interpolation.AtZero(basis, basisPoints) != groupKey)
        {
            return false;
        }

        for (var p = threshold; p < parties.Count; p++)
        {
            if (Interpolation.AtParty(basis, basisPoints, parties[p].Value) != publicShares[p])
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOf(IReadOnlyList<PartyIndex> parties, PartyIndex party)
    {
        for (var p = 0; p < parties.Count; p++)
        {
            if (parties[p] == party)
            {
                return p;
            }
        }

        return -1;
    }
}
