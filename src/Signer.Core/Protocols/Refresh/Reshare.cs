using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Protocols.Dkg;
using DltSigner.Core.Sharing;

namespace DltSigner.Core.Protocols.Refresh;

/// <summary>Who takes part in a reshare: t old parties deal, the new committee (n', t') receives.</summary>
public sealed record ReshareParameters(IReadOnlyList<PartyIndex> Dealers, IReadOnlyList<PartyIndex> NewCommittee, int NewThreshold);

/// <summary>
/// Resharing to a new committee (protocol.md §6): exactly t old parties (the dealers) each deal
/// λ_i·x_i (λ over the dealer set) with a fresh degree t'−1 Feldman sharing, commit-then-reveal; every
/// receiver checks C_{i,0} = λ_i·X_i against the old public shares
/// (<see cref="DkgChecks.TransferConstant"/>), so Σ_i C_{i,0} = PK, and the forwarded chain code
/// against the old public digest. New pairwise OT setups and F_Zero seeds among the new committee;
/// key id kept, epoch + 1. Parties can join (new committee only), stay, or leave (dealers only: they
/// get null and must destroy their old share; it no longer combines with the new shares).
/// </summary>
public static class Reshare
{
    public const string ProtocolName = "dkls23/reshare";

    /// <summary>
    /// Runs the reshare. The session parties must be Dealers ∪ NewCommittee. A dealer passes its old
    /// share; a joining party passes null and the old <see cref="KeyPublicState"/> (from the operator).
    /// Returns the new share, or null for a dealer that leaves.
    /// </summary>
    public static Task<KeyShare?> RunAsync(
        MpcSession session, ReshareParameters parameters, KeyShare? oldShare, KeyPublicState? oldState = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var plan = Plan(session, parameters, oldShare, oldState);
        var constant = Scalar.Zero;
        if (oldShare is not null && DealingRounds.Contains(parameters.Dealers, session.Self))
        {
            constant = Lagrange.AtZero(ShareIndex.FromParties([.. parameters.Dealers]), session.Self.Value) * oldShare.Secret.Value;
        }

        return KeyGenerationRun.RunAsync(session, plan, constant, Scalar.Zero, cancellationToken);
    }

    internal static DealingPlan Plan(MpcSession session, ReshareParameters parameters, KeyShare? oldShare, KeyPublicState? oldState)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var state = oldShare?.PublicState ?? oldState
            ?? throw new ProtocolException(ProtocolErrorKind.InvalidInput, "reshare: need the old share or the old public state");
        var dealers = parameters.Dealers;
        var committee = parameters.NewCommittee;
        var valid = IsAscending(dealers) && IsAscending(committee)
            && dealers.Count == state.Threshold && dealers.All(d => state.Parties.Contains(d))
            && committee.Count is >= 1 and <= KeyShare.MaxParties
            && parameters.NewThreshold >= 1 && parameters.NewThreshold <= committee.Count
            && session.Parties.SequenceEqual(dealers.Union(committee).Order())
            && (oldShare is not null || !dealers.Contains(session.Self));
        if (!valid)
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidInput, "reshare: dealers must be t old parties and the session Dealers ∪ NewCommittee");
        }

        var indices = ShareIndex.FromParties([.. dealers]);
        var lambdas = Lagrange.AllAtZero(indices);
        var expected = new Dictionary<PartyIndex, Point>();
        for (var k = 0; k < dealers.Count; k++)
        {
            expected[dealers[k]] = state.PublicShare(dealers[k]).MulVar(lambdas[k]);
        }

        var digest = new Transcript("DltSigner/DKLs23/reshare/parameters/v1")
            .Append("sid", session.SessionId.Bytes)
            .Append("key", state.PublicDigest)
            .Append("t-new", (ulong)parameters.NewThreshold);
        foreach (var d in dealers)
        {
            digest.Append("dealer", d.Value);
        }

        foreach (var p in committee)
        {
            digest.Append("member", p.Value);
        }

        return new DealingPlan
        {
            Kind = DealingKind.Transfer,
            Dealers = dealers,
            Receivers = committee,
            Threshold = parameters.NewThreshold,
            ParameterDigest = digest.Challenge("digest", 32),
            ChainCode = ChainCodeSource.Forward,
            ChainCodeValue = oldShare?.ChainCode.ToArray(),
            ChainCodeCheck = cc => state.MatchesChainCode(cc),
            ExpectedConstants = expected,
            ExpectedGroupKey = state.GroupKey.Point,
            KeyId = state.KeyId,
            Epoch = checked(state.Epoch + 1),
        };
    }

    private static bool IsAscending(IReadOnlyList<PartyIndex> parties)
    {
        for (var k = 0; k < parties.Count; k++)
        {
            if (!parties[k].IsValid || (k > 0 && parties[k] <= parties[k - 1]))
            {
                return false;
            }
        }

        return parties.Count > 0;
    }
}
