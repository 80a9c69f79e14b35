using System.Collections.Concurrent;
using DltSigner.P2P.Identify;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Multiformats;
using DltSigner.P2P.Multistream;
using DltSigner.P2P.Noise;
using DltSigner.P2P.Ping;
using DltSigner.P2P.Transport;
using DltSigner.P2P.Yamux;
using Microsoft.Extensions.Logging;

namespace DltSigner.P2P.Host;

/// <summary>
/// A libp2p host: TCP listeners and dials upgraded to Noise and yamux (each layer negotiated by
/// multistream-select), protocol handlers by protocol id, identify (answer, push and the remote's info on
/// every connection) and ping. Build one with <see cref="P2PHostBuilder"/>.
/// </summary>
public sealed class P2PHost : IAsyncDisposable
{
    private static readonly string[] Muxers = [YamuxSession.ProtocolId];

    private readonly ConcurrentDictionary<string, StreamHandler> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<P2PConnection, byte> _connections = new();
    private readonly List<TcpListenerHandle> _listeners = [];
    private readonly List<Multiaddr> _listenRequests;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly ILogger _logger;
    private int _started;

    internal P2PHost(IdentityKey identity, IReadOnlyList<Multiaddr> listen, string agentVersion, ResourceLimits limits, ILoggerFactory loggers, TimeProvider time)
    {
        Identity = identity;
        _listenRequests = [.. listen];
        AgentVersion = agentVersion;
        Resources = new ResourceManager(limits);
        Time = time;
        _logger = loggers.CreateLogger("DltSigner.P2P");
        _handlers[IdentifyProtocol.ProtocolId] = AnswerIdentifyAsync;
        _handlers[IdentifyProtocol.PushProtocolId] = ReceivePushAsync;
        _handlers[PingProtocol.ProtocolId] = PingProtocol.EchoAsync;
    }

    /// <summary>A peer's first connection is up and identify has run (Identify null when it failed).</summary>
    public event EventHandler<PeerEventArgs>? PeerConnected;

    /// <summary>A peer's last connection closed.</summary>
    public event EventHandler<PeerEventArgs>? PeerDisconnected;

    /// <summary>A peer's identify info arrived or changed (identify on each connection, and its pushes).</summary>
    public event EventHandler<PeerEventArgs>? PeerIdentified;

    public IdentityKey Identity { get; }

    public PeerId PeerId => Identity.PeerId;

    public string AgentVersion { get; }

    public ResourceManager Resources { get; }

    public ResourceLimits Limits => Resources.Limits;

    public TimeProvider Time { get; }

    /// <summary>Bound listen addresses, each with this node's /p2p/ id (valid after <see cref="StartAsync"/>).</summary>
    public IReadOnlyList<Multiaddr> ListenAddresses
    {
        get
        {
            lock (_listeners)
            {
                return _listeners.Select(l => l.Address.WithPeerId(PeerId)).ToArray();
            }
        }
    }

    /// <summary>Every protocol with a handler, as identify lists them.</summary>
    public IReadOnlyList<string> Protocols => _handlers.Keys.Order(StringComparer.Ordinal).ToArray();

    public IReadOnlyList<P2PConnection> Connections => _connections.Keys.Where(c => !c.IsClosed).ToArray();

    public static P2PHostBuilder CreateBuilder() => new();

    public IReadOnlyList<P2PConnection> ConnectionsTo(PeerId peer) => Connections.Where(c => c.RemotePeer == peer).ToArray();

    /// <summary>
    /// Registers (or replaces) the handler for <paramref name="protocol"/>; once started, connected peers
    /// are told by identify push.
    /// </summary>
    public void SetStreamHandler(string protocol, StreamHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        ArgumentNullException.ThrowIfNull(handler);
        var added = !_handlers.ContainsKey(protocol);
        _handlers[protocol] = handler;
        if (added)
        {
            PushIdentify();
        }
    }

    public bool RemoveStreamHandler(string protocol)
    {
        var removed = _handlers.TryRemove(protocol, out _);
        if (removed)
        {
            PushIdentify();
        }

        return removed;
    }

    public Task StartAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("host already started");
        }

        foreach (var request in _listenRequests)
        {
            ct.ThrowIfCancellationRequested();
            var listener = TcpTransport.Listen(request);
            lock (_listeners)
            {
                _listeners.Add(listener);
            }

            Log.Listening(_logger, listener.Address.WithPeerId(PeerId).ToString());
            _loops.Add(Task.Run(() => AcceptLoopAsync(listener)));
        }

        if (Limits.IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            _loops.Add(Task.Run(IdleLoopAsync));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Dials <paramref name="address"/> (TCP; a trailing /p2p/ id is checked against the Noise handshake) and
    /// returns the connection once it is upgraded. Identify runs in the background, as in js-libp2p: await
    /// <see cref="P2PConnection.Identified"/> for the remote's info.
    /// </summary>
    public async Task<P2PConnection> DialAsync(Multiaddr address, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var expected = address.PeerId;
        if (expected == PeerId)
        {
            throw new ArgumentException("cannot dial this node itself", nameof(address));
        }

        TcpConnection? tcp = null;
        P2PConnection connection;
        using (var timeout = TimeoutSource(Limits.HandshakeTimeout, ct))
        {
            try
            {
                tcp = await TcpTransport.DialAsync(address, timeout.Token).ConfigureAwait(false);
                connection = await UpgradeAsync(tcp, ConnectionDirection.Outbound, expected, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                if (tcp is not null)
                {
                    await tcp.DisposeAsync().ConfigureAwait(false);
                }

                throw new TimeoutException($"handshake with {address} took longer than {Limits.HandshakeTimeout}");
            }
            catch
            {
                if (tcp is not null)
                {
                    await tcp.DisposeAsync().ConfigureAwait(false);
                }

                throw;
            }
        }

        _ = Task.Run(() => OnConnectedAsync(connection));
        return connection;
    }

    public Task<P2PConnection> DialAsync(string address, CancellationToken ct = default) => DialAsync(Multiaddr.Parse(address), ct);

    /// <summary>Opens a stream to a connected peer (its newest live connection).</summary>
    public Task<P2PStream> OpenStreamAsync(PeerId peer, IReadOnlyList<string> protocols, CancellationToken ct = default)
    {
        var connection = ConnectionsTo(peer).LastOrDefault() ?? throw new IOException($"not connected to {peer}");
        return connection.OpenStreamAsync(protocols, ct);
    }

    public Task<P2PStream> OpenStreamAsync(PeerId peer, string protocol, CancellationToken ct = default) => OpenStreamAsync(peer, [protocol], ct);

    /// <summary>One /ipfs/ping/1.0.0 round trip to a connected peer.</summary>
    public async Task<TimeSpan> PingAsync(PeerId peer, CancellationToken ct = default)
    {
        var connection = ConnectionsTo(peer).LastOrDefault() ?? throw new IOException($"not connected to {peer}");
        return (await connection.PingAsync(1, ct).ConfigureAwait(false))[0];
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        lock (_listeners)
        {
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }
        }

        foreach (var connection in _connections.Keys)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    internal StreamHandler? GetHandler(string protocol) => _handlers.GetValueOrDefault(protocol);

    internal TimeoutScope TimeoutSource(TimeSpan timeout, CancellationToken ct) => new(timeout, Time, ct);

    internal void OnConnectionClosed(P2PConnection connection)
    {
        if (!_connections.TryRemove(connection, out _))
        {
            return;
        }

        Resources.RemoveConnection(connection.RemotePeer);
        if (!ConnectionsTo(connection.RemotePeer).Any())
        {
            Log.Disconnected(_logger, connection.RemotePeer.ToString());
            Raise(PeerDisconnected, new PeerEventArgs(connection, connection.RemoteIdentify));
        }
    }

    private async Task<P2PConnection> UpgradeAsync(TcpConnection tcp, ConnectionDirection direction, PeerId? expected, CancellationToken ct)
    {
        var initiator = direction == ConnectionDirection.Outbound;
        if (initiator)
        {
            await MultistreamSelect.SelectAsync(tcp, [NoiseHandshake.ProtocolId], ct).ConfigureAwait(false);
        }
        else
        {
            await MultistreamSelect.HandleAsync(tcp, p => p == NoiseHandshake.ProtocolId, () => [NoiseHandshake.ProtocolId], ct).ConfigureAwait(false);
        }

        var noise = await NoiseHandshake.RunAsync(tcp, Identity, initiator, expected, Muxers, ct).ConfigureAwait(false);
        try
        {
            if (noise.NegotiatedMuxer is null)
            {
                // The peer sent no stream_muxers extension: negotiate the muxer on the secure channel.
                if (initiator)
                {
                    await MultistreamSelect.SelectAsync(noise, Muxers, ct).ConfigureAwait(false);
                }
                else
                {
                    await MultistreamSelect.HandleAsync(noise, Muxers.Contains, () => Muxers, ct).ConfigureAwait(false);
                }
            }

            if (!Resources.TryAddConnection(noise.RemotePeer, out var reason))
            {
                Log.ConnectionRefused(_logger, reason);
                throw new IOException("connection refused: " + reason);
            }

            var connection = new P2PConnection(this, tcp, noise, direction, _logger);
            _connections[connection] = 0;
            Log.Connected(_logger, connection.RemotePeer.ToString(), direction.ToString(), tcp.RemoteAddress.ToString());
            return connection;
        }
        catch
        {
            await noise.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task OnConnectedAsync(P2PConnection connection)
    {
        var first = ConnectionsTo(connection.RemotePeer).Count == 1;
        try
        {
            using var timeout = TimeoutSource(Limits.HandshakeTimeout, _stopping.Token);
            var stream = await connection.OpenStreamAsync(IdentifyProtocol.ProtocolId, timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var message = await IdentifyProtocol.ReadAsync(stream, timeout.Token).ConfigureAwait(false);
                connection.RemoteIdentify = IdentifyInfo.Decode(message, connection.RemotePeer);
            }
        }
#pragma warning disable CA1031 // identify failing leaves the connection up without the remote's info, as js does.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.IdentifyFailed(_logger, connection.RemotePeer.ToString(), e.Message);
        }

        connection.OnIdentifyDone();
        if (connection.IsClosed)
        {
            return;
        }

        if (connection.RemoteIdentify is not null)
        {
            Raise(PeerIdentified, new PeerEventArgs(connection, connection.RemoteIdentify));
        }

        if (first)
        {
            Raise(PeerConnected, new PeerEventArgs(connection, connection.RemoteIdentify));
        }
    }

    private async Task AcceptLoopAsync(TcpListenerHandle listener)
    {
        var ct = _stopping.Token;
        while (!ct.IsCancellationRequested)
        {
            TcpConnection tcp;
            try
            {
                tcp = await listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            if (!Resources.TryBeginHandshake(out var reason))
            {
                Log.ConnectionRefused(_logger, reason);
                await tcp.DisposeAsync().ConfigureAwait(false);
                continue;
            }

            _ = Task.Run(() => AcceptOneAsync(tcp));
        }
    }

    private async Task AcceptOneAsync(TcpConnection tcp)
    {
        P2PConnection? connection = null;
        try
        {
            using var timeout = TimeoutSource(Limits.HandshakeTimeout, _stopping.Token);
            connection = await UpgradeAsync(tcp, ConnectionDirection.Inbound, null, timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A hostile or broken dialer costs only its own connection.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.UpgradeFailed(_logger, tcp.RemoteAddress.ToString(), e is OperationCanceledException ? "handshake timeout" : e.Message);
            await tcp.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            Resources.EndHandshake();
        }

        if (connection is not null)
        {
            await OnConnectedAsync(connection).ConfigureAwait(false);
        }
    }

    private async Task IdleLoopAsync()
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, Limits.IdleTimeout.Ticks / 4));
        try
        {
            while (true)
            {
                await Task.Delay(period, Time, _stopping.Token).ConfigureAwait(false);
                foreach (var connection in Connections.Where(c => c.IsIdle(Limits.IdleTimeout)))
                {
                    Log.IdleClosed(_logger, connection.RemotePeer.ToString());
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Protos.Identify BuildIdentify(Multiaddr? observed) =>
        IdentifyInfo.Build(Identity.PublicKey, AgentVersion, Protocols, ListenAddresses, observed);

    private Task AnswerIdentifyAsync(P2PStream stream, CancellationToken ct) =>
        IdentifyProtocol.WriteAsync(stream, BuildIdentify(stream.Connection.RemoteAddress.WithoutPeerId()), ct);

    private async Task ReceivePushAsync(P2PStream stream, CancellationToken ct)
    {
        using var timeout = TimeoutSource(Limits.StreamNegotiationTimeout, ct);
        var message = await IdentifyProtocol.ReadAsync(stream, timeout.Token).ConfigureAwait(false);
        var connection = stream.Connection;
        connection.RemoteIdentify = connection.RemoteIdentify?.Merge(message) ?? IdentifyInfo.Decode(message, connection.RemotePeer);
        Raise(PeerIdentified, new PeerEventArgs(connection, connection.RemoteIdentify));
    }

    private void PushIdentify()
    {
        if (_started == 0 || _stopping.IsCancellationRequested)
        {
            return;
        }

        foreach (var connection in Connections)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    using var timeout = TimeoutSource(Limits.StreamNegotiationTimeout, _stopping.Token);
                    var stream = await connection.OpenStreamAsync(IdentifyProtocol.PushProtocolId, timeout.Token).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        await IdentifyProtocol.WriteAsync(stream, BuildIdentify(null), timeout.Token).ConfigureAwait(false);
                    }
                }
#pragma warning disable CA1031 // A peer that cannot take a push keeps its older view of this node.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Log.IdentifyFailed(_logger, connection.RemotePeer.ToString(), e.Message);
                }
            });
        }
    }

    private void Raise(EventHandler<PeerEventArgs>? handler, PeerEventArgs args)
    {
        try
        {
            handler?.Invoke(this, args);
        }
#pragma warning disable CA1031 // A subscriber's bug must not take the connection down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.StreamFailed(_logger, args.Peer.ToString(), "event handler failed: " + e.Message);
        }
    }
}
