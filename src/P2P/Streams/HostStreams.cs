using DltSigner.P2P.Host;
using DltSigner.P2P.Identity;

namespace DltSigner.P2P.Streams;

/// <summary>The libp2p host as the stream layer of request/response and the MPC delivery.</summary>
public sealed class HostStreams(P2PHost host) : IStreamDialer
{
    public async ValueTask<Stream> OpenStreamAsync(PeerId peer, string protocol, CancellationToken cancellationToken)
    {
        var stream = await host.OpenStreamAsync(peer, protocol, cancellationToken).ConfigureAwait(false);
        return stream.AsStream();
    }

    /// <summary>Registers <paramref name="handler"/> with the host for its protocol; the remote peer is the one Noise authenticated.</summary>
    public void Register(IStreamHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        host.SetStreamHandler(handler.Protocol, (stream, ct) => handler.HandleAsync(stream.RemotePeer, stream.AsStream(), ct));
    }
}
