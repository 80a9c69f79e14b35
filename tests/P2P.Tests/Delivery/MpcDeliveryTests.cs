using DltSigner.Core.Mpc;
using DltSigner.P2P.Delivery;
using DltSigner.P2P.Identity;
using DltSigner.P2P.RequestResponse;
using DltSigner.P2P.Tests.Support;

namespace DltSigner.P2P.Tests.Delivery;

/// <summary>The delivery's checks: each attack is an envelope a peer injects on its authenticated stream.</summary>
public sealed class MpcDeliveryTests : IAsyncLifetime
{
    private const string Protocol = "test/proto";
    private static readonly PartyIndex P1 = new(1);
    private static readonly PartyIndex P2 = new(2);
    private static readonly PartyIndex P3 = new(3);

    private readonly InMemoryStreams streams = new();
    private readonly Dictionary<PartyIndex, IdentityKey> keys = PartyIndex.Range(3).ToDictionary(p => p, _ => IdentityKey.Generate());
    private readonly IdentityKey outsider = IdentityKey.Generate();
    private readonly SessionId session = SessionId.Random();
    private Dictionary<PartyIndex, PeerId> map = [];
    private MpcDeliveryHub hub1 = null!;
    private MpcDelivery delivery1 = null!;

    public Task InitializeAsync()
    {
        map = keys.ToDictionary(k => k.Key, k => k.Value.PeerId);
        hub1 = new MpcDeliveryHub(map[P1], streams.DialerFor(map[P1]), new MpcDeliveryOptions { SessionWait = TimeSpan.FromMilliseconds(200) });
        streams.Register(map[P1], hub1.Handler);
        delivery1 = hub1.Open(session, P1, map);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        delivery1.Dispose();
        await streams.DisposeAsync();
        foreach (var k in keys.Values)
        {
            k.Dispose();
        }

        outsider.Dispose();
    }

    /// <summary>What a peer's raw stream to party 1 answers to these bytes.</summary>
    private async Task<DeliveryAck> InjectAsync(PeerId from, Envelope envelope)
    {
        var client = new RequestResponseClient(streams.DialerFor(from), MpcDeliveryOptions.Protocol);
        var answer = await client.RequestAsync(map[P1], envelope.Encode(), CancellationToken.None);
        return (DeliveryAck)Assert.Single(answer);
    }

    private Envelope Message(PartyIndex sender, PartyIndex? recipient = null, ushort round = 1, byte payload = 7, SessionId? other = null) =>
        new(other ?? session, Protocol, round, sender, recipient, new byte[] { payload });

    private async Task<Envelope?> TryReceiveAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        try
        {
            return await delivery1.ReceiveAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [Fact]
    public async Task Envelope_from_its_own_sender_is_delivered()
    {
        Assert.Equal(DeliveryAck.Accepted, await InjectAsync(map[P2], Message(P2)));
        Assert.Equal(Message(P2), await TryReceiveAsync());
    }

    [Fact]
    public async Task Sender_index_of_another_party_aborts_blaming_the_authenticated_peer()
    {
        // P2's authenticated stream carries an envelope that claims to be P3's.
        Assert.Equal(DeliveryAck.Refused, await InjectAsync(map[P2], Message(P3)));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var e = await Assert.ThrowsAsync<ProtocolException>(async () => await delivery1.ReceiveAsync(cts.Token));
        Assert.Equal(ProtocolErrorKind.InvalidMessage, e.Kind);
        Assert.Equal(P2, Assert.Single(e.Blame).Party);
    }

    [Fact]
    public async Task Peer_outside_the_party_set_is_refused_and_nothing_is_delivered()
    {
        Assert.Equal(DeliveryAck.Refused, await InjectAsync(outsider.PeerId, Message(P2)));
        Assert.Null(await TryReceiveAsync());
    }

    [Fact]
    public async Task Identical_replay_is_delivered_once()
    {
        Assert.Equal(DeliveryAck.Accepted, await InjectAsync(map[P2], Message(P2)));
        Assert.Equal(DeliveryAck.Duplicate, await InjectAsync(map[P2], Message(P2)));
        Assert.NotNull(await TryReceiveAsync());
        Assert.Null(await TryReceiveAsync());
    }

    [Fact]
    public async Task Different_second_message_for_a_round_is_passed_on_for_the_inbox_to_name_equivocation()
    {
        Assert.Equal(DeliveryAck.Accepted, await InjectAsync(map[P2], Message(P2, payload: 1)));
        Assert.Equal(DeliveryAck.Accepted, await InjectAsync(map[P2], Message(P2, payload: 2)));
        var inbox = new RoundInbox(session, Protocol, P1, PartyIndex.Range(3));
        inbox.Accept((await TryReceiveAsync())!);
        var e = Assert.Throws<ProtocolException>(() => inbox.Accept(TryReceiveAsync().GetAwaiter().GetResult()!));
        Assert.Equal(P2, Assert.Single(e.Blame).Party);
    }

    [Fact]
    public async Task Point_to_point_message_for_another_party_aborts_blaming_its_sender()
    {
        Assert.Equal(DeliveryAck.Refused, await InjectAsync(map[P2], Message(P2, recipient: P3)));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var e = await Assert.ThrowsAsync<ProtocolException>(async () => await delivery1.ReceiveAsync(cts.Token));
        Assert.Equal(P2, Assert.Single(e.Blame).Party);
    }

    [Fact]
    public async Task Envelope_of_another_session_is_not_delivered_into_this_one()
    {
        Assert.Equal(DeliveryAck.UnknownSession, await InjectAsync(map[P2], Message(P2, other: SessionId.Random())));
        Assert.Null(await TryReceiveAsync());
    }

    [Fact]
    public async Task Closed_session_refuses_late_messages_and_cannot_be_reopened()
    {
        delivery1.Dispose();
        Assert.Equal(DeliveryAck.Closed, await InjectAsync(map[P2], Message(P2)));
        Assert.Throws<InvalidOperationException>(() => hub1.Open(session, P1, map));
    }

    [Fact]
    public async Task Undecodable_bytes_are_refused()
    {
        var client = new RequestResponseClient(streams.DialerFor(map[P2]), MpcDeliveryOptions.Protocol);
        var answer = await client.RequestAsync(map[P1], new byte[] { 0x44, 0x53, 0x4D }, CancellationToken.None);
        Assert.Equal((byte)DeliveryAck.Refused, Assert.Single(answer));
        Assert.Null(await TryReceiveAsync());
    }

    [Fact]
    public async Task Sending_to_a_party_that_never_opens_the_session_fails_after_the_wait()
    {
        var hub2 = new MpcDeliveryHub(map[P2], streams.DialerFor(map[P2]));
        streams.Register(map[P2], hub2.Handler);
        var e = await Assert.ThrowsAsync<ProtocolException>(async () =>
            await delivery1.SendAsync(new Envelope(session, Protocol, 1, P1, P2, new byte[] { 1 }), CancellationToken.None));
        Assert.Equal(ProtocolErrorKind.Io, e.Kind);
    }

    [Fact]
    public void Party_map_must_map_self_to_this_node()
    {
        var wrong = new Dictionary<PartyIndex, PeerId>(map) { [P1] = outsider.PeerId };
        Assert.Throws<ArgumentException>(() => hub1.Open(SessionId.Random(), P1, wrong));
        var duplicate = new Dictionary<PartyIndex, PeerId>(map) { [P3] = map[P2] };
        Assert.Throws<ArgumentException>(() => hub1.Open(SessionId.Random(), P1, duplicate));
    }
}
