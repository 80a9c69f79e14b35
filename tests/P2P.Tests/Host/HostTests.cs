using System.Net.Sockets;
using System.Security.Cryptography;
using DltSigner.P2P.Host;
using DltSigner.P2P.Identify;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Multiformats;
using DltSigner.P2P.Multistream;
using DltSigner.P2P.Noise;
using DltSigner.P2P.Yamux;

namespace DltSigner.P2P.Tests.Host;

/// <summary>C# to C# over loopback TCP: the whole stack, its events and its limits.</summary>
public sealed class HostTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private const string Echo = "/dltsigner/echo/1.0.0";

    private static Task EchoAsync(P2PStream stream, CancellationToken ct) => TestPipes.EchoAsync(stream, ct);

    private static async Task<P2PHost> ListenerAsync(ResourceLimits? limits = null, CollectingLoggerFactory? logs = null)
    {
        var host = P2PHost.CreateBuilder().ListenOn("/ip4/127.0.0.1/tcp/0").Handle(Echo, EchoAsync)
            .WithLimits(limits ?? new ResourceLimits()).WithLogging(logs ?? new CollectingLoggerFactory()).Build();
        await host.StartAsync();
        return host;
    }

    [Fact]
    public async Task Dial_identify_ping_and_a_protocol_stream_between_two_CSharp_hosts()
    {
        await using var server = await ListenerAsync();
        await using var client = P2PHost.CreateBuilder().WithAgentVersion("test-client/1").Build();
        var serverSaw = new TaskCompletionSource<PeerEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serverLost = new TaskCompletionSource<PeerEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.PeerConnected += (_, e) => serverSaw.TrySetResult(e);
        server.PeerDisconnected += (_, e) => serverLost.TrySetResult(e);
        using var cts = new CancellationTokenSource(Timeout);

        var connection = await client.DialAsync(server.ListenAddresses[0], cts.Token);

        Assert.Equal(server.PeerId, connection.RemotePeer);
        var info = Assert.IsType<IdentifyInfo>(await connection.Identified.WaitAsync(cts.Token));
        Assert.Equal(P2PHostBuilder.DefaultAgentVersion, info.AgentVersion);
        Assert.Equal(IdentifyProtocol.ProtocolVersion, info.ProtocolVersion);
        Assert.Equal(server.Protocols, info.Protocols.Order(StringComparer.Ordinal));
        Assert.Contains(Echo, info.Protocols);
        Assert.Equal(server.ListenAddresses[0].WithoutPeerId(), Assert.Single(info.ListenAddresses));
        Assert.Equal(connection.LocalAddress, info.ObservedAddress);

        var seen = await serverSaw.Task.WaitAsync(cts.Token);
        Assert.Equal(client.PeerId, seen.Peer);
        Assert.Equal("test-client/1", seen.Identify?.AgentVersion);

        Assert.True(await client.PingAsync(server.PeerId, cts.Token) >= TimeSpan.Zero);
        var stream = await client.OpenStreamAsync(server.PeerId, ["/nope/1.0.0", Echo], cts.Token);
        Assert.Equal(Echo, stream.Protocol);
        var data = RandomNumberGenerator.GetBytes(1 << 20);
        var reading = ReadAllAsync(stream, cts.Token);
        await stream.Output.WriteAsync(data, cts.Token);
        await stream.Output.CompleteAsync();
        Assert.Equal(data, await reading);
        await stream.DisposeAsync();

        await connection.DisposeAsync();
        Assert.Equal(client.PeerId, (await serverLost.Task.WaitAsync(cts.Token)).Peer);
        Assert.Empty(client.Connections);
    }

    [Fact]
    public async Task Closed_connections_release_their_slots_on_both_sides()
    {
        var logs = new CollectingLoggerFactory();
        await using var server = await ListenerAsync(new ResourceLimits { MaxConnectionsPerPeer = 1 }, logs);
        await using var client = P2PHost.CreateBuilder().Build();
        using var cts = new CancellationTokenSource(Timeout);

        for (var i = 0; i < 5; i++)
        {
            var connection = await client.DialAsync(server.ListenAddresses[0], cts.Token);
            Assert.True(1 == (await connection.PingAsync(1, cts.Token)).Count, string.Join(" | ", logs.Messages));
            await connection.DisposeAsync();
            while (server.Resources.Connections > 0)
            {
                await Task.Delay(10, cts.Token);
            }
        }
    }

    [Fact]
    public async Task A_connection_without_streams_is_closed_after_the_idle_timeout_on_the_host_clock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var logs = new CollectingLoggerFactory();
        await using var server = P2PHost.CreateBuilder().ListenOn("/ip4/127.0.0.1/tcp/0").WithTimeProvider(clock).WithLogging(logs)
            .WithLimits(new ResourceLimits { IdleTimeout = TimeSpan.FromMinutes(1) }).Build();
        await server.StartAsync();
        await using var client = P2PHost.CreateBuilder().Build();
        using var cts = new CancellationTokenSource(Timeout);
        var connection = await client.DialAsync(server.ListenAddresses[0], cts.Token);
        await connection.Identified.WaitAsync(cts.Token);
        while (server.Connections.Count == 0 || server.Connections[0].StreamCount > 0)
        {
            await Task.Delay(10, cts.Token);
        }

        clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(50, cts.Token);
        Assert.False(connection.IsClosed);

        while (!connection.IsClosed)
        {
            clock.Advance(TimeSpan.FromSeconds(15));
            await Task.Delay(20, cts.Token);
        }

        Assert.Contains(logs.Messages, m => m.Contains("idle connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_protocol_is_refused_and_the_connection_stays_usable()
    {
        await using var server = await ListenerAsync();
        await using var client = P2PHost.CreateBuilder().Build();
        using var cts = new CancellationTokenSource(Timeout);
        var connection = await client.DialAsync(server.ListenAddresses[0], cts.Token);

        await Assert.ThrowsAsync<ProtocolNotSupportedException>(() => connection.OpenStreamAsync("/unknown/1.0.0", cts.Token));

        Assert.Single(await connection.PingAsync(1, cts.Token));
    }

    [Fact]
    public async Task Dial_with_another_peer_id_fails_the_noise_check()
    {
        await using var server = await ListenerAsync();
        await using var client = P2PHost.CreateBuilder().Build();
        using var other = IdentityKey.Generate();

        var e = await Assert.ThrowsAsync<P2PProtocolException>(() =>
            client.DialAsync(server.ListenAddresses[0].WithPeerId(other.PeerId), new CancellationTokenSource(Timeout).Token));
        Assert.Contains($"expected {other.PeerId}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Half_open_and_garbage_connections_are_closed_and_logged_while_others_connect()
    {
        var logs = new CollectingLoggerFactory();
        await using var server = await ListenerAsync(new ResourceLimits { HandshakeTimeout = TimeSpan.FromMilliseconds(500) }, logs);
        server.ListenAddresses[0].TryGetTcpTarget(out var host, out var port, out _);
        using var cts = new CancellationTokenSource(Timeout);

        using var silent = new TcpClient();
        await silent.ConnectAsync(host!, port, cts.Token);
        using var garbage = new TcpClient();
        await garbage.ConnectAsync(host!, port, cts.Token);
        await garbage.GetStream().WriteAsync(RandomNumberGenerator.GetBytes(4096), cts.Token);

        await using var client = P2PHost.CreateBuilder().Build();
        Assert.Single(await (await client.DialAsync(server.ListenAddresses[0], cts.Token)).PingAsync(1, cts.Token));

        Assert.Equal(0, await silent.GetStream().ReadAsync(new byte[16], cts.Token));
        while (!logs.Messages.Any(m => m.Contains("handshake timeout", StringComparison.Ordinal)))
        {
            await Task.Delay(20, cts.Token);
        }

        Assert.Contains(logs.Messages, m => m.Contains("failed its upgrade", StringComparison.Ordinal) && m.Contains("multistream", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_flood_past_the_per_connection_limit_is_reset_without_hurting_the_connection()
    {
        var logs = new CollectingLoggerFactory();
        var hold = new TaskCompletionSource();
        await using var server = await ListenerAsync(new ResourceLimits { MaxStreamsPerConnection = 8 }, logs);
        server.SetStreamHandler("/hold/1.0.0", (s, ct) => hold.Task.WaitAsync(ct));
        await using var client = P2PHost.CreateBuilder().Build();
        using var cts = new CancellationTokenSource(Timeout);
        var connection = await client.DialAsync(server.ListenAddresses[0], cts.Token);

        var held = new List<P2PStream>();
        var refused = 0;
        for (var i = 0; i < 12; i++)
        {
            try
            {
                held.Add(await connection.OpenStreamAsync("/hold/1.0.0", cts.Token));
            }
            catch (IOException)
            {
                refused++;
            }
        }

        Assert.True(refused >= 4, $"{refused} streams refused");
        Assert.Contains(logs.Messages, m => m.Contains("refused", StringComparison.Ordinal));
        hold.SetResult();
        foreach (var s in held)
        {
            await s.DisposeAsync();
        }

        while (connection.StreamCount > 0)
        {
            await Task.Delay(20, cts.Token);
        }

        Assert.Single(await connection.PingAsync(1, cts.Token));
    }

    [Fact]
    public async Task A_stream_that_never_negotiates_is_reset_after_the_negotiation_timeout()
    {
        var logs = new CollectingLoggerFactory();
        await using var server = await ListenerAsync(new ResourceLimits { StreamNegotiationTimeout = TimeSpan.FromMilliseconds(300) }, logs);
        using var cts = new CancellationTokenSource(Timeout);
        using var identity = IdentityKey.Generate();

        // A hand-built client: the real layers up to yamux, then a stream that says nothing.
        await using var tcp = await P2P.Transport.TcpTransport.DialAsync(server.ListenAddresses[0], cts.Token);
        await MultistreamSelect.SelectAsync(tcp, [NoiseHandshake.ProtocolId], cts.Token);
        await using var noise = await NoiseHandshake.RunAsync(tcp, identity, true, server.PeerId, [YamuxSession.ProtocolId], cts.Token);
        Assert.Equal(YamuxSession.ProtocolId, noise.NegotiatedMuxer);
        await using var session = new YamuxSession(noise, true, new YamuxOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, s => TestPipes.EchoAsync(s, cts.Token));
        var silent = await session.OpenStreamAsync(cts.Token);

        await silent.Closed.WaitAsync(cts.Token);
        Assert.False(session.IsClosed);
        Assert.Contains(logs.Messages, m => m.Contains("stream from", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_handler_resets_only_its_stream()
    {
        await using var server = await ListenerAsync();
        server.SetStreamHandler("/boom/1.0.0", (s, ct) => throw new InvalidOperationException("handler bug"));
        await using var client = P2PHost.CreateBuilder().Build();
        using var cts = new CancellationTokenSource(Timeout);
        var connection = await client.DialAsync(server.ListenAddresses[0], cts.Token);

        // The RST may overtake the negotiation's echo, so it can surface in either call.
        await Assert.ThrowsAsync<IOException>(async () => await ReadAllAsync(await connection.OpenStreamAsync("/boom/1.0.0", cts.Token), cts.Token));

        Assert.Single(await connection.PingAsync(1, cts.Token));
    }

    [Fact]
    public async Task Connections_past_the_per_peer_limit_are_refused()
    {
        var logs = new CollectingLoggerFactory();
        await using var server = await ListenerAsync(new ResourceLimits { MaxConnectionsPerPeer = 1 }, logs);
        await using var client = P2PHost.CreateBuilder().Build();
        using var cts = new CancellationTokenSource(Timeout);
        var first = await client.DialAsync(server.ListenAddresses[0], cts.Token);

        var second = await client.DialAsync(server.ListenAddresses[0], cts.Token);
        await second.Closed.WaitAsync(cts.Token);

        Assert.False(first.IsClosed);
        Assert.Contains(logs.Messages, m => m.Contains("connections to", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Noise_without_the_muxer_extension_falls_back_to_multistream_for_yamux()
    {
        using var a = IdentityKey.Generate();
        using var b = IdentityKey.Generate();
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var responder = NoiseHandshake.RunAsync(pair.B, b, false, null, [], cts.Token);
        await using var initiator = await NoiseHandshake.RunAsync(pair.A, a, true, b.PeerId, [YamuxSession.ProtocolId], cts.Token);
        await using var r = await responder;

        Assert.Null(initiator.NegotiatedMuxer);
        Assert.Null(r.NegotiatedMuxer);
        Assert.Equal(a.PeerId, r.RemotePeer);
        var select = MultistreamSelect.SelectAsync(initiator, [YamuxSession.ProtocolId], cts.Token);
        Assert.Equal(YamuxSession.ProtocolId, await MultistreamSelect.HandleAsync(r, p => p == YamuxSession.ProtocolId, () => [], cts.Token));
        Assert.Equal(YamuxSession.ProtocolId, await select);
    }

    [Fact]
    public async Task Noise_with_the_muxer_extension_on_both_sides_agrees_without_multistream()
    {
        using var a = IdentityKey.Generate();
        using var b = IdentityKey.Generate();
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var responder = NoiseHandshake.RunAsync(pair.B, b, false, null, ["/mplex/6.7.0", YamuxSession.ProtocolId], cts.Token);
        await using var initiator = await NoiseHandshake.RunAsync(pair.A, a, true, null, [YamuxSession.ProtocolId], cts.Token);
        await using var r = await responder;

        Assert.Equal(YamuxSession.ProtocolId, initiator.NegotiatedMuxer);
        Assert.Equal(YamuxSession.ProtocolId, r.NegotiatedMuxer);
        Assert.Equal(b.PeerId, initiator.RemotePeer);
    }

    [Fact]
    public async Task Resource_manager_counts_and_releases()
    {
        using var key = IdentityKey.Generate();
        var rm = new ResourceManager(new ResourceLimits { MaxConnections = 1, MaxBufferedBytesPerPeer = 2 * YamuxOptions.InitialWindow });

        Assert.Equal(2, rm.Limits.MaxStreamsPerPeer);
        Assert.True(rm.TryAddConnection(key.PeerId, out _));
        Assert.False(rm.TryAddConnection(key.PeerId, out var reason));
        Assert.Contains("connections", reason, StringComparison.Ordinal);
        Assert.True(rm.TryAddStream(key.PeerId, out _));
        Assert.True(rm.TryAddStream(key.PeerId, out _));
        Assert.False(rm.TryAddStream(key.PeerId, out _));
        rm.RemoveStream(key.PeerId);
        Assert.True(rm.TryAddStream(key.PeerId, out _));
        rm.RemoveConnection(key.PeerId);
        Assert.Equal(0, rm.Connections);
        await Task.CompletedTask;
    }

    private static Task<byte[]> ReadAllAsync(P2PStream stream, CancellationToken ct) => TestPipes.ReadToEndAsync(stream.Input, ct);
}
