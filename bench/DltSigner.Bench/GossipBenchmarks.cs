using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using DltSigner.P2P.Host;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub;
using DltSigner.P2P.RequestResponse;
using DltSigner.P2P.Streams;

namespace DltSigner.Bench;

/// <summary>
/// Gossip latency across 3 C# nodes in a line (A — B — C, loopback TCP + Noise + yamux): A publishes,
/// the operation ends when C has the message (two hops, one forward through B's mesh).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class GossipLatencyBenchmarks
{
    private const string Topic = "bench";
    private readonly List<(P2PHost Host, HostPubsub Pubsub)> nodes = [];
    private ChannelReader<PubsubMessage> atC = null!;
    private byte[] payload = [];

    [Params(32, 4096)]
    public int Size { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        payload = new byte[Size];
        for (var i = 0; i < 3; i++)
        {
            var key = IdentityKey.Generate();
            var host = P2PHost.CreateBuilder().WithIdentity(key).ListenOn("/ip4/127.0.0.1/tcp/0").Build();
            var pubsub = new HostPubsub(host, new GossipSubRouter(key, new GossipSubOptions { FloodPublish = false }));
            await host.StartAsync();
            pubsub.Router.Start();
            nodes.Add((host, pubsub));
        }

        nodes[0].Pubsub.Router.Subscribe(Topic);
        nodes[1].Pubsub.Router.Subscribe(Topic);
        atC = nodes[2].Pubsub.Router.Subscribe(Topic);
        await nodes[0].Host.DialAsync(nodes[1].Host.ListenAddresses[0]);
        await nodes[1].Host.DialAsync(nodes[2].Host.ListenAddresses[0]);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (nodes[1].Pubsub.Router.MeshPeers(Topic).Count < 2 || nodes[0].Pubsub.Router.MeshPeers(Topic).Count < 1)
        {
            await Task.Delay(50, cts.Token);
        }
    }

    [Benchmark(Description = "publish at A, received at C")]
    public async Task<PubsubMessage> PublishAcrossTwoHops()
    {
        nodes[0].Pubsub.Router.Publish(Topic, payload);
        return await atC.ReadAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var (host, pubsub) in nodes)
        {
            await pubsub.DisposeAsync();
            await host.DisposeAsync();
        }
    }
}

/// <summary>Request/response (/dltsigner/req/1.0.0) between two C# hosts on loopback: one new yamux stream per exchange.</summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RequestResponseBenchmarks
{
    private P2PHost client = null!;
    private P2PHost server = null!;
    private RequestResponseClient requests = null!;
    private byte[] request = [];

    [Params(1024, 65536, 1048576)]
    public int Size { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        request = new byte[Size];
        server = P2PHost.CreateBuilder().WithIdentity(IdentityKey.Generate()).ListenOn("/ip4/127.0.0.1/tcp/0").Build();
        new HostStreams(server).Register(new RequestResponseServer((_, r, _) => ValueTask.FromResult(new byte[] { 1 })));
        await server.StartAsync();
        client = P2PHost.CreateBuilder().WithIdentity(IdentityKey.Generate()).Build();
        await client.DialAsync(server.ListenAddresses[0]);
        requests = new RequestResponseClient(new HostStreams(client));
    }

    [Benchmark(Description = "request of Size bytes, 1-byte answer")]
    public Task<byte[]> Exchange() => requests.RequestAsync(server.PeerId, request, CancellationToken.None);

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await client.DisposeAsync();
        await server.DisposeAsync();
    }
}
