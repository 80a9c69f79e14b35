using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Protocols.Dkg;

namespace DltSigner.Core.Protocols.Refresh;

/// <summary>
/// Proactive refresh (protocol.md §6): same committee, same t, same PK, new shares. Every party deals
/// a Feldman sharing of zero with commit-then-reveal; the constant-term commitment must be the
/// identity (check <see cref="DkgChecks.ZeroConstant"/>); x_i' = x_i + Σ_j g_j(i), P'(k) = P(k) +
/// Σ_j G_j(k). New pairwise base OTs (fresh Δ: leakage of any earlier selective abort is wiped) and
/// F_Zero seeds; epoch + 1. Rounds as in the DKG. The old share stays owned by the caller, who must
/// destroy it once the new one is stored: old and new shares do not combine (different polynomials)
/// and signing compares <see cref="KeyShare.PublicDigest"/>, which includes the epoch.
/// </summary>
public static class Refresh
{
    public const string ProtocolName = "dkls23/refresh";

    /// <summary>Runs the refresh; the session's parties must be exactly the share's committee, and the session id fresh.</summary>
    public static async Task<KeyShare> RunAsync(MpcSession session, KeyShare share, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(share);
        return await KeyGenerationRun.RunAsync(session, Plan(session, share), Scalar.Zero, share.Secret.Value, cancellationToken).ConfigureAwait(false)
            ?? throw new ProtocolException(ProtocolErrorKind.Bug, "refresh: every party receives a share");
    }

    /// <summary>The run's public parameters (internal so tests can drive a deviating dealer through the same engine).</summary>
    internal static DealingPlan Plan(MpcSession session, KeyShare share)
    {
        if (session.Self != share.Self || !session.Parties.SequenceEqual(share.Parties))
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidInput, "refresh: the session parties must be the key's committee");
        }

        var digest = new Transcript("DltSigner/DKLs23/refresh/parameters/v1")
            .Append("sid", session.SessionId.Bytes)
            .Append("key", share.PublicDigest)
            .Challenge("digest", 32);
        return new DealingPlan
        {
            Kind = DealingKind.Zero,
            Dealers = share.Parties,
            Receivers = share.Parties,
            Threshold = share.Threshold,
            ParameterDigest = digest,
            ChainCode = ChainCodeSource.Known,
            ChainCodeValue = share.ChainCode.ToArray(),
            BaseGroupKey = share.GroupKey.Point,
            BasePublicShares = share.PublicShares,
            ExpectedGroupKey = share.GroupKey.Point,
            KeyId = share.KeyId,
            Epoch = checked(share.Epoch + 1),
        };
    }
}
