using System.Collections.Concurrent;
using DltSigner.P2P.Host;
using DltSigner.P2P.Identity;

namespace DltSigner.P2P.Pubsub;

/// <summary>
/// Runs a <see cref="GossipSubRouter"/> on a libp2p host: a peer joins pubsub once identify says it
/// speaks /meshsub/* (as js does) or when it opens a meshsub stream to us; this node then opens its own
/// outbound meshsub stream to it (one stream each way, as the spec has it). A disconnected peer leaves.
/// </summary>
public sealed class HostPubsub : IAsyncDisposable
{
    private readonly P2PHost host;
    private readonly Discovery.IConnectionGater gater;
    private readonly ConcurrentDictionary<PeerId, Lazy<Task<bool>>> attached = new();

    /// <param name="gater">Peers it refuses never join pubsub here (use it for the router's publisher check too).</param>
    public HostPubsub(P2PHost host, GossipSubRouter router, Discovery.IConnectionGater? gater = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(router);
        this.host = host;
        this.gater = gater ?? Discovery.OpenGater.Instance;
        Router = router;
        foreach (var protocol in GossipSubOptions.Protocols)
        {
            host.SetStreamHandler(protocol, HandleInboundAsync);
        }

        host.PeerConnected += OnIdentified;
        host.PeerIdentified += OnIdentified;
        host.PeerDisconnected += OnDisconnected;
        foreach (var connection in host.Connections)
        {
            if (SpeaksMeshsub(connection))
            {
                _ = AttachAsync(connection);
            }
        }
    }

    public GossipSubRouter Router { get; }

    public async ValueTask DisposeAsync()
    {
        host.PeerConnected -= OnIdentified;
        host.PeerIdentified -= OnIdentified;
        host.PeerDisconnected -= OnDisconnected;
        await Router.DisposeAsync().ConfigureAwait(false);
    }

    private static bool SpeaksMeshsub(P2PConnection connection) =>
        connection.RemoteIdentify is { } info && GossipSubOptions.Protocols.Any(info.Supports);

    private void OnIdentified(object? sender, PeerEventArgs e)
    {
        if (SpeaksMeshsub(e.Connection))
        {
            _ = AttachAsync(e.Connection);
        }
    }

    private void OnDisconnected(object? sender, PeerEventArgs e)
    {
        attached.TryRemove(e.Peer, out _);
        Router.RemovePeer(e.Peer);
    }

    private async Task HandleInboundAsync(P2PStream stream, CancellationToken ct)
    {
        if (!await AttachAsync(stream.Connection).ConfigureAwait(false))
        {
            return;
        }

        // The host disposes the stream when this returns.
        await Router.HandleInboundAsync(stream.RemotePeer, stream.AsStream(), ct).ConfigureAwait(false);
    }

    /// <summary>Opens our outbound meshsub stream to the peer once; false when that failed.</summary>
    private Task<bool> AttachAsync(P2PConnection connection) =>
        !gater.AllowsConnection(connection.RemotePeer) ? Task.FromResult(false) : attached.GetOrAdd(connection.RemotePeer, _ => new Lazy<Task<bool>>(() => OpenAsync(connection))).Value;

    private async Task<bool> OpenAsync(P2PConnection connection)
    {
        try
        {
            var stream = await connection.OpenStreamAsync(GossipSubOptions.Protocols, CancellationToken.None).ConfigureAwait(false);
            Router.AddPeer(connection.RemotePeer, stream.Protocol, connection.Direction == ConnectionDirection.Outbound, stream.AsStream());
            return true;
        }
        catch (Exception e) when (e is IOException or P2PProtocolException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            attached.TryRemove(connection.RemotePeer, out _);
            return false;
        }
    }
}
