using DltSigner.P2P.Identity;

namespace DltSigner.P2P.Streams;

/// <summary>
/// Opens a new stream to a connected peer for one protocol (in libp2p: a yamux stream on the peer's
/// secured connection, negotiated by multistream-select). The peer id is the one authenticated by the
/// security handshake.
/// </summary>
public interface IStreamDialer
{
    ValueTask<Stream> OpenStreamAsync(PeerId peer, string protocol, CancellationToken cancellationToken);
}

/// <summary>A protocol handler for inbound streams; <paramref name="remote"/> is the authenticated peer the stream came from.</summary>
public interface IStreamHandler
{
    string Protocol { get; }

    /// <summary>Handles one inbound stream; the caller disposes the stream afterwards. Never throws for a peer's misbehaviour.</summary>
    Task HandleAsync(PeerId remote, Stream stream, CancellationToken cancellationToken);
}
