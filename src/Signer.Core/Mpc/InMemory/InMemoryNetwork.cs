namespace DltSigner.Core.Mpc.InMemory;

/// <summary>
/// n parties in one process (tests and the CLI's local mode). Every message is encoded and decoded
/// with the wire codec on the way, so the strict decoder is exercised. Faults (<see cref="FaultRule"/>)
/// are decided per single-recipient copy by a System.Random seeded from the network seed and the
/// copy's (sender, recipient, round, sender's send count): the same seed gives the same faults,
/// whatever the thread interleaving. That randomness schedules tests only; it never touches crypto.
/// </summary>
/// <remarks>
/// Timeouts: parties whose <see cref="MpcSessionOptions.TimeProvider"/> is <see cref="Clock"/> and
/// that run through <see cref="RunAllAsync{T}"/> or <see cref="RunPartiesAsync{T}"/> see time stand
/// still while any running party still has work to do, and jump past every pending timeout once all
/// of them wait on an empty mailbox. A timeout then means "that message will never come", however
/// loaded the machine is: who is blamed is decided by the faults, never by the scheduler.
/// </remarks>
public sealed class InMemoryNetwork
{
    private readonly Mailbox[] mailboxes;
    private readonly List<RuleState> rules = [];
    private readonly long[] sendCounts;
    private readonly int seed;
    private readonly Lock gate = new();
    private readonly bool[] running;
    private readonly bool[] waiting;
    private readonly List<QuiescenceTimer> armed = [];

    public InMemoryNetwork(int parties, int seed = 0)
    {
        Parties = PartyIndex.Range(parties);
        mailboxes = [.. Parties.Select(_ => new Mailbox())];
        sendCounts = new long[parties];
        running = new bool[parties];
        waiting = new bool[parties];
        this.seed = seed;
        Clock = new QuiescenceClock(this);
    }

    /// <summary>
    /// The network's own clock for <see cref="MpcSessionOptions.TimeProvider"/> (see the remarks):
    /// a timer made by it fires only when every party running through <see cref="RunAllAsync{T}"/> or
    /// <see cref="RunPartiesAsync{T}"/> waits on an empty mailbox, and then every pending timer fires,
    /// whatever its due time. Wall-clock time is not involved, so timeout tests are deterministic and fast.
    /// </summary>
    public TimeProvider Clock { get; }

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
    public Task<IReadOnlyList<PartyOutcome<T>>> RunAllAsync<T>(
        Func<PartyIndex, IDelivery, CancellationToken, Task<T>> protocol, TimeSpan? timeout = null) =>
        RunPartiesAsync(Parties, protocol, timeout);

    /// <summary>
    /// Like <see cref="RunAllAsync{T}"/> for some of the parties (a signing subset); the others stay
    /// silent. All of them count as running before any starts, so <see cref="Clock"/> cannot fire
    /// while one of them has not begun yet. Outcomes are in the order of <paramref name="parties"/>.
    /// </summary>
    public async Task<IReadOnlyList<PartyOutcome<T>>> RunPartiesAsync<T>(
        IEnumerable<PartyIndex> parties, Func<PartyIndex, IDelivery, CancellationToken, Task<T>> protocol, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(protocol);
        var list = parties.Select(Check).ToList();
        if (list.Distinct().Count() != list.Count)
        {
            throw new ArgumentException("a party is listed twice", nameof(parties));
        }

        lock (gate)
        {
            if (list.FirstOrDefault(p => running[p.Value - 1]) is { IsValid: true } busy)
            {
                throw new InvalidOperationException($"{busy} is already running on this network");
            }

            foreach (var p in list)
            {
                running[p.Value - 1] = true;
            }
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var tasks = list.Select(p => Task.Run(async () =>
        {
            try
            {
                return new PartyOutcome<T>(p, await protocol(p, Delivery(p), cts.Token).ConfigureAwait(false), null);
            }
            catch (Exception ex)
            {
                return new PartyOutcome<T>(p, default, ex);
            }
            finally
            {
                Update(() => running[p.Value - 1] = false);
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

    private async ValueTask<Envelope> TakeAsync(PartyIndex self, CancellationToken cancellationToken)
    {
        var i = self.Value - 1;
        Update(() => waiting[i] = true);
        try
        {
            await mailboxes[i].Available.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (gate)
            {
                waiting[i] = false;
            }
        }

        PartyIndex from;
        byte[] bytes;
        lock (gate)
        {
            (from, bytes) = mailboxes[i].Take();
        }

        try
        {
            return Envelope.Decode(bytes);
        }
        catch (CryptoFormatException ex)
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidMessage, ex.Check, [new Blame(from, ex.Check, 0)], ex);
        }
    }

    /// <summary>Changes the parties' state under the lock, then fires the clock's timers if the network is now quiescent.</summary>
    private void Update(Action change)
    {
        List<QuiescenceTimer>? due = null;
        lock (gate)
        {
            change();
            if (armed.Count > 0 && Quiescent())
            {
                due = [.. armed];
                armed.Clear();
            }
        }

        if (due is not null)
        {
            foreach (var timer in due)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static t => t.Fire(), timer, preferLocal: false);
            }
        }
    }

    /// <summary>Some party runs, every running party waits, and no message waits for any of them (caller holds the lock).</summary>
    private bool Quiescent()
    {
        var any = false;
        for (var i = 0; i < running.Length; i++)
        {
            if (running[i] && (!waiting[i] || mailboxes[i].Count > 0))
            {
                return false;
            }

            any |= running[i];
        }

        return any;
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

        public ValueTask<Envelope> ReceiveAsync(CancellationToken cancellationToken) => network.TakeAsync(self, cancellationToken);
    }

    /// <summary>Pending encoded messages of one party; delayed ones are read only when nothing else is pending. Guarded by the network's lock.</summary>
    private sealed class Mailbox
    {
        private readonly List<(PartyIndex From, byte[] Bytes)> ready = [];
        private readonly List<(PartyIndex From, byte[] Bytes)> delayed = [];

        /// <summary>One count per message put and not yet taken.</summary>
        public SemaphoreSlim Available { get; } = new(0);

        public int Count => ready.Count + delayed.Count;

        public void Put(PartyIndex from, byte[] bytes, FaultAction placement, Random random)
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

            Available.Release();
        }

        public (PartyIndex From, byte[] Bytes) Take()
        {
            var source = ready.Count > 0 ? ready : delayed;
            var item = source[0];
            source.RemoveAt(0);
            return item;
        }
    }

    /// <summary>See <see cref="Clock"/>.</summary>
    private sealed class QuiescenceClock(InMemoryNetwork network) : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ArgumentNullException.ThrowIfNull(callback);
            var timer = new QuiescenceTimer(network, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }
    }

    private sealed class QuiescenceTimer(InMemoryNetwork network, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan period = Timeout.InfiniteTimeSpan;
        private volatile bool disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (disposed)
            {
                return false;
            }

            this.period = period;
            network.Update(() =>
            {
                network.armed.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    network.armed.Add(this);
                }
            });
            return true;
        }

        public void Fire()
        {
            if (disposed)
            {
                return;
            }

            callback(state);
            if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero)
            {
                network.Update(() => network.armed.Add(this));
            }
        }

        public void Dispose()
        {
            disposed = true;
            lock (network.gate)
            {
                network.armed.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
