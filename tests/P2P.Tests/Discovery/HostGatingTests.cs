using DltSigner.P2P.Discovery;
using DltSigner.P2P.Host;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub;
using DltSigner.P2P.Tests.Interop;

namespace DltSigner.P2P.Tests.Discovery;

/// <summary>A permissioned node over real connections: only allowlisted peers stay connected or join its pubsub.</summary>
public sealed class HostGatingTests
{
    [Fact]
    public async Task Peer_outside_the_allowlist_is_disconnected_and_never_joins_pubsub()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var member = await PubsubNode.StartAsync();
        await using var outsider = await PubsubNode.StartAsync();
        using var key = IdentityKey.Generate();
        var gater = new AllowlistGater([key.PeerId, member.Host.PeerId]);
        await using var host = P2PHost.CreateBuilder().WithIdentity(key).ListenOn("/ip4/127.0.0.1/tcp/0").Build();
        HostGating.Enforce(host, gater);
        await using var pubsub = new HostPubsub(host, new GossipSubRouter(key, new GossipSubOptions { AllowPublisher = gater.AllowsPublisher }), gater);
        pubsub.Router.Subscribe("gated");
        await host.StartAsync(cts.Token);
        member.Router.Subscribe("gated");
        outsider.Router.Subscribe("gated");

        await member.Host.DialAsync(host.ListenAddresses[0], cts.Token);
        var refused = await outsider.Host.DialAsync(host.ListenAddresses[0], cts.Token);
        await refused.Closed.WaitAsync(cts.Token);
        while (pubsub.Router.TopicPeers("gated").Count == 0)
        {
            await Task.Delay(20, cts.Token);
        }

        Assert.Equal([member.Host.PeerId], pubsub.Router.TopicPeers("gated"));
        Assert.Empty(host.ConnectionsTo(outsider.Host.PeerId));
        Assert.NotEmpty(host.ConnectionsTo(member.Host.PeerId));
    }
}
