using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;

namespace DltSigner.Core.Tests.Mpc;

public sealed class MpcSessionTests
{
    private const string Protocol = "test/session";
    private static readonly SessionId Sid = SessionId.Derive(Protocol, [5]);

    private static MpcSession Session(InMemoryNetwork network, PartyIndex party, IDelivery delivery) =>
        new(delivery, Sid, Protocol, party, network.Parties, new MpcSessionOptions { TimeProvider = network.Clock });

    [Fact]
    public async Task Point_to_point_then_broadcast_rounds()
    {
        var network = new InMemoryNetwork(4, seed: 3).AddRule(new FaultRule(FaultAction.Reorder));
        var outcomes = await network.RunAllAsync(async (party, delivery, ct) =>
        {
            var s = Session(network, party, delivery);
            foreach (var other in s.Others)
            {
                await s.SendAsync(1, other, new byte[] { (byte)party.Value, (byte)other.Value }, ct);
            }

            // Round 2 is sent before round 1 is read: receivers buffer it.
            await s.BroadcastAsync(2, new byte[] { (byte)party.Value }, ct);
            var p2p = await s.ReceiveAsync(1, MessageKind.PointToPoint, ct);
            var broadcast = await s.ReceiveAsync(2, MessageKind.Broadcast, ct);
            Assert.Equal(s.Others, p2p.Keys);
            Assert.All(p2p, kv => Assert.Equal(new byte[] { (byte)kv.Key.Value, (byte)party.Value }, kv.Value.ToArray()));
            Assert.All(broadcast, kv => Assert.Equal(new byte[] { (byte)kv.Key.Value }, kv.Value.ToArray()));
            return p2p.Count + broadcast.Count;
        });
        Assert.All(outcomes, o => Assert.Equal(6, o.Result));
    }

    [Fact]
    public async Task A_round_can_wait_for_a_subset_of_senders()
    {
        var network = new InMemoryNetwork(3);
        var p1 = new PartyIndex(1);
        var outcomes = await network.RunAllAsync(async (party, delivery, ct) =>
        {
            var s = Session(network, party, delivery);
            if (party == p1)
            {
                return (await s.ReceiveAsync(1, MessageKind.Broadcast, ct, [new PartyIndex(2)])).Count;
            }

            if (party.Value == 2)
            {
                await s.BroadcastAsync(1, new byte[] { 1 }, ct);
            }

            return 0;
        });
        Assert.Equal(1, outcomes[0].Result);
    }

    [Fact]
    public async Task Misuse_is_reported_as_a_bug()
    {
        var network = new InMemoryNetwork(2);
        var p1 = new PartyIndex(1);
        var s = Session(network, p1, network.Delivery(p1));
        await AssertBug(() => s.SendAsync(1, p1, new byte[1]).AsTask());
        await AssertBug(() => s.SendAsync(1, new PartyIndex(9), new byte[1]).AsTask());
        await AssertBug(() => s.BroadcastAsync(0x8001, new byte[1]).AsTask());
        await AssertBug(() => s.BroadcastAsync(0, new byte[1]).AsTask());
        await s.BroadcastAsync(1, new byte[1]);
        await AssertBug(() => s.BroadcastAsync(1, new byte[1]).AsTask());
        Assert.Throws<ProtocolException>(() => s.SentBroadcast(2));
        Assert.Equal(1, s.SentBroadcast(1).Length);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_a_timeout()
    {
        var network = new InMemoryNetwork(2);
        var p1 = new PartyIndex(1);
        var s = Session(network, p1, network.Delivery(p1));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => s.ReceiveAsync(1, MessageKind.Broadcast, cts.Token));
    }

    [Fact]
    public async Task Network_refuses_a_forged_sender()
    {
        var network = new InMemoryNetwork(2);
        var forged = new Envelope(Sid, Protocol, 1, new PartyIndex(2), null, new byte[1]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => network.Delivery(new PartyIndex(1)).SendAsync(forged, default).AsTask());
    }

    private static async Task AssertBug(Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<ProtocolException>(action);
        Assert.Equal(ProtocolErrorKind.Bug, ex.Kind);
    }
}
