namespace DltSigner.Core.Mpc;

/// <summary>
/// Validates incoming envelopes for one session and groups them by round: exactly one message per
/// expected sender and round. Messages for rounds not yet collected are buffered (bounded per
/// sender); identical duplicates are ignored; a second, different message from a sender for the same
/// round is equivocation. Synchronous and single-threaded: the core of both <see cref="MpcSession"/>
/// and the steppable <see cref="IRoundProtocol{TResult}"/> protocols. Each round carries one
/// message kind (a protocol that needs a broadcast and point-to-point messages uses two rounds).
/// </summary>
public sealed class RoundInbox
{
    /// <summary>Default cap on messages buffered per sender for rounds not yet collected.</summary>
    public const int DefaultMaxBufferedPerSender = 32;

    private readonly Dictionary<ushort, Slot> rounds = [];
    private readonly Dictionary<PartyIndex, int> bufferedPerSender = [];
    private readonly HashSet<PartyIndex> parties;
    private readonly int maxBufferedPerSender;

    public RoundInbox(SessionId session, string protocol, PartyIndex self, IEnumerable<PartyIndex> parties, int maxBufferedPerSender = DefaultMaxBufferedPerSender)
    {
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBufferedPerSender, 1);
        Session = session.IsValid ? session : throw new ArgumentException("uninitialised session id", nameof(session));
        Protocol = Envelope.IsValidProtocolName(protocol) ? protocol : throw new ArgumentException("invalid protocol name", nameof(protocol));
        Self = self.IsValid ? self : throw new ArgumentException("invalid party index", nameof(self));
        this.parties = [.. parties];
        if (this.parties.Any(p => !p.IsValid) || !this.parties.Contains(self))
        {
            throw new ArgumentException("the party set must hold valid indices including self", nameof(parties));
        }

        this.maxBufferedPerSender = maxBufferedPerSender;
        Others = [.. this.parties.Where(p => p != self).Order()];
    }

    public SessionId Session { get; }

    public string Protocol { get; }

    public PartyIndex Self { get; }

    /// <summary>Every party but self, ascending.</summary>
    public IReadOnlyList<PartyIndex> Others { get; }

    /// <summary>
    /// Checks and stores one message. Returns false for an identical duplicate (ignored); throws a
    /// <see cref="ProtocolException"/> of kind InvalidMessage blaming the sender for anything else wrong.
    /// </summary>
    public bool Accept(Envelope message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sender = message.Sender;
        int round = message.Round;
        if (sender == Self)
        {
            throw Reject(sender, "message from self", round);
        }

        if (!parties.Contains(sender))
        {
            throw Reject(sender, "unknown sender", round);
        }

        if (message.Session != Session)
        {
            throw Reject(sender, "wrong session id", round);
        }

        if (!string.Equals(message.Protocol, Protocol, StringComparison.Ordinal))
        {
            throw Reject(sender, "wrong protocol", round);
        }

        if (message.Recipient is { } to && to != Self)
        {
            throw Reject(sender, "addressed to another party", round);
        }

        var slot = GetSlot(message.Round);
        if (slot.Messages.TryGetValue(sender, out var existing))
        {
            // The same bytes twice is a network artefact; different bytes is equivocation.
            return existing.Equals(message) ? false : throw Reject(sender, "equivocation: two different messages for one round", round);
        }

        if (slot.Completed)
        {
            throw Reject(sender, "message for a completed round", round);
        }

        if (slot.Expected is { } expected)
        {
            CheckExpected(slot, expected, message);
        }
        else
        {
            var count = bufferedPerSender.GetValueOrDefault(sender);
            if (count >= maxBufferedPerSender)
            {
                throw Reject(sender, "too many messages for future rounds", round);
            }

            bufferedPerSender[sender] = count + 1;
        }

        slot.Messages[sender] = message;
        return true;
    }

    /// <summary>
    /// Declares that <paramref name="round"/> needs one message of <paramref name="kind"/> from each of
    /// <paramref name="from"/> (default: all other parties); buffered messages are checked now.
    /// </summary>
    public void Expect(ushort round, MessageKind kind, IReadOnlyCollection<PartyIndex>? from = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(round);
        var senders = from is null ? [.. Others] : new HashSet<PartyIndex>(from);
        if (senders.Contains(Self) || !senders.IsSubsetOf(parties))
        {
            throw new ProtocolException(ProtocolErrorKind.Bug, $"round {round}: expected senders must be other session parties");
        }

        var slot = GetSlot(round);
        if (slot.Expected is not null || slot.Completed)
        {
            throw new ProtocolException(ProtocolErrorKind.Bug, $"round {round} expected twice");
        }

        slot.Expected = senders;
        slot.Kind = kind;
        foreach (var message in slot.Messages.Values.OrderBy(m => m.Sender).ToList())
        {
            bufferedPerSender[message.Sender]--;
            CheckExpected(slot, senders, message);
        }
    }

    /// <summary>The expected senders of <paramref name="round"/> whose message has not arrived yet.</summary>
    public IReadOnlyList<PartyIndex> Missing(ushort round) =>
        rounds.TryGetValue(round, out var slot) && slot.Expected is { } expected
            ? [.. expected.Where(p => !slot.Messages.ContainsKey(p)).Order()]
            : [];

    /// <summary>
    /// When every expected message of <paramref name="round"/> is in, closes the round and returns them
    /// by sender (ascending). Later copies of these messages are then checked against them.
    /// </summary>
    public bool TryTake(ushort round, out IReadOnlyDictionary<PartyIndex, Envelope> messages)
    {
        messages = new SortedDictionary<PartyIndex, Envelope>();
        if (!rounds.TryGetValue(round, out var slot) || slot.Expected is null)
        {
            throw new ProtocolException(ProtocolErrorKind.Bug, $"round {round} taken before it was expected");
        }

        if (slot.Completed || slot.Messages.Count < slot.Expected.Count)
        {
            return false;
        }

        slot.Completed = true;
        messages = new SortedDictionary<PartyIndex, Envelope>(slot.Messages);
        return true;
    }

    private void CheckExpected(Slot slot, HashSet<PartyIndex> expected, Envelope message)
    {
        if (!expected.Contains(message.Sender))
        {
            throw Reject(message.Sender, "sender not expected in this round", message.Round);
        }

        if (message.Kind != slot.Kind)
        {
            throw Reject(message.Sender, slot.Kind == MessageKind.Broadcast ? "point-to-point message in a broadcast round" : "broadcast in a point-to-point round", message.Round);
        }
    }

    private Slot GetSlot(ushort round)
    {
        if (!rounds.TryGetValue(round, out var slot))
        {
            slot = new Slot();
            rounds[round] = slot;
        }

        return slot;
    }

    private static ProtocolException Reject(PartyIndex sender, string check, int round) =>
        ProtocolException.Blaming(ProtocolErrorKind.InvalidMessage, sender, check, round);

    private sealed class Slot
    {
        public Dictionary<PartyIndex, Envelope> Messages { get; } = [];

        public HashSet<PartyIndex>? Expected { get; set; }

        public MessageKind Kind { get; set; }

        public bool Completed { get; set; }
    }
}
