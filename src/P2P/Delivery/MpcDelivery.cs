using System.Security.Cryptography;
using System.Threading.Channels;
using DltSigner.Core.Mpc;
using DltSigner.P2P.Identity;

namespace DltSigner.P2P.Delivery;

/// <summary>
/// The <see cref="IDelivery"/> of one party in one protocol run over libp2p. Sending encodes the envelope
/// once and delivers it to the recipient (or every other party, for a broadcast) over an authenticated
/// stream. Receiving yields envelopes that passed: session id (routing), sender index mapped to the
/// authenticated peer, recipient this party or none, and replay (an identical copy is dropped). A message
/// whose claimed sender is not the peer that sent it aborts the run with a ProtocolException blaming
/// the party of that peer. Dispose closes the session: later messages for it are refused.
/// </summary>
public sealed class MpcDelivery : IDelivery, IDisposable
{
    private readonly MpcDeliveryHub hub;
    private readonly IReadOnlyDictionary<PartyIndex, PeerId> parties;
    private readonly Dictionary<PeerId, PartyIndex> byPeer;
    private readonly Channel<Received> inbox;
    private readonly Lock gate = new();
    private readonly Dictionary<(string Protocol, ushort Round, PartyIndex Sender, PartyIndex? Recipient), byte[]> digests = [];
    private readonly Dictionary<PartyIndex, int> perSender = [];

    internal MpcDelivery(MpcDeliveryHub hub, SessionId session, PartyIndex self, IReadOnlyDictionary<PartyIndex, PeerId> parties)
    {
        this.hub = hub;
        Session = session;
        Self = self;
        this.parties = parties.ToDictionary();
        byPeer = parties.ToDictionary(p => p.Value, p => p.Key);
        inbox = Channel.CreateBounded<Received>(new BoundedChannelOptions(hub.Options.MaxQueuedPerSession) { SingleReader = true });
    }

    public SessionId Session { get; }

    public PartyIndex Self { get; }

    public async ValueTask SendAsync(Envelope message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Session != Session || message.Sender != Self)
        {
            throw new ArgumentException("the envelope must be this party's, for this session", nameof(message));
        }

        var recipients = message.Recipient is { } r
            ? [parties.TryGetValue(r, out var peer) ? peer : throw new ArgumentException("recipient outside the session's party set", nameof(message))]
            : parties.Where(p => p.Key != Self).Select(p => p.Value).ToArray();

        // Encoded once: the caller may zero the payload as soon as this returns.
        var bytes = message.Encode();
        await Task.WhenAll(recipients.Select(p => DeliverAsync(p, bytes, message.Round, cancellationToken))).ConfigureAwait(false);
    }

    public async ValueTask<Envelope> ReceiveAsync(CancellationToken cancellationToken)
    {
        var received = await inbox.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return received.Failure is { } failure ? throw failure : received.Envelope!;
    }

    public void Dispose()
    {
        hub.Close(Session);
        inbox.Writer.TryComplete();
    }

    /// <summary>Checks an envelope that arrived from <paramref name="remote"/> (hub, under no lock).</summary>
    internal DeliveryAck Offer(PeerId remote, Envelope envelope, byte[] encoded)
    {
        if (!byPeer.TryGetValue(remote, out var remoteParty))
        {
            MpcDeliveryHub.LogRefused(hub.Logger, remote.ToString(), "peer outside the session's party set");
            return DeliveryAck.Refused;
        }

        string? check = null;
        if (envelope.Sender != remoteParty)
        {
            check = "sender index is not the authenticated peer's";
        }
        else if (envelope.Recipient is { } to && to != Self)
        {
            check = "point-to-point message for another party";
        }

        if (check is not null)
        {
            MpcDeliveryHub.LogRefused(hub.Logger, remote.ToString(), check);
            inbox.Writer.TryWrite(new Received(null, ProtocolException.Blaming(ProtocolErrorKind.InvalidMessage, remoteParty, check, envelope.Round)));
            return DeliveryAck.Refused;
        }

        var digest = SHA256.HashData(encoded);
        lock (gate)
        {
            var key = (envelope.Protocol, envelope.Round, envelope.Sender, envelope.Recipient);
            if (digests.TryGetValue(key, out var earlier) && CryptographicOperations.FixedTimeEquals(earlier, digest))
            {
                return DeliveryAck.Duplicate;
            }

            perSender.TryGetValue(remoteParty, out var count);
            if (count >= hub.Options.MaxMessagesPerSender)
            {
                MpcDeliveryHub.LogRefused(hub.Logger, remote.ToString(), "too many messages in this session");
                return DeliveryAck.Refused;
            }

            // A different second message for the same slot is passed on: the round inbox names it equivocation.
            perSender[remoteParty] = count + 1;
            digests.TryAdd(key, digest);
        }

        return inbox.Writer.TryWrite(new Received(envelope, null)) ? DeliveryAck.Accepted : DeliveryAck.Refused;
    }

    private async Task DeliverAsync(PeerId peer, byte[] bytes, ushort round, CancellationToken cancellationToken)
    {
        var options = hub.Options;
        var time = options.Exchange.Time;
        var giveUp = time.GetTimestamp() + (long)(options.SessionWait.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            byte[] answer;
            try
            {
                answer = await hub.Client.RequestAsync(peer, bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new ProtocolException(ProtocolErrorKind.Io, $"delivery to {byPeer[peer]} failed in round {round}: {e.Message}", innerException: e);
            }

            var ack = answer.Length == 1 ? (DeliveryAck)answer[0] : DeliveryAck.Refused;
            switch (ack)
            {
                case DeliveryAck.Accepted or DeliveryAck.Duplicate:
                    return;

                // The recipient has finished (or aborted) the run and needs nothing more, e.g. the echo of a
                // two-party round it did not wait for; if this party needed something back, its own receive times out.
                case DeliveryAck.Closed:
                    return;
                case DeliveryAck.UnknownSession when time.GetTimestamp() < giveUp:
                    await Task.Delay(options.RetryDelay, time, cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    throw new ProtocolException(ProtocolErrorKind.Io, $"{byPeer[peer]} did not accept the round {round} message ({ack})");
            }
        }
    }

    private sealed record Received(Envelope? Envelope, ProtocolException? Failure);
}
