using DltSigner.P2P.Discovery.Wire;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub;
using Google.Protobuf;
using System.Threading.Channels;

namespace DltSigner.P2P.Discovery;

/// <summary>A peer found through discovery: its authenticated id and the addresses (binary multiaddrs) it announced.</summary>
public sealed record DiscoveredPeer(PeerId Peer, IReadOnlyList<ReadOnlyMemory<byte>> Addresses, IReadOnlyList<string> Protocols);

public sealed record PubsubPeerDiscoveryOptions
{
    /// <summary>The topic of js @libp2p/pubsub-peer-discovery.</summary>
    public const string DefaultTopic = "_peer-discovery._p2p._pubsub";

    public IReadOnlyList<string> Topics { get; init; } = [DefaultTopic];

    /// <summary>How often this node announces itself (js default 10 s).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Listen for announcements without sending any.</summary>
    public bool ListenOnly { get; init; }

    public int MaxAddresses { get; init; } = 32;
    public int MaxAddressLength { get; init; } = 256;
    public int MaxAnnouncementSize { get; init; } = 16 * 1024;
}

/// <summary>
/// Peer announcements over gossip in the format of js @libp2p/pubsub-peer-discovery:
/// <c>Peer { publicKey, addrs, protocols }</c> published on <c>_peer-discovery._p2p._pubsub</c>.
/// An announcement is accepted only if its public key is the message's (StrictSign-authenticated)
/// author, so no peer can announce addresses for another; the gater filters who is reported.
/// </summary>
public sealed class PubsubPeerDiscovery : IAsyncDisposable
{
    private readonly GossipSubRouter router;
    private readonly IdentityKey self;
    private readonly Func<IReadOnlyList<ReadOnlyMemory<byte>>> localAddresses;
    private readonly PubsubPeerDiscoveryOptions options;
    private readonly IConnectionGater gater;
    private readonly TimeProvider time;
    private readonly Channel<DiscoveredPeer> discovered = Channel.CreateBounded<DiscoveredPeer>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> readers = [];
    private ITimer? timer;

    public PubsubPeerDiscovery(
        GossipSubRouter router,
        IdentityKey self,
        Func<IReadOnlyList<ReadOnlyMemory<byte>>> localAddresses,
        PubsubPeerDiscoveryOptions? options = null,
        IConnectionGater? gater = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(localAddresses);
        this.router = router;
        this.self = self;
        this.localAddresses = localAddresses;
        this.options = options ?? new PubsubPeerDiscoveryOptions();
        this.gater = gater ?? OpenGater.Instance;
        this.time = time ?? TimeProvider.System;
    }

    public ChannelReader<DiscoveredPeer> Discovered => discovered.Reader;

    /// <summary>Subscribes to the discovery topics, announces this node now and then every interval.</summary>
    public void Start()
    {
        foreach (var topic in options.Topics)
        {
            var reader = router.Subscribe(topic);
            readers.Add(Task.Run(() => ReadAsync(reader)));
        }

        if (!options.ListenOnly)
        {
            Announce();
            timer = time.CreateTimer(_ => Announce(), null, options.Interval, options.Interval);
        }
    }

    /// <summary>Publishes this node's announcement on every discovery topic.</summary>
    public void Announce()
    {
        var peer = new Peer { PublicKey = ByteString.CopyFrom(self.PublicKey.ToProtobuf()) };
        foreach (var a in localAddresses())
        {
            peer.Addrs.Add(ByteString.CopyFrom(a.Span));
        }

        var bytes = peer.ToByteArray();
        foreach (var topic in options.Topics)
        {
            router.Publish(topic, bytes);
        }
    }

    /// <summary>Decodes and checks one announcement (null when it is refused).</summary>
    public DiscoveredPeer? Accept(PubsubMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Data.Length > options.MaxAnnouncementSize)
        {
            return null;
        }

        Peer peer;
        try
        {
            peer = Peer.Parser.ParseFrom(message.Data.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }

        if (peer.PublicKey.Length is 0 or > 1024 || peer.Addrs.Count > options.MaxAddresses
            || peer.Addrs.Any(a => a.Length is 0 || a.Length > options.MaxAddressLength) || peer.Protocols.Count > 256)
        {
            return null;
        }

        if (!PeerPublicKey.TryFromProtobuf(peer.PublicKey.Span, out var key))
        {
            return null;
        }

        var id = key.ToPeerId();
        if (id != message.Author || id == self.PeerId || !gater.AllowsConnection(id))
        {
            return null;
        }

        return new DiscoveredPeer(id, [.. peer.Addrs.Select(a => a.Memory)], [.. peer.Protocols]);
    }

    public async ValueTask DisposeAsync()
    {
        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var topic in options.Topics)
        {
            router.Unsubscribe(topic);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(readers).ConfigureAwait(false);
        discovered.Writer.TryComplete();
        stop.Dispose();
    }

    private async Task ReadAsync(ChannelReader<PubsubMessage> reader)
    {
        try
        {
            await foreach (var message in reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (Accept(message) is { } peer)
                {
                    discovered.Writer.TryWrite(peer);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
