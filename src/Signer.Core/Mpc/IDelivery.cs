namespace DltSigner.Core.Mpc;

/// <summary>
/// How one party's protocol code talks to the others (the in-memory network in tests and the CLI,
/// libp2p in production). A protocol is one async function over a delivery; see <see cref="MpcSession"/>.
/// </summary>
/// <remarks>
/// Implementations must authenticate peers: an envelope's <see cref="Envelope.Sender"/> is only
/// trusted because the transport checked it against the authenticated channel it arrived on.
/// Bytes that do not decode are reported as a <see cref="ProtocolException"/> of kind
/// <see cref="ProtocolErrorKind.InvalidMessage"/> blaming the channel's peer.
/// </remarks>
public interface IDelivery
{
    /// <summary>
    /// Sends a message; a broadcast (no recipient) goes to every other party of the session. An
    /// implementation must not keep the payload buffer after the returned task completes (encode or
    /// copy it first): protocols zero payloads that carried secret shares right after sending.
    /// </summary>
    ValueTask SendAsync(Envelope message, CancellationToken cancellationToken);

    /// <summary>The next message for this party; waits until one arrives or <paramref name="cancellationToken"/> fires.</summary>
    /// <remarks>A cancelled call consumes no message.</remarks>
    ValueTask<Envelope> ReceiveAsync(CancellationToken cancellationToken);
}
