using System.Text.Json.Nodes;
using DltSigner.P2P.Host;
using DltSigner.P2P.Identify;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Multiformats;
using DltSigner.P2P.Ping;
using DltSigner.TestKit.Devnet;

namespace DltSigner.P2P.Tests.Interop;

/// <summary>C# against js-libp2p 3.3.11: dials both ways, ping both ways, identify both ways.</summary>
public sealed class JsInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [JsPeerFact]
    public async Task CSharp_dials_js_pings_and_reads_its_identify()
    {
        await using var js = await JsPeer.StartAsync();
        await using var host = P2PHost.CreateBuilder().Build();
        await host.StartAsync();
        using var cts = new CancellationTokenSource(Timeout);

        var connection = await host.DialAsync(js.Multiaddrs[0], cts.Token);

        Assert.Equal(js.PeerId, connection.RemotePeer.ToString());
        var info = Assert.IsType<IdentifyInfo>(await connection.Identified.WaitAsync(cts.Token));
        Assert.Same(info, connection.RemoteIdentify);
        Assert.StartsWith("js-libp2p/", info.AgentVersion, StringComparison.Ordinal);
        Assert.Contains(PingProtocol.ProtocolId, info.Protocols);
        Assert.Contains("/meshsub/1.2.0", info.Protocols);
        Assert.Contains(info.ListenAddresses, a => js.Multiaddrs[0].StartsWith(a.ToString(), StringComparison.Ordinal));
        var rtts = await connection.PingAsync(3, cts.Token);
        Assert.Equal(3, rtts.Count);
    }

    [JsPeerFact]
    public async Task Js_dials_CSharp_pings_it_and_sees_its_protocols()
    {
        await using var host = P2PHost.CreateBuilder().ListenOn("/ip4/127.0.0.1/tcp/0")
            .Handle("/dltsigner/test/1.0.0", (s, ct) => Task.CompletedTask).Build();
        var connected = new TaskCompletionSource<PeerEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.PeerConnected += (_, e) => connected.TrySetResult(e);
        await host.StartAsync();
        await using var js = await JsPeer.StartAsync();
        var address = host.ListenAddresses[0].ToString();

        var dialed = await js.CommandAsync(new JsonObject { ["cmd"] = "dial", ["addr"] = address });
        Assert.Equal(host.PeerId.ToString(), dialed["peerId"]!.GetValue<string>());
        var pong = await js.CommandAsync(new JsonObject { ["cmd"] = "ping", ["addr"] = address });
        Assert.True(pong["ms"]!.GetValue<double>() >= 0);

        var e = await connected.Task.WaitAsync(Timeout);
        Assert.Equal(js.PeerId, e.Peer.ToString());
        Assert.Equal(ConnectionDirection.Inbound, e.Connection.Direction);
        Assert.NotNull(e.Identify);
        Assert.Contains("/ipfs/id/1.0.0", e.Identify!.Protocols);

        var identify = await js.CommandAsync(new JsonObject { ["cmd"] = "identify", ["peerId"] = host.PeerId.ToString() });
        Assert.Equal(P2PHostBuilder.DefaultAgentVersion, identify["agentVersion"]!.GetValue<string>());
        var protocols = identify["protocols"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.Contains("/dltsigner/test/1.0.0", protocols);
        Assert.Contains(PingProtocol.ProtocolId, protocols);
        Assert.Contains(IdentifyProtocol.PushProtocolId, protocols);
    }

    [JsPeerFact]
    public async Task Js_sees_a_protocol_added_after_connecting_by_identify_push()
    {
        var logs = new CollectingLoggerFactory { Echo = true };
        await using var host = P2PHost.CreateBuilder().WithLogging(logs).Build();
        await host.StartAsync();
        await using var js = await JsPeer.StartAsync();
        using var cts = new CancellationTokenSource(Timeout);
        await (await host.DialAsync(js.Multiaddrs[0], cts.Token)).Identified.WaitAsync(cts.Token);

        host.SetStreamHandler("/dltsigner/late/1.0.0", (s, ct) => Task.CompletedTask);

        for (var i = 0; ; i++)
        {
            var identify = await js.CommandAsync(new JsonObject { ["cmd"] = "peerInfo", ["peerId"] = host.PeerId.ToString() });
            if (identify["protocols"]!.AsArray().Any(n => n!.GetValue<string>() == "/dltsigner/late/1.0.0"))
            {
                break;
            }

            Assert.True(i < 100, "js never saw the pushed protocol: " + string.Join(" | ", logs.Messages) + identify.ToJsonString());
            await Task.Delay(100, cts.Token);
        }
    }

    [JsPeerFact]
    public async Task Two_MiB_echo_both_ways_crosses_the_yamux_windows()
    {
        const string echo = "/dltsigner/echo/1.0.0";
        await using var host = P2PHost.CreateBuilder().ListenOn("/ip4/127.0.0.1/tcp/0").Handle(echo, TestPipes.EchoAsync).Build();
        await host.StartAsync();
        await using var js = await JsPeer.StartAsync();
        using var cts = new CancellationTokenSource(Timeout);
        var connection = await host.DialAsync(js.Multiaddrs[0], cts.Token);

        var stream = await connection.OpenStreamAsync(echo, cts.Token);
        var data = System.Security.Cryptography.RandomNumberGenerator.GetBytes(2 << 20);
        var reading = TestPipes.ReadToEndAsync(stream.Input, cts.Token);
        await stream.Output.WriteAsync(data, cts.Token);
        await stream.Output.CompleteAsync();
        Assert.Equal(data, await reading);
        await stream.DisposeAsync();

        var answer = await js.CommandAsync(new JsonObject { ["cmd"] = "echo", ["addr"] = host.ListenAddresses[0].ToString(), ["bytes"] = 2 << 20 });
        Assert.Equal(2 << 20, answer["bytes"]!.GetValue<int>());
        Assert.True(answer["equal"]!.GetValue<bool>());
    }

    [JsPeerFact]
    public async Task Dialing_js_with_the_wrong_peer_id_fails_the_noise_check()
    {
        await using var js = await JsPeer.StartAsync();
        await using var host = P2PHost.CreateBuilder().Build();
        using var other = IdentityKey.Generate();
        var wrong = Multiaddr.Parse(js.Multiaddrs[0]).WithPeerId(other.PeerId);

        var e = await Assert.ThrowsAsync<P2PProtocolException>(() => host.DialAsync(wrong, new CancellationTokenSource(Timeout).Token));
        Assert.Contains("expected", e.Message, StringComparison.Ordinal);
        Assert.Empty(host.Connections);
    }
}
