using DltSigner.Core.Mpc;

namespace DltSigner.Core.Tests.Mpc;

public sealed class RoundInboxTests
{
    private const string Protocol = "test/inbox";
    private static readonly SessionId Sid = SessionId.Derive(Protocol, [42]);
    private static readonly PartyIndex P1 = new(1);
    private static readonly PartyIndex P2 = new(2);
    private static readonly PartyIndex P3 = new(3);

    private static RoundInbox NewInbox(int maxBuffered = RoundInbox.DefaultMaxBufferedPerSender) =>
        new(Sid, Protocol, P1, PartyIndex.Range(3), maxBuffered);

    private static Envelope Msg(PartyIndex from, ushort round, byte[] payload, PartyIndex? to = null, SessionId? session = null, string protocol = Protocol) =>
        new(session ?? Sid, protocol, round, from, to, payload);

    private static void ExpectBlame(RoundInbox inbox, Envelope message, PartyIndex party, string check)
    {
        var ex = Assert.Throws<ProtocolException>(() => inbox.Accept(message));
        Assert.Equal(ProtocolErrorKind.InvalidMessage, ex.Kind);
        var blame = Assert.Single(ex.Blame);
        Assert.Equal(party, blame.Party);
        Assert.Equal(check, blame.Check);
        Assert.Equal(message.Round, blame.Round);
    }

    [Fact]
    public void Collects_one_message_per_sender()
    {
        var inbox = NewInbox();
        inbox.Expect(1, MessageKind.Broadcast);
        Assert.True(inbox.Accept(Msg(P2, 1, [2])));
        Assert.False(inbox.TryTake(1, out _));
        Assert.Equal([P3], inbox.Missing(1));
        Assert.True(inbox.Accept(Msg(P3, 1, [3])));
        Assert.True(inbox.TryTake(1, out var messages));
        Assert.Equal([P2, P3], messages.Keys);
        Assert.Equal(new byte[] { 3 }, messages[P3].Payload.ToArray());
    }

    [Fact]
    public void Future_rounds_are_buffered_until_expected()
    {
        var inbox = NewInbox();
        Assert.True(inbox.Accept(Msg(P2, 2, [2])));
        Assert.True(inbox.Accept(Msg(P3, 2, [3])));
        inbox.Expect(1, MessageKind.Broadcast);
        Assert.False(inbox.TryTake(1, out _));
        inbox.Expect(2, MessageKind.Broadcast);
        Assert.True(inbox.TryTake(2, out var messages));
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public void Identical_duplicates_are_ignored_even_after_the_round()
    {
        var inbox = NewInbox();
        inbox.Expect(1, MessageKind.Broadcast);
        Assert.True(inbox.Accept(Msg(P2, 1, [2])));
        Assert.False(inbox.Accept(Msg(P2, 1, [2])));
        inbox.Accept(Msg(P3, 1, [3]));
        Assert.True(inbox.TryTake(1, out _));
        Assert.False(inbox.Accept(Msg(P3, 1, [3])));
    }

    [Fact]
    public void A_different_second_message_is_equivocation()
    {
        var inbox = NewInbox();
        inbox.Accept(Msg(P2, 1, [2]));
        ExpectBlame(inbox, Msg(P2, 1, [9]), P2, "equivocation: two different messages for one round");

        // Also after the round was taken.
        inbox = NewInbox();
        inbox.Expect(1, MessageKind.Broadcast);
        inbox.Accept(Msg(P2, 1, [2]));
        inbox.Accept(Msg(P3, 1, [3]));
        Assert.True(inbox.TryTake(1, out _));
        ExpectBlame(inbox, Msg(P3, 1, [4]), P3, "equivocation: two different messages for one round");
    }

    [Fact]
    public void Header_checks_blame_the_sender()
    {
        var inbox = NewInbox();
        ExpectBlame(inbox, Msg(P2, 1, [], session: SessionId.Derive(Protocol, [43])), P2, "wrong session id");
        ExpectBlame(inbox, Msg(P2, 1, [], protocol: "other"), P2, "wrong protocol");
        ExpectBlame(inbox, Msg(P1, 1, []), P1, "message from self");
        ExpectBlame(inbox, Msg(new PartyIndex(9), 1, []), new PartyIndex(9), "unknown sender");
        ExpectBlame(inbox, Msg(P2, 1, [], to: P3), P2, "addressed to another party");
    }

    [Fact]
    public void Wrong_kind_is_rejected_now_or_when_the_round_is_expected()
    {
        var inbox = NewInbox();
        inbox.Expect(1, MessageKind.Broadcast);
        ExpectBlame(inbox, Msg(P2, 1, [], to: P1), P2, "point-to-point message in a broadcast round");

        inbox.Accept(Msg(P3, 2, [1]));
        var ex = Assert.Throws<ProtocolException>(() => inbox.Expect(2, MessageKind.PointToPoint));
        Assert.Equal(P3, Assert.Single(ex.Blame).Party);
        Assert.Equal("broadcast in a point-to-point round", ex.Blame[0].Check);
    }

    [Fact]
    public void Senders_outside_the_expected_subset_and_completed_rounds_are_rejected()
    {
        var inbox = NewInbox();
        inbox.Expect(1, MessageKind.Broadcast, [P2]);
        ExpectBlame(inbox, Msg(P3, 1, []), P3, "sender not expected in this round");
        inbox.Accept(Msg(P2, 1, []));
        Assert.True(inbox.TryTake(1, out _));
        ExpectBlame(inbox, Msg(P3, 1, []), P3, "message for a completed round");
    }

    [Fact]
    public void Buffering_is_bounded_per_sender()
    {
        var inbox = NewInbox(maxBuffered: 2);
        inbox.Accept(Msg(P2, 5, []));
        inbox.Accept(Msg(P2, 6, []));
        ExpectBlame(inbox, Msg(P2, 7, []), P2, "too many messages for future rounds");

        // Collecting a round frees its buffer slots.
        inbox.Expect(5, MessageKind.Broadcast, [P2]);
        Assert.True(inbox.Accept(Msg(P2, 7, [])));
    }

    [Fact]
    public void Misuse_is_a_bug_not_a_peer_fault()
    {
        var inbox = NewInbox();
        Assert.Equal(ProtocolErrorKind.Bug, Assert.Throws<ProtocolException>(() => inbox.TryTake(1, out _)).Kind);
        inbox.Expect(1, MessageKind.Broadcast);
        Assert.Equal(ProtocolErrorKind.Bug, Assert.Throws<ProtocolException>(() => inbox.Expect(1, MessageKind.Broadcast)).Kind);
        Assert.Equal(ProtocolErrorKind.Bug, Assert.Throws<ProtocolException>(() => inbox.Expect(2, MessageKind.Broadcast, [P1])).Kind);
        Assert.Throws<ArgumentException>(() => new RoundInbox(Sid, Protocol, new PartyIndex(4), PartyIndex.Range(3)));
    }
}
