using System.Security.Cryptography;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;

namespace DltSigner.Core.Keys;

/// <summary>
/// The public state of a key at one epoch, without secrets and without the chain code: what a party
/// joining the committee in a reshare must know (key id, epoch, t, committee, PK, all P(k)) and the
/// <see cref="KeyShare.PublicDigest"/>, which binds the chain code too, so a joining party can check
/// a forwarded chain code. Validated on construction (public shares on one degree t−1 polynomial
/// through PK).
/// </summary>
public sealed class KeyPublicState
{
    private readonly PartyIndex[] _parties;
    private readonly Point[] _publicShares;
    private readonly byte[] _digest;

    public KeyPublicState(
        SessionId keyId, uint epoch, int threshold, IReadOnlyList<PartyIndex> parties, PublicKey groupKey, IReadOnlyList<Point> publicShares, ReadOnlySpan<byte> publicDigest)
    {
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(groupKey);
        ArgumentNullException.ThrowIfNull(publicShares);
        var n = parties.Count;
        var ok = keyId.IsValid && n is >= 1 and <= KeyShare.MaxParties && threshold >= 1 && threshold <= n
            && publicShares.Count == n && publicDigest.Length == 32 && publicShares.All(p => !p.IsInfinity);
        for (var p = 0; ok && p < n; p++)
        {
            ok = parties[p].IsValid && (p == 0 || parties[p] > parties[p - 1]);
        }

        if (!ok || !KeyShareValidation.OnOnePolynomial(threshold, parties, groupKey.Point, publicShares))
        {
            throw new ArgumentException("key public state: inconsistent");
        }

        KeyId = keyId;
        Epoch = epoch;
        Threshold = threshold;
        _parties = [.. parties];
        GroupKey = groupKey;
        _publicShares = [.. publicShares];
        _digest = publicDigest.ToArray();
    }

    public SessionId KeyId { get; }

    public uint Epoch { get; }

    public int Threshold { get; }

    public IReadOnlyList<PartyIndex> Parties => _parties;

    public PublicKey GroupKey { get; }

    public IReadOnlyList<Point> PublicShares => _publicShares;

    /// <summary>The key share's public digest (binds the chain code as well).</summary>
    public ReadOnlySpan<byte> PublicDigest => _digest;

    /// <summary>P(k) of a committee member.</summary>
    public Point PublicShare(PartyIndex party)
    {
        var p = Array.BinarySearch(_parties, party);
        return p >= 0 ? _publicShares[p] : throw new ArgumentException($"{party} is not in the committee", nameof(party));
    }

    /// <summary>True when <paramref name="chainCode"/> is the chain code this state's digest binds.</summary>
    public bool MatchesChainCode(ReadOnlySpan<byte> chainCode) =>
        chainCode.Length == KeyShare.ChainCodeLength
        && CryptographicOperations.FixedTimeEquals(
            KeyShare.ComputePublicDigest(KeyId, Epoch, Threshold, _parties, _publicShares, GroupKey.Point, chainCode), _digest);

    public override string ToString() => $"KeyPublicState(t={Threshold}, n={_parties.Length}, epoch={Epoch}, key={GroupKey})";
}
