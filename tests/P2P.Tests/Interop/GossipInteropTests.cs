using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using DltSigner.P2P.Host;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub;
using DltSigner.TestKit.Devnet;

namespace DltSigner.P2P.Tests.Interop;

/// <summary>GossipSub between C# and js-libp2p 3.3.11 (@libp2p/gossipsub 17.1.1) over TCP + Noise + yamux.</summary>
public sealed class GossipInteropTests
{
    private const string Topic = "dltsigner-interop";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [JsPeerFact]
    public async Task Mixed_mesh_of_two_CSharp_and_two_js_nodes_carries_gossip_both_ways()
    {
        await using var js1 = await JsPeer.StartAsync(Topic);
        await using var js2 = await JsPeer.StartAsync("--dial", js1.Multiaddrs[0], Topic);
        await using var cs1 = await PubsubNode.StartAsync();
        await using var cs2 = await PubsubNode.StartAsync();
        var at1 = cs1.Router.Subscribe(Topic);
        var at2 = cs2.Router.Subscribe(Topic);
        using var cts = new CancellationTokenSource(Timeout);

        // cs1 — js1 — js2 — cs2, and cs1 — cs2: no C# node is adjacent to both js nodes.
        await cs1.Host.DialAsync(js1.Multiaddrs[0], cts.Token);
        await cs2.Host.DialAsync(js2.Multiaddrs[0], cts.Token);
        await cs1.Host.DialAsync(cs2.Host.ListenAddresses[0], cts.Token);
        await EventuallyAsync(() => cs1.Router.MeshPeers(Topic).Count == 2 && cs2.Router.MeshPeers(Topic).Count == 2, cts.Token);
        await WaitForTopicPeersAsync(js1, 2, cts.Token);
        await WaitForTopicPeersAsync(js2, 2, cts.Token);

        cs1.Router.Publish(Topic, "from cs1"u8);
        var atJs2 = await js2.WaitForAsync("message");
        Assert.Equal("from cs1", atJs2["text"]!.GetValue<string>());
        Assert.Equal(cs1.Host.PeerId.ToString(), atJs2["from"]!.GetValue<string>());
        var atCs2 = await ReadAsync(at2, cts.Token);
        Assert.Equal(cs1.Host.PeerId, atCs2.Author);

        await js2.CommandAsync(new JsonObject { ["cmd"] = "publish", ["topic"] = Topic, ["text"] = "from js2" });
        var fromJs = await ReadAsync(at1, cts.Token);
        Assert.Equal("from js2", Encoding.UTF8.GetString(fromJs.Data.Span));
        Assert.Equal(js2.PeerId, fromJs.Author.ToString());
        Assert.Equal("from js2", Encoding.UTF8.GetString((await ReadAsync(at2, cts.Token)).Data.Span));
    }

    internal static async Task WaitForTopicPeersAsync(JsPeer js, int count, CancellationToken ct)
    {
        while (true)
        {
            var peers = await js.CommandAsync(new JsonObject { ["cmd"] = "peers" });
            if (peers["topicPeers"]?[Topic]?.AsArray().Count >= count)
            {
                return;
            }

            await Task.Delay(100, ct);
        }
    }

    internal static async Task EventuallyAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(20, ct);
        }
    }

    private static async Task<PubsubMessage> ReadAsync(ChannelReader<PubsubMessage> reader, CancellationToken ct) => await reader.ReadAsync(ct);
}

/// <summary>A C# libp2p host on loopback with a GossipSub router attached.</summary>
internal sealed class PubsubNode : IAsyncDisposable
{
    private readonly IdentityKey key;

    private PubsubNode(IdentityKey key, P2PHost host, HostPubsub pubsub)
    {
        this.key = key;
        Host = host;
        Pubsub = pubsub;
    }

    public P2PHost Host { get; }

    public IdentityKey Key => key;

    public HostPubsub Pubsub { get; }

    public GossipSubRouter Router => Pubsub.Router;

    public static async Task<PubsubNode> StartAsync(GossipSubOptions? options = null)
    {
        var key = IdentityKey.Generate();
        var host = P2PHost.CreateBuilder().WithIdentity(key).ListenOn("/ip4/127.0.0.1/tcp/0").Build();
        var router = new GossipSubRouter(key, options);
        var pubsub = new HostPubsub(host, router);
        await host.StartAsync();
        router.Start();
        return new PubsubNode(key, host, pubsub);
    }

    public async ValueTask DisposeAsync()
    {
        await Pubsub.DisposeAsync();
        await Host.DisposeAsync();
        key.Dispose();
    }
}
