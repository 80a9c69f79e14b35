using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Protocols.Dkg;
using DltSigner.Core.Protocols.Refresh;
using DltSigner.Core.Sharing;
using DltSigner.Core.Tests.Protocols.Dkg;

namespace DltSigner.Core.Tests.Protocols.Refresh;

/// <summary>Runs refresh and reshare over the in-memory network, with optional deviating parties.</summary>
internal static class RefreshTestSupport
{
    /// <summary>A deviation: given the honest plan, the party's plan and dealer constant.</summary>
    public delegate (DealingPlan Plan, Scalar Constant) Deviation(DealingPlan plan, Scalar constant);

    public static Task<IReadOnlyList<PartyOutcome<KeyShare>>> RunRefresh(
        IReadOnlyList<KeyShare> shares, Func<PartyIndex, KeyShare>? shareOf = null, PartyIndex? deviant = null, Deviation? deviation = null, FaultRule? rule = null)
    {
        var network = new InMemoryNetwork(shares.Count);
        if (rule is not null)
        {
            network.AddRule(rule);
        }

        var sid = SessionId.Random();
        return network.RunAllAsync<KeyShare>(async (party, delivery, ct) =>
        {
            var share = shareOf?.Invoke(party) ?? shares[party.Value - 1];
            var session = new MpcSession(delivery, sid, Core.Protocols.Refresh.Refresh.ProtocolName, party, network.Parties, DkgTestSupport.Options(network));
            if (party != deviant || deviation is null)
            {
                return await Core.Protocols.Refresh.Refresh.RunAsync(session, share, ct);
            }

            var (plan, constant) = deviation(Core.Protocols.Refresh.Refresh.Plan(session, share), Scalar.Zero);
            return (await KeyGenerationRun.RunAsync(session, plan, constant, share.Secret.Value, ct))!;
        }, TimeSpan.FromSeconds(300));
    }

    /// <summary>
    /// Reshare with network parties 1..N (N = max index of dealers ∪ committee); parties outside the
    /// session return null at once. Old shares by index (null for joining parties).
    /// </summary>
    public static Task<IReadOnlyList<PartyOutcome<KeyShare?>>> RunReshare(
        IReadOnlyList<KeyShare> oldShares, ReshareParameters parameters, PartyIndex? deviant = null, Deviation? deviation = null, Func<PartyIndex, KeyPublicState?>? stateOf = null, FaultRule? rule = null)
    {
        var union = parameters.Dealers.Union(parameters.NewCommittee).Order().ToList();
        var network = new InMemoryNetwork(union[^1].Value);
        if (rule is not null)
        {
            network.AddRule(rule);
        }

        var state = oldShares[0].PublicState;
        var sid = SessionId.Random();
        return network.RunAllAsync<KeyShare?>(async (party, delivery, ct) =>
        {
            if (!union.Contains(party))
            {
                return null;
            }

            var old = oldShares.FirstOrDefault(s => s.Self == party);
            var session = new MpcSession(delivery, sid, Reshare.ProtocolName, party, union, DkgTestSupport.Options(network));
            if (stateOf?.Invoke(party) is { } view)
            {
                return await Reshare.RunAsync(session, parameters, null, view, ct);
            }

            if (party != deviant || deviation is null)
            {
                return await Reshare.RunAsync(session, parameters, old, old is null ? state : null, ct);
            }

            var lambda = Lagrange.AtZero(ShareIndex.FromParties([.. parameters.Dealers]), party.Value);
            var (plan, constant) = deviation(Reshare.Plan(session, parameters, old, null), lambda * old!.Secret.Value);
            return await KeyGenerationRun.RunAsync(session, plan, constant, Scalar.Zero, ct);
        }, TimeSpan.FromSeconds(300));
    }

    public static KeyShare[] Results(IReadOnlyList<PartyOutcome<KeyShare?>> outcomes)
    {
        foreach (var o in outcomes)
        {
            Assert.True(o.Succeeded, $"{o.Party}: {o.Error}");
        }

        return [.. outcomes.Where(o => o.Result is not null).Select(o => (KeyShare)o.Result!)];
    }

    public static void DisposeAll(IReadOnlyList<PartyOutcome<KeyShare?>> outcomes)
    {
        foreach (var o in outcomes)
        {
            o.Result?.Dispose();
        }
    }
}
