using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Proofs;
using DltSigner.Core.Sharing;

namespace DltSigner.Core.Protocols.Dkg;

/// <summary>
/// Rounds 1–2 of a run: commit-then-reveal Feldman dealing (Lin23 Protocol 9.1 shape, protocol.md §4).
/// Round 1 (broadcast, echoed): parameter digest and, from each dealer, Com_i = H(sid, i, C_i ‖ cc_i).
/// Round 2 (P2P): the opening (C_i, cc_i, nonce, PoK) and the share f_i(j), plus the pairwise stage-1
/// bytes (<see cref="PairwiseExchange"/>). Receivers then check DKG1 (opening), DKG2 (constant term),
/// DKG3 (Feldman share) for every dealer, blaming the dealer, and combine.
/// </summary>
internal static class DealingRounds
{
    public const ushort AnnounceRound = 1;
    public const ushort DealRound = 2;

    private const string CommitLabel = "dkls23/dkg/dealing";
    private const string ProofLabel = "dkls23/dkg/pok";

    /// <summary>The combined result a receiver holds after round 2 (x is secret).</summary>
    public sealed record Combined(Scalar Secret, Point GroupKey, Point[] PublicShares, byte[] ChainCode);

    public static async Task<IReadOnlyDictionary<PartyIndex, DealingAnnouncement>> AnnounceAsync(
        MpcSession session, DealingPlan plan, HashCommitment? ownCommitment, CancellationToken ct)
    {
        var own = new DealingAnnouncement(plan.ParameterDigest, ownCommitment);
        await session.BroadcastAsync(AnnounceRound, own.Encode(), ct).ConfigureAwait(false);
        var all = await EchoBroadcast.ReceiveAsync(session, AnnounceRound, ct).ConfigureAwait(false);
        var result = new SortedDictionary<PartyIndex, DealingAnnouncement>();
        var blame = new List<Blame>();
        foreach (var (party, payload) in all)
        {
            if (party == session.Self)
            {
                result[party] = own;
                continue;
            }

            var announcement = Decode(party, AnnounceRound, () => DealingAnnouncement.Decode(payload.Span, Contains(plan.Dealers, party)));
            if (!CryptographicOperations.FixedTimeEquals(announcement.ParameterDigest, plan.ParameterDigest))
            {
                blame.Add(new Blame(party, DkgChecks.Parameters, AnnounceRound));
            }

            result[party] = announcement;
        }

        ThrowIfBlamed(blame, "parameters differ");
        return result;
    }

    /// <summary>The dealer's commitment to its opening; <paramref name="nonce"/> is kept for round 2.</summary>
    public static HashCommitment Commit(MpcSession session, FeldmanCommitment commitments, byte[] chainCode, out byte[] nonce) =>
        HashCommitment.Commit(new ProofContext(CommitLabel, session.SessionId, session.Self), DealerMessage.CommittedData(commitments, chainCode), out nonce);

    public static SchnorrProof Prove(MpcSession session, Polynomial polynomial, FeldmanCommitment commitments) =>
        SchnorrProof.Prove(new ProofContext(ProofLabel, session.SessionId, session.Self), polynomial.ConstantTerm, commitments.ConstantCommitment);

    /// <summary>Checks one dealer's round-2 message (DKG1–DKG3); returns the failed check or null.</summary>
    public static string? Verify(MpcSession session, DealingPlan plan, PartyIndex dealer, HashCommitment commitment, DealerMessage m)
    {
        var data = DealerMessage.CommittedData(m.Commitments, m.ChainCode);
        if (!commitment.Verify(new ProofContext(CommitLabel, session.SessionId, dealer), m.Nonce, data))
        {
            return DkgChecks.Commitment;
        }

        var c0 = m.Commitments.ConstantCommitment;
        var constantOk = plan.Kind switch
        {
            DealingKind.Fresh => m.Proof is not null && m.Proof.Verify(new ProofContext(ProofLabel, session.SessionId, dealer), c0),
            DealingKind.Zero => c0.IsInfinity,
            _ => plan.ExpectedConstants is not null && plan.ExpectedConstants.TryGetValue(dealer, out var expected) && c0 == expected,
        };
        if (!constantOk)
        {
            return plan.Kind switch
            {
                DealingKind.Fresh => DkgChecks.ProofOfKnowledge,
                DealingKind.Zero => DkgChecks.ZeroConstant,
                _ => DkgChecks.TransferConstant,
            };
        }

        if (plan.ChainCode == ChainCodeSource.Forward && (plan.ChainCodeCheck is null || !plan.ChainCodeCheck(m.ChainCode)))
        {
            return DkgChecks.ChainCode;
        }

        return m.Commitments.VerifyShare(session.Self.Value, m.Share) ? null : DkgChecks.FeldmanShare;
    }

    /// <summary>
    /// x = base + Σ_i f_i(self); P(k) = base P(k) + Σ_i Σ_m k^m·C_{i,m}; PK = base PK + Σ_i C_{i,0};
    /// chain code per <see cref="DealingPlan.ChainCode"/>. Dealings are by dealer, ascending.
    /// </summary>
    public static Combined Combine(MpcSession session, DealingPlan plan, Scalar baseSecret, IReadOnlyList<(PartyIndex Dealer, DealerMessage Message)> dealings)
    {
        var secret = baseSecret;
        var sum = FeldmanCommitment.Sum([.. dealings.Select(d => d.Message.Commitments)]);
        foreach (var (_, m) in dealings)
        {
            secret += m.Share;
        }

        var groupKey = plan.BaseGroupKey + sum.ConstantCommitment;
        var shares = new Point[plan.Receivers.Count];
        for (var p = 0; p < shares.Length; p++)
        {
            shares[p] = sum.PublicShare(plan.Receivers[p].Value) + (plan.BasePublicShares?[p] ?? Point.Infinity);
        }

        if (groupKey.IsInfinity || (plan.ExpectedGroupKey is { } expected && groupKey != expected))
        {
            throw new ProtocolException(ProtocolErrorKind.Aborted, DkgChecks.GroupKey);
        }

        byte[] chainCode;
        switch (plan.ChainCode)
        {
            case ChainCodeSource.Contribute:
                var t = new Transcript("DltSigner/DKLs23/dkg/chain-code/v1").Append("sid", session.SessionId.Bytes);
                foreach (var (dealer, m) in dealings)
                {
                    t.Append("dealer", dealer.Value).Append("cc", m.ChainCode);
                }

                chainCode = t.Challenge("chain-code", KeyShare.ChainCodeLength);
                break;
            case ChainCodeSource.Forward:
                chainCode = dealings[0].Message.ChainCode; // all were checked against the key's code
                break;
            default:
                chainCode = plan.ChainCodeValue ?? throw new ProtocolException(ProtocolErrorKind.Bug, "refresh without chain code");
                break;
        }

        return new Combined(secret, groupKey, shares, chainCode);
    }

    /// <summary>Decodes a peer's bytes; a failure is an <see cref="ProtocolErrorKind.InvalidMessage"/> blaming the peer.</summary>
    public static T Decode<T>(PartyIndex from, int round, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (CryptoFormatException e)
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidMessage, DkgChecks.Malformed, [new Blame(from, $"{DkgChecks.Malformed}: {e.Check}", round)], e);
        }
    }

    public static void ThrowIfBlamed(List<Blame> blame, string what)
    {
        if (blame.Count > 0)
        {
            throw new ProtocolException(ProtocolErrorKind.Aborted, what, blame);
        }
    }

    public static bool Contains(IReadOnlyList<PartyIndex> set, PartyIndex party)
    {
        foreach (var p in set)
        {
            if (p == party)
            {
                return true;
            }
        }

        return false;
    }
}
