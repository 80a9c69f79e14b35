using DltSigner.Core;
using DltSigner.Core.Mpc;
using DltSigner.P2P.Identity;
using DltSigner.P2P.RequestResponse;
using DltSigner.P2P.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DltSigner.P2P.Delivery;

/// <summary>
/// Carries Signer.Core protocol envelopes between processes over authenticated peer streams
/// (<see cref="MpcDeliveryOptions.Protocol"/>, one request/response exchange per message). One hub per node;
/// each protocol run opens a <see cref="MpcDelivery"/> with its session id and the party ↔ peer id map.
/// Inbound envelopes are routed by session id and accepted only from the peer mapped to their sender.
/// </summary>
public sealed partial class MpcDeliveryHub
{
    private readonly Lock gate = new();
    private readonly Dictionary<SessionId, MpcDelivery> sessions = [];
    private readonly HashSet<SessionId> closed = [];
    private readonly Queue<SessionId> closedOrder = new();
    private readonly ILogger logger;

    public MpcDeliveryHub(PeerId localPeer, IStreamDialer dialer, MpcDeliveryOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dialer);
        ArgumentNullException.ThrowIfNull(localPeer);
        LocalPeer = localPeer;
        Options = options ?? new MpcDeliveryOptions();
        this.logger = logger ?? NullLogger.Instance;
        Client = new RequestResponseClient(dialer, MpcDeliveryOptions.Protocol, Options.Exchange);
        Handler = new RequestResponseServer(HandleAsync, MpcDeliveryOptions.Protocol, Options.Exchange, this.logger);
    }

    public PeerId LocalPeer { get; }

    /// <summary>Register this with the host for <see cref="MpcDeliveryOptions.Protocol"/>.</summary>
    public IStreamHandler Handler { get; }

    internal MpcDeliveryOptions Options { get; }

    internal RequestResponseClient Client { get; }

    internal ILogger Logger => logger;

    /// <summary>
    /// Opens the delivery of one protocol run. <paramref name="parties"/> maps every party index of the
    /// session (self included, to this node's peer id) to its peer id. A session id opens at most once.
    /// </summary>
    public MpcDelivery Open(SessionId session, PartyIndex self, IReadOnlyDictionary<PartyIndex, PeerId> parties)
    {
        ArgumentNullException.ThrowIfNull(parties);
        if (!session.IsValid || !self.IsValid)
        {
            throw new ArgumentException("session id and party index must be valid");
        }

        if (!parties.TryGetValue(self, out var own) || own != LocalPeer)
        {
            throw new ArgumentException("the party map must map this party to this node's peer id", nameof(parties));
        }

        if (parties.Values.Distinct().Count() != parties.Count || parties.Any(p => !p.Key.IsValid || p.Value is null))
        {
            throw new ArgumentException("the party map must give distinct valid peer ids to valid indices", nameof(parties));
        }

        lock (gate)
        {
            if (sessions.ContainsKey(session) || closed.Contains(session))
            {
                throw new InvalidOperationException("this session id was already used on this node");
            }

            var delivery = new MpcDelivery(this, session, self, parties);
            sessions[session] = delivery;
            return delivery;
        }
    }

    internal void Close(SessionId session)
    {
        lock (gate)
        {
            if (!sessions.Remove(session))
            {
                return;
            }

            closed.Add(session);
            closedOrder.Enqueue(session);
            while (closedOrder.Count > Options.ClosedSessionsRemembered)
            {
                closed.Remove(closedOrder.Dequeue());
            }
        }
    }

    private ValueTask<byte[]> HandleAsync(PeerId remote, byte[] request, CancellationToken cancellationToken)
    {
        Envelope envelope;
        try
        {
            envelope = Envelope.Decode(request);
        }
        catch (CryptoFormatException e)
        {
            LogRefused(logger, remote.ToString(), e.Message);
            return Answer(DeliveryAck.Refused);
        }

        MpcDelivery? delivery;
        lock (gate)
        {
            if (!sessions.TryGetValue(envelope.Session, out delivery))
            {
                return Answer(closed.Contains(envelope.Session) ? DeliveryAck.Closed : DeliveryAck.UnknownSession);
            }
        }

        return Answer(delivery.Offer(remote, envelope, request));
    }

    private static ValueTask<byte[]> Answer(DeliveryAck ack) => ValueTask.FromResult(new[] { (byte)ack });

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "protocol message from {Peer} refused: {Reason}")]
    internal static partial void LogRefused(ILogger logger, string peer, string reason);
}
