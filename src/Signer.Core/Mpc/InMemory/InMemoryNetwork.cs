namespace DltSigner.Core.Mpc.InMemory;

/// <summary>
/// n parties in one process (tests and the CLI's local mode). Every message is encoded and decoded
/// with the wire codec on the way, so the strict decoder is exercised. Faults (<see cref="FaultRule"/>)
/// are decided per single-recipient copy by a System.Random seeded from the network seed and the
/// copy's (sender, recipient, round, sender's send count): the same seed gives the same faults,
/// whatever the thread interleaving. That randomness schedules tests only; it never touches crypto.
/// </summary>
public sealed class InMemoryNetwork
{
    private readonly Mailbox[] mailboxes;
    private readonly List<RuleState> rules = [];
    private readonly long[] sendCounts;
    private readonly int seed;
    private readonly Lock gate = new();

    public InMemoryNetwork(int parties, int seed = 0)
    {
        Parties = PartyIndex.Range(parties);
        mailboxes = [.. Parties.Select(_ => new Mailbox())];
        sendCounts = new long[parties];
        this.seed = seed;
    }

    public IReadOnlyList<PartyIndex> Parties { get; }

    /// <summary>Copies that reached a mailbox (duplicates counted twice).</summary>
    public int Delivered { get; private set; }

    public int Dropped { get; private set; }

    /// <summary>Adds a fault rule; rules apply in the order added.</summary>
    public InMemoryNetwork AddRule(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Action == FaultAction.Tamper && rule.Tamper is null)
        {
            throw new ArgumentException("a tamper rule needs a Tamper callback", nameof(rule));
        }

        lock (gate)
        {
            rules.Add(new RuleState(rule));
        }

        return this;
    }

    /// <summary>The delivery of one party: it can send only as itself and reads only its own mailbox.</summary>
    public IDelivery Delivery(PartyIndex party) => new PartyDelivery(this, Check(party));

    /// <summary>
    /// Runs every party's protocol function concurrently and collects each result or exception.
    /// <paramref name="timeout"/> (default 30 s) cancels whatever is still running, so the call is bounded.
    /// </summary>
    public async Task<IReadOnlyList<PartyOutcome<T>>> RunAllAsync<T>(
        Func<PartyIndex, IDelivery, CancellationToken, Task<T>> protocol, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var tasks = Parties.Select(p => Task.Run(async () =>
        {
            try
            {
                return new PartyOutcome<T>(p, await protocol(p, Delivery(p), cts.Token).ConfigureAwait(false), null);
            }
            catch (Exception ex)
            {
                return new PartyOutcome<T>(p, default, ex);
            }
        })).ToArray();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private PartyIndex Check(PartyIndex party) =>
        party.IsValid && party.Value <= Parties.Count ? party : throw new ArgumentOutOfRangeException(nameof(party), "not a party of this network");

    private void Send(PartyIndex from, Envelope message)
    {
        if (message.Sender != from)
        {
            // A real transport authenticates the channel; here the delivery object is the identity.
            throw new InvalidOperationException($"{from} tried to send as {message.Sender}");
        }

        IEnumerable<PartyIndex> recipients = message.Recipient is { } to ? [Check(to)] : Parties.Where(p => p != from);
        lock (gate)
        {
            foreach (var recipient in recipients)
            {
                var sequence = sendCounts[from.Value - 1]++;
                var random = new Random(Mix(seed, from.Value, recipient.Value, message.Round, sequence));
                Route(message, recipient, random);
            }
        }
    }

    private void Route(Envelope copy, PartyIndex recipient, Random random)
    {
        var copies = 1;
        var placement = FaultAction.Duplicate;
        foreach (var state in rules)
        {
            if (state.Remaining <= 0 || !state.Rule.Matches(copy, recipient) || random.NextDouble() >= state.Rule.Probability)
            {
                continue;
            }

            state.Remaining--;
            switch (state.Rule.Action)
            {
                case FaultAction.Drop:
                    Dropped++;
                    return;
                case FaultAction.Duplicate:
                    copies = 2;
                    break;
                case FaultAction.Tamper:
                    copy = state.Rule.Tamper!(copy);
                    break;
                default:
                    placement = state.Rule.Action;
                    break;
            }
        }

        var bytes = copy.Encode();
        for (var i = 0; i < copies; i++)
        {
            mailboxes[recipient.Value - 1].Put(copy.Sender, bytes, placement, random);
            Delivered++;
        }
    }

    /// <summary>A fixed integer mix (not HashCode, which is randomised per process).</summary>
    private static int Mix(int seed, int from, int to, int round, long sequence)
    {
        var h = (ulong)(uint)seed;
        foreach (var v in new[] { (ulong)from, (ulong)to, (ulong)round, (ulong)sequence })
        {
            h = (h ^ v) * 0x9E3779B97F4A7C15UL;
            h ^= h >> 29;
        }

        return (int)(h ^ (h >> 32));
    }

    private sealed class RuleState(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int Remaining { get; set; } = rule.Times;
    }

    private sealed class PartyDelivery(InMemoryNetwork network, PartyIndex self) : IDelivery
    {
        public ValueTask SendAsync(Envelope message, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(message);
            cancellationToken.ThrowIfCancellationRequested();
            network.Send(self, message);
            return ValueTask.CompletedTask;
        }

        public ValueTask<Envelope> ReceiveAsync(CancellationToken cancellationToken) =>
            network.mailboxes[self.Value - 1].TakeAsync(cancellationToken);
    }

    /// <summary>Pending encoded messages of one party; delayed ones are read only when nothing else is pending.</summary>
    private sealed class Mailbox
    {
        private readonly Lock gate = new();
        private readonly List<(PartyIndex From, byte[] Bytes)> ready = [];
        private readonly List<(PartyIndex From, byte[] Bytes)> delayed = [];
        private readonly SemaphoreSlim available = new(0);

        public void Put(PartyIndex from, byte[] bytes, FaultAction placement, Random random)
        {
            lock (gate)
            {
                switch (placement)
                {
                    case FaultAction.Delay:
                        delayed.Add((from, bytes));
                        break;
                    case FaultAction.Reorder:
                        ready.Insert(random.Next(ready.Count + 1), (from, bytes));
                        break;
                    default:
                        ready.Add((from, bytes));
                        break;
                }
            }

            available.Release();
        }

        public async ValueTask<Envelope> TakeAsync(CancellationToken cancellationToken)
        {
            await available.WaitAsync(cancellationToken).ConfigureAwait(false);
            (PartyIndex From, byte[] Bytes) item;
            lock (gate)
            {
                var source = ready.Count > 0 ? ready : delayed;
                item = source[0];
                source.RemoveAt(0);
            }

            try
            {
                return Envelope.Decode(item.Bytes);
            }
            catch (CryptoFormatException ex)
            {
                throw new ProtocolException(ProtocolErrorKind.InvalidMessage, ex.Check, [new Blame(item.From, ex.Check, 0)], ex);
            }
        }
    }
}
