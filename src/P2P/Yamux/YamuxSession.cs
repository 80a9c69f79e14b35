using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

namespace DltSigner.P2P.Yamux;

/// <summary>
/// A yamux /yamux/1.0.0 session over a secure channel (hashicorp/yamux spec.md): the dialer's streams are
/// odd, the listener's even; each stream starts with a 256 KiB window both ways and the receiver grants more
/// as its reader consumes; pings measure the round trip; go-away ends the session. A peer that sends more
/// than its window, an unknown frame or a stream id of the wrong parity gets go-away(protocol error) and the
/// connection closes; a SYN past <see cref="YamuxOptions.MaxStreams"/> is answered with RST.
/// </summary>
public sealed class YamuxSession : IAsyncDisposable
{
    public const string ProtocolId = "/yamux/1.0.0";

    private readonly IDuplexPipe _pipe;
    private readonly bool _isClient;
    private readonly YamuxOptions _options;
    private readonly ILogger _logger;
    private readonly Func<YamuxStream, Task> _onInbound;
    private readonly ConcurrentDictionary<uint, YamuxStream> _streams = new();
    private readonly ConcurrentDictionary<uint, TaskCompletionSource> _pings = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private readonly Task _readLoop;
    private uint _nextStreamId;
    private uint _nextPing;
    private int _goAwaySent;

    /// <param name="onInbound">Called (on the thread pool) for each stream the remote opens.</param>
    public YamuxSession(IDuplexPipe pipe, bool isClient, YamuxOptions options, ILogger logger, Func<YamuxStream, Task> onInbound)
    {
        _pipe = pipe ?? throw new ArgumentNullException(nameof(pipe));
        _isClient = isClient;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _onInbound = onInbound ?? throw new ArgumentNullException(nameof(onInbound));
        _nextStreamId = isClient ? 1u : 2u;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Completes when the session has ended (remote closed, go-away, protocol error or dispose).</summary>
    public Task Completion => _readLoop;

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>True once the remote sent go-away: no new streams.</summary>
    public bool RemoteGoneAway { get; private set; }

    public int StreamCount => _streams.Count;

    public CancellationToken ClosedToken => _closed.Token;

    /// <summary>Opens a stream (SYN by window update; data may follow at once, within the initial window).</summary>
    public async Task<YamuxStream> OpenStreamAsync(CancellationToken ct)
    {
        if (IsClosed || RemoteGoneAway)
        {
            throw new IOException("yamux: session closed");
        }

        if (_streams.Count >= _options.MaxStreams)
        {
            throw new IOException($"yamux: {_options.MaxStreams} streams already open on this connection");
        }

        var id = Interlocked.Add(ref _nextStreamId, 2) - 2;
        var stream = new YamuxStream(this, id, _options);
        _streams[id] = stream;
        await SendAsync(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, id, 0), default, ct).ConfigureAwait(false);
        stream.Start(acknowledge: false);
        return stream;
    }

    /// <summary>Sends a ping and waits for its answer; returns the round-trip time.</summary>
    public async Task<TimeSpan> PingAsync(TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(time);
        var opaque = Interlocked.Increment(ref _nextPing);
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pings[opaque] = pong;
        try
        {
            var start = time.GetTimestamp();
            await SendAsync(new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Syn, 0, opaque), default, ct).ConfigureAwait(false);
            await pong.Task.WaitAsync(ct).ConfigureAwait(false);
            return time.GetElapsedTime(start);
        }
        finally
        {
            _pings.TryRemove(opaque, out _);
        }
    }

    /// <summary>Sends go-away (normal) and closes the session; open streams end with an error.</summary>
    public async ValueTask DisposeAsync()
    {
        await GoAwayAsync(YamuxGoAwayCode.Normal).ConfigureAwait(false);
        await CloseAsync(null).ConfigureAwait(false);
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _closed.Dispose();
    }

    internal async ValueTask SendAsync(YamuxHeader header, ReadOnlySequence<byte> payload, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (IsClosed)
            {
                throw new IOException("yamux: session closed");
            }

            var output = _pipe.Output;
            header.Write(output.GetSpan(YamuxHeader.Size));
            output.Advance(YamuxHeader.Size);
            foreach (var segment in payload)
            {
                output.Write(segment.Span);
            }

            await output.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Best-effort control frame (window update, RST, ACK): a closed session drops it.</summary>
    internal void SendControl(YamuxHeader header) => _ = SendControlAsync(header);

    internal void OnStreamClosed(YamuxStream stream) => _streams.TryRemove(stream.Id, out _);

    private async Task SendControlAsync(YamuxHeader header)
    {
        try
        {
            await SendAsync(header, default, _closed.IsCancellationRequested ? default : _closed.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // The session is closing; the frame no longer matters.
        }
    }

    private async Task GoAwayAsync(YamuxGoAwayCode code)
    {
        if (Interlocked.Exchange(ref _goAwaySent, 1) == 0 && !IsClosed)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await SendAsync(new YamuxHeader(YamuxFrameType.GoAway, YamuxFlags.None, 0, (uint)code), default, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task CloseAsync(Exception? error)
    {
        if (IsClosed)
        {
            return;
        }

        try
        {
            await _closed.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        var reason = error ?? new IOException("yamux: session closed");
        foreach (var stream in _streams.Values)
        {
            stream.Abort(reason);
        }

        _streams.Clear();
        foreach (var ping in _pings.Values)
        {
            ping.TrySetException(new IOException("yamux: session closed"));
        }

        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _pipe.Output.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        _pipe.Input.CancelPendingRead();
    }

    private async Task ReadLoopAsync()
    {
        var input = _pipe.Input;
        Exception? error = null;
        try
        {
            while (!IsClosed)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryReadFrame(ref buffer, out var header, out var payload))
                {
                    await HandleFrameAsync(header, payload).ConfigureAwait(false);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (P2PProtocolException e)
        {
            Log.YamuxProtocolError(_logger, e.Message);
            error = e;
            await GoAwayAsync(YamuxGoAwayCode.ProtocolError).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            error = e;
        }
        finally
        {
            await CloseAsync(error).ConfigureAwait(false);
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out YamuxHeader header, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!YamuxHeader.TryRead(ref reader, out header))
        {
            return false;
        }

        if (header.StreamId == 0 && header.Type is YamuxFrameType.Data or YamuxFrameType.WindowUpdate)
        {
            throw new P2PProtocolException("yamux: data or window update on stream 0");
        }

        if (header.Type == YamuxFrameType.Data)
        {
            // Nothing legitimate exceeds the window we granted; refuse before buffering it.
            if (header.Length > YamuxOptions.InitialWindow)
            {
                throw new P2PProtocolException($"yamux: data frame of {header.Length} bytes exceeds the {YamuxOptions.InitialWindow}-byte window");
            }

            if (reader.Remaining < header.Length)
            {
                return false;
            }

            payload = reader.UnreadSequence.Slice(0, header.Length);
            buffer = buffer.Slice(payload.End);
            return true;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private async ValueTask HandleFrameAsync(YamuxHeader header, ReadOnlySequence<byte> payload)
    {
        switch (header.Type)
        {
            case YamuxFrameType.Ping:
                if (header.StreamId != 0)
                {
                    throw new P2PProtocolException("yamux: ping on a stream");
                }

                if (header.Flags.HasFlag(YamuxFlags.Syn))
                {
                    SendControl(new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Ack, 0, header.Length));
                }
                else if (header.Flags.HasFlag(YamuxFlags.Ack) && _pings.TryGetValue(header.Length, out var pong))
                {
                    pong.TrySetResult();
                }

                return;
            case YamuxFrameType.GoAway:
                RemoteGoneAway = true;
                Log.YamuxGoAway(_logger, header.Length);
                return;
        }

        var stream = header.Flags.HasFlag(YamuxFlags.Syn) ? Accept(header.StreamId) : _streams.GetValueOrDefault(header.StreamId);
        if (stream is null)
        {
            // A stream we reset or refused: its in-flight frames are dropped.
            return;
        }

        if (header.Type == YamuxFrameType.WindowUpdate)
        {
            stream.OnWindowUpdate(header.Length);
        }
        else if (!payload.IsEmpty)
        {
            await stream.OnDataAsync(payload).ConfigureAwait(false);
        }

        if (header.Flags.HasFlag(YamuxFlags.Rst))
        {
            stream.OnRemoteReset();
        }
        else if (header.Flags.HasFlag(YamuxFlags.Fin))
        {
            stream.OnRemoteFin();
        }
    }

    private YamuxStream? Accept(uint id)
    {
        // The remote's streams have the remote's parity: odd from a dialer (client), even from a listener.
        if ((id % 2 == 1) == _isClient)
        {
            throw new P2PProtocolException($"yamux: remote opened stream {id} with this side's parity");
        }

        if (_streams.ContainsKey(id))
        {
            throw new P2PProtocolException($"yamux: SYN for stream {id}, which is open");
        }

        if (_streams.Count >= _options.MaxStreams || _goAwaySent != 0)
        {
            Log.YamuxStreamRefused(_logger, id, _options.MaxStreams);
            SendControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, id, 0));
            return null;
        }

        var stream = new YamuxStream(this, id, _options);
        _streams[id] = stream;
        stream.Start(acknowledge: true);
        _ = Task.Run(() => _onInbound(stream));
        return stream;
    }
}
