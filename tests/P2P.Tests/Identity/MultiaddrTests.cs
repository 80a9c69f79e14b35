using DltSigner.P2P.Identity;
using DltSigner.P2P.Multiformats;

namespace DltSigner.P2P.Tests.Identity;

public sealed class MultiaddrTests
{
    [Theory]
    [InlineData("/ip4/127.0.0.1/tcp/4001", "047f000001060fa1")]
    [InlineData("/ip6/::1/tcp/80", "2900000000000000000000000000000001060050")]
    [InlineData("/dns4/example.com/tcp/443", "360b6578616d706c652e636f6d0601bb")]
    [InlineData("/ip4/1.2.3.4/udp/1234/quic-v1", "0401020304910204d2cd03")]
    [InlineData("/dns/localhost/tcp/1/ws", "35096c6f63616c686f7374060001dd03")]
    public void Text_and_binary_forms_agree_with_the_multiaddr_spec(string text, string hex)
    {
        var addr = Multiaddr.Parse(text);

        Assert.Equal(hex, Convert.ToHexStringLower(addr.ToBytes()));
        Assert.Equal(text, Multiaddr.FromBytes(Convert.FromHexString(hex)).ToString());
    }

    [Fact]
    public void P2p_component_carries_the_peer_id_multihash()
    {
        using var key = IdentityKey.Generate();
        var addr = Multiaddr.Parse("/ip4/127.0.0.1/tcp/1").WithPeerId(key.PeerId);

        Assert.Equal(key.PeerId, addr.PeerId);
        Assert.Equal(addr, Multiaddr.FromBytes(addr.ToBytes()));
        Assert.Equal(addr, Multiaddr.Parse(addr.ToString().Replace("/p2p/", "/ipfs/", StringComparison.Ordinal)));
        Assert.Equal("/ip4/127.0.0.1/tcp/1", addr.WithoutPeerId().ToString());
        Assert.True(addr.TryGetTcpTarget(out var host, out var port, out _));
        Assert.Equal(("127.0.0.1", 1), (host, port));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ip4/1.2.3.4")]
    [InlineData("/ip4/1.2.3")]
    [InlineData("/ip4/256.1.1.1")]
    [InlineData("/ip4/::1")]
    [InlineData("/tcp/65536")]
    [InlineData("/tcp/-1")]
    [InlineData("/tcp")]
    [InlineData("/foo/1")]
    [InlineData("/p2p/notapeerid")]
    [InlineData("/dns4/bad name")]
    public void Invalid_text_is_refused(string text) => Assert.False(Multiaddr.TryParse(text, out _));

    [Theory]
    [InlineData("")]
    [InlineData("04")]
    [InlineData("047f0000")]
    [InlineData("06")]
    [InlineData("3605616263")]
    [InlineData("a503ff")]
    [InlineData("ffffffffffffffffffff01")]
    public void Invalid_binary_is_refused(string hex) => Assert.False(Multiaddr.TryFromBytes(Convert.FromHexString(hex), out _));
}
