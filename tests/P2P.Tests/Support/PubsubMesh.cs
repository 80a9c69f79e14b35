using System.IO.Pipelines;
using DltSigner.P2P.Framing;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub;
using DltSigner.P2P.Pubsub.Wire;

namespace DltSigner.P2P.Tests.Support;

/// <summary>GossipSub routers joined by in-memory pipes (one pipe per direction, as libp2p opens one stream each way).</summary>
internal sealed class PubsubMesh : IAsyncDisposable
{
    private readonly List<Task> readers = [];
    private readonly List<IdentityKey> keys = [];
    private readonly CancellationTokenSource stop = new();

    public ManualClock Clock { get; } = new();

    public List<GossipSubRouter> Nodes { get; } = [];

    public GossipSubRouter Add(GossipSubOptions? options = null)
    {
        var key = IdentityKey.Generate();
        keys.Add(key);
        return Add(key, options);
    }

    /// <summary>A router with a key the caller owns (and disposes).</summary>
    public GossipSubRouter Add(IdentityKey key, GossipSubOptions? options = null)
    {
        var router = new GossipSubRouter(key, options ?? new GossipSubOptions(), Clock);
        Nodes.Add(router);
        return router;
    }

    public void Connect(GossipSubRouter dialer, GossipSubRouter listener, string protocol = GossipSubOptions.MeshSub12)
    {
        var forward = new Pipe();
        var back = new Pipe();
        dialer.AddPeer(listener.LocalPeer, protocol, outboundConnection: true, forward.Writer.AsStream());
        listener.AddPeer(dialer.LocalPeer, protocol, outboundConnection: false, back.Writer.AsStream());
        readers.Add(listener.HandleInboundAsync(dialer.LocalPeer, forward.Reader.AsStream(), stop.Token));
        readers.Add(dialer.HandleInboundAsync(listener.LocalPeer, back.Reader.AsStream(), stop.Token));
    }

    /// <summary>A hand-driven peer of <paramref name="router"/>: the test reads what the router sends it and injects RPCs.</summary>
    public RawPeer AddRaw(GossipSubRouter router, bool outboundFromRouter = false, string protocol = GossipSubOptions.MeshSub12)
    {
        var key = IdentityKey.Generate();
        keys.Add(key);
        var toRaw = new Pipe();
        var fromRaw = new Pipe();
        router.AddPeer(key.PeerId, protocol, outboundFromRouter, toRaw.Writer.AsStream());
        var inbound = fromRaw.Reader.AsStream();
        readers.Add(router.HandleInboundAsync(key.PeerId, inbound, stop.Token));
        return new RawPeer(key, toRaw.Reader.AsStream(), fromRaw.Writer.AsStream());
    }

    public void HeartbeatAll(int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            foreach (var n in Nodes)
            {
                n.Heartbeat();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        foreach (var n in Nodes)
        {
            await n.DisposeAsync();
        }

        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var k in keys)
        {
            k.Dispose();
        }

        stop.Dispose();
    }
}

internal sealed class RawPeer(IdentityKey key, Stream fromRouter, Stream toRouter)
{
    public IdentityKey Key { get; } = key;

    public PeerId Id => Key.PeerId;

    public Stream ToRouter { get; } = toRouter;

    public async Task SendAsync(RPC rpc) => await StreamFrames.WriteAsync(ToRouter, Google.Protobuf.MessageExtensions.ToByteArray(rpc), CancellationToken.None);

    /// <summary>The next RPC the router sent this peer that satisfies <paramref name="match"/> (others are skipped).</summary>
    public async Task<RPC> ReceiveAsync(Func<RPC, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var frame = await StreamFrames.ReadAsync(fromRouter, 1 << 24, cts.Token) ?? throw new EndOfStreamException();
            var rpc = RPC.Parser.ParseFrom(frame);
            if (match(rpc))
            {
                return rpc;
            }
        }
    }
}
