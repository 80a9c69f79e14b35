using DltSigner.P2P.Discovery;
using DltSigner.P2P.Discovery.Wire;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub;
using DltSigner.P2P.Tests.Support;
using Google.Protobuf;

namespace DltSigner.P2P.Tests.Discovery;

public sealed class PubsubPeerDiscoveryTests
{
    private static readonly ReadOnlyMemory<byte> AddressA = new byte[] { 0x04, 127, 0, 0, 1, 0x06, 0x10, 0x00 };

    private static async Task<DiscoveredPeer> NextAsync(PubsubPeerDiscovery discovery)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await discovery.Discovered.ReadAsync(cts.Token);
    }

    [Fact]
    public async Task Peers_find_each_other_through_the_discovery_topic()
    {
        await using var net = new PubsubMesh();
        using var keyA = IdentityKey.Generate();
        using var keyB = IdentityKey.Generate();
        var a = net.Add(keyA);
        var b = net.Add(keyB);
        net.Connect(a, b);
        await using var atA = new PubsubPeerDiscovery(a, keyA, () => [AddressA], time: net.Clock);
        await using var atB = new PubsubPeerDiscovery(b, keyB, () => [], new PubsubPeerDiscoveryOptions { ListenOnly = true }, time: net.Clock);
        atB.Start();
        await EventuallyAsync(() => a.TopicPeers(PubsubPeerDiscoveryOptions.DefaultTopic).Count == 1);
        atA.Start();
        var found = await NextAsync(atB);
        Assert.Equal(keyA.PeerId, found.Peer);
        Assert.Equal(AddressA.ToArray(), Assert.Single(found.Addresses).ToArray());
    }

    [Fact]
    public void Announcement_of_another_peers_key_is_refused()
    {
        using var self = IdentityKey.Generate();
        using var author = IdentityKey.Generate();
        using var victim = IdentityKey.Generate();
        var discovery = new PubsubPeerDiscovery(new GossipSubRouter(self), self, () => []);
        Assert.Null(discovery.Accept(Message(author.PeerId, victim)));
        Assert.NotNull(discovery.Accept(Message(author.PeerId, author)));
        Assert.Null(discovery.Accept(Message(self.PeerId, self)));
        Assert.Null(discovery.Accept(new PubsubMessage(PubsubPeerDiscoveryOptions.DefaultTopic, new byte[] { 0xFF, 0xFF }, author.PeerId, 1, default, author.PeerId)));
    }

    [Fact]
    public void Gater_drops_peers_outside_the_allowlist()
    {
        using var self = IdentityKey.Generate();
        using var member = IdentityKey.Generate();
        using var outsider = IdentityKey.Generate();
        var gater = new AllowlistGater([self.PeerId, member.PeerId]);
        var discovery = new PubsubPeerDiscovery(new GossipSubRouter(self), self, () => [], gater: gater);
        Assert.NotNull(discovery.Accept(Message(member.PeerId, member)));
        Assert.Null(discovery.Accept(Message(outsider.PeerId, outsider)));
        Assert.False(gater.AllowsPublisher(outsider.PeerId));
        Assert.True(gater.AllowsConnection(member.PeerId));
    }

    private static PubsubMessage Message(PeerId author, IdentityKey announced)
    {
        var peer = new Peer { PublicKey = ByteString.CopyFrom(announced.PublicKey.ToProtobuf()), Addrs = { ByteString.CopyFrom(AddressA.Span) } };
        return new PubsubMessage(PubsubPeerDiscoveryOptions.DefaultTopic, peer.ToByteArray(), author, 1, default, author);
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, cts.Token);
        }
    }
}
