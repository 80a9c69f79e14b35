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
/// An upgraded connection to one authenticated peer: TCP, Noise, yamux. Streams are opened by protocol id
/// (multistream-select on each); inbound streams go to the host's handlers, within the resource limits.
/// </summary>
public sealed class P2PConnection : IAsyncDisposable
{
    private readonly TcpConnection _tcp;
    private readonly NoiseChannel _noise;
    private readonly YamuxSession _session;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<IdentifyInfo?> _identified = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastActivity;
    private int _disposed;

    internal P2PConnection(P2PHost host, TcpConnection tcp, NoiseChannel noise, ConnectionDirection direction, ILogger logger)
    {
        Host = host;
        _tcp = tcp;
        _noise = noise;
        _logger = logger;
        Direction = direction;
        RemotePeer = noise.RemotePeer;
        RemotePublicKey = noise.RemoteKey;
        LocalAddress = tcp.LocalAddress;
        RemoteAddress = tcp.RemoteAddress.WithPeerId(RemotePeer);
        _lastActivity = host.Time.GetTimestamp();
        _session = new YamuxSession(noise, direction == ConnectionDirection.Outbound, new YamuxOptions { MaxStreams = host.Limits.MaxStreamsPerConnection }, logger, HandleInboundAsync);
        _ = _session.Completion.ContinueWith(_ => DisposeAsync().AsTask(), TaskScheduler.Default);
    }

    public P2PHost Host { get; }

    public PeerId RemotePeer { get; }

    public PeerPublicKey RemotePublicKey { get; }

    /// <summary>The remote's address with its /p2p/ id.</summary>
    public Multiaddr RemoteAddress { get; }

    public Multiaddr LocalAddress { get; }

    public ConnectionDirection Direction { get; }

    /// <summary>The remote's identify answer (updated by its pushes); null until identify completes.</summary>
    public IdentifyInfo? RemoteIdentify { get; internal set; }

    /// <summary>Completes when the first identify exchange on this connection has finished: the remote's info, or null when it failed.</summary>
    public Task<IdentifyInfo?> Identified => _identified.Task;

    public int StreamCount => _session.StreamCount;

    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>Completes when the connection has closed, for any reason.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Opens a stream and negotiates the first of <paramref name="protocols"/> the remote speaks.</summary>
    public async Task<P2PStream> OpenStreamAsync(IReadOnlyList<string> protocols, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        if (!Host.Resources.TryAddStream(RemotePeer, out var reason))
        {
            throw new IOException("stream refused by the resource manager: " + reason);
        }

        YamuxStream? stream = null;
        try
        {
            stream = await _session.OpenStreamAsync(ct).ConfigureAwait(false);
            Track(stream);
            using var timeout = Host.TimeoutSource(Host.Limits.StreamNegotiationTimeout, ct);
            var protocol = await MultistreamSelect.SelectAsync(stream, protocols, timeout.Token).ConfigureAwait(false);
            Touch();
            return new P2PStream(stream, protocol, this);
        }
        catch
        {
            if (stream is null)
            {
                Host.Resources.RemoveStream(RemotePeer);
            }
            else
            {
                stream.Reset();
            }

            throw;
        }
    }

    public Task<P2PStream> OpenStreamAsync(string protocol, CancellationToken ct) => OpenStreamAsync([protocol], ct);

    /// <summary>/ipfs/ping/1.0.0 round trips on one new stream.</summary>
    public async Task<IReadOnlyList<TimeSpan>> PingAsync(int count, CancellationToken ct)
    {
        var stream = await OpenStreamAsync(PingProtocol.ProtocolId, ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await PingProtocol.PingAsync(stream, count, Host.Time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection (yamux go-away, then the socket).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _closed.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            await _session.DisposeAsync().ConfigureAwait(false);
            await _noise.DisposeAsync().ConfigureAwait(false);
            await _tcp.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _identified.TrySetResult(RemoteIdentify);
            _closed.TrySetResult();
            Host.OnConnectionClosed(this);
        }
    }

    internal void OnIdentifyDone() => _identified.TrySetResult(RemoteIdentify);

    internal bool IsIdle(TimeSpan idle) => _session.StreamCount == 0 && Host.Time.GetElapsedTime(Interlocked.Read(ref _lastActivity)) >= idle;

    private void Touch() => Interlocked.Exchange(ref _lastActivity, Host.Time.GetTimestamp());

    private void Track(YamuxStream stream) =>
        _ = stream.Closed.ContinueWith(
            _ =>
            {
                Host.Resources.RemoveStream(RemotePeer);
                Touch();
            },
            TaskScheduler.Default);

    private async Task HandleInboundAsync(YamuxStream stream)
    {
        if (!Host.Resources.TryAddStream(RemotePeer, out var reason))
        {
            Log.StreamFailed(_logger, RemotePeer.ToString(), reason);
            stream.Reset();
            return;
        }

        Track(stream);
        Touch();
        P2PStream? p2pStream = null;
        try
        {
            string protocol;
            using (var timeout = Host.TimeoutSource(Host.Limits.StreamNegotiationTimeout, _session.ClosedToken))
            {
                protocol = await MultistreamSelect.HandleAsync(stream, p => Host.GetHandler(p) is not null, () => Host.Protocols, timeout.Token).ConfigureAwait(false);
            }

            var handler = Host.GetHandler(protocol) ?? throw new ProtocolNotSupportedException("handler removed");
            p2pStream = new P2PStream(stream, protocol, this);
            await handler(p2pStream, _session.ClosedToken).ConfigureAwait(false);
            await p2pStream.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A handler's or a hostile peer's failure closes that stream only; the node keeps running.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.StreamFailed(_logger, RemotePeer.ToString(), e.Message);
            stream.Reset();
        }
    }
}
