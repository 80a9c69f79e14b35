namespace DltSigner.Core.Mpc;

/// <summary>Timing settings of a session.</summary>
public sealed record MpcSessionOptions
{
    /// <summary>How long one round may wait for its messages before failing with <see cref="ProtocolErrorKind.Timeout"/>.</summary>
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock for timeouts (injected so tests and hosts control it).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public int MaxBufferedPerSender { get; init; } = RoundInbox.DefaultMaxBufferedPerSender;
}

/// <summary>
/// One party's view of one protocol run over an <see cref="IDelivery"/>: sends round messages with
/// the session header filled in and collects exactly one message per expected sender and round
/// (via <see cref="RoundInbox"/>), with a per-round timeout naming the missing parties.
/// Protocol rounds are 1..32767; the high bit is reserved for <see cref="EchoBroadcast"/>.
/// Not thread-safe: one protocol function drives one session.
/// </summary>
public sealed class MpcSession
{
    public const ushort MaxProtocolRound = 0x7FFF;

    private readonly IDelivery delivery;
    private readonly RoundInbox inbox;
    private readonly Dictionary<ushort, ReadOnlyMemory<byte>> sentBroadcasts = [];

    public MpcSession(IDelivery delivery, SessionId session, string protocol, PartyIndex self, IReadOnlyCollection<PartyIndex> parties, MpcSessionOptions? options = null)
    {
        this.delivery = delivery ?? throw new ArgumentNullException(nameof(delivery));
        Options = options ?? new MpcSessionOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Options.RoundTimeout, TimeSpan.Zero);
        inbox = new RoundInbox(session, protocol, self, parties, Options.MaxBufferedPerSender);
        Parties = [.. parties.Distinct().Order()];
    }

    public SessionId SessionId => inbox.Session;

    public string Protocol => inbox.Protocol;

    public PartyIndex Self => inbox.Self;

    /// <summary>All parties including self, ascending.</summary>
    public IReadOnlyList<PartyIndex> Parties { get; }

    /// <summary>All parties but self, ascending.</summary>
    public IReadOnlyList<PartyIndex> Others => inbox.Others;

    public MpcSessionOptions Options { get; }

    public ValueTask BroadcastAsync(ushort round, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        SendRawAsync(CheckRound(round), null, payload, cancellationToken);

    public ValueTask SendAsync(ushort round, PartyIndex to, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (to == Self || !Others.Contains(to))
        {
            throw new ProtocolException(ProtocolErrorKind.Bug, $"round {round}: recipient {to} is not another session party");
        }

        return SendRawAsync(CheckRound(round), to, payload, cancellationToken);
    }

    /// <summary>
    /// Waits for one message of <paramref name="kind"/> from each party in <paramref name="from"/> (default:
    /// all others) for <paramref name="round"/>, and returns the payloads by sender, ascending.
    /// </summary>
    public Task<IReadOnlyDictionary<PartyIndex, ReadOnlyMemory<byte>>> ReceiveAsync(
        ushort round, MessageKind kind, CancellationToken cancellationToken = default, IReadOnlyCollection<PartyIndex>? from = null) =>
        ReceiveRawAsync(CheckRound(round), kind, from, cancellationToken);

    /// <summary>What this party broadcast in <paramref name="round"/> (for echo digests and transcripts).</summary>
    public ReadOnlyMemory<byte> SentBroadcast(ushort round) =>
        sentBroadcasts.TryGetValue(round, out var payload)
            ? payload
            : throw new ProtocolException(ProtocolErrorKind.Bug, $"round {round}: nothing was broadcast");

    internal async ValueTask SendRawAsync(ushort round, PartyIndex? to, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var envelope = new Envelope(SessionId, Protocol, round, Self, to, payload);
        // Keep a private copy: the echo digest must not change if the caller reuses its buffer.
        if (to is null && !sentBroadcasts.TryAdd(round, payload.ToArray()))
        {
            throw new ProtocolException(ProtocolErrorKind.Bug, $"round {round}: broadcast twice");
        }

        try
        {
            await delivery.SendAsync(envelope, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (ProtocolException or OperationCanceledException))
        {
            throw new ProtocolException(ProtocolErrorKind.Io, $"round {round}: send failed", null, ex);
        }
    }

    internal async Task<IReadOnlyDictionary<PartyIndex, ReadOnlyMemory<byte>>> ReceiveRawAsync(
        ushort round, MessageKind kind, IReadOnlyCollection<PartyIndex>? from, CancellationToken cancellationToken)
    {
        inbox.Expect(round, kind, from);
        using var timeout = new CancellationTokenSource(Options.RoundTimeout, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        IReadOnlyDictionary<PartyIndex, Envelope> messages;
        while (!inbox.TryTake(round, out messages))
        {
            Envelope next;
            try
            {
                next = await delivery.ReceiveAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                var missing = inbox.Missing(round);
                throw new ProtocolException(
                    ProtocolErrorKind.Timeout,
                    $"round {round}: no message from {string.Join(", ", missing)} before the timeout",
                    [.. missing.Select(p => new Blame(p, "no message before the timeout", round))]);
            }
            catch (Exception ex) when (ex is not (ProtocolException or OperationCanceledException))
            {
                throw new ProtocolException(ProtocolErrorKind.Io, $"round {round}: receive failed", null, ex);
            }

            inbox.Accept(next);
        }

        var payloads = new SortedDictionary<PartyIndex, ReadOnlyMemory<byte>>();
        foreach (var (sender, envelope) in messages)
        {
            payloads[sender] = envelope.Payload;
        }

        return payloads;
    }

    private static ushort CheckRound(ushort round) =>
        round is >= 1 and <= MaxProtocolRound
            ? round
            : throw new ProtocolException(ProtocolErrorKind.Bug, $"round {round} outside 1..{MaxProtocolRound}");
}
