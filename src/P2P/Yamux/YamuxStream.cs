using System.Buffers;
using System.IO.Pipelines;

namespace DltSigner.P2P.Yamux;

/// <summary>
/// One yamux stream as a duplex pipe. Reading consumes the receive window, and the stream grants the remote
/// more once half of it is consumed, so at most <see cref="YamuxOptions.InitialWindow"/> bytes are ever
/// buffered here. Writes go out in data frames within the remote's window; completing <see cref="Output"/>
/// sends FIN; <see cref="Reset"/> sends RST.
/// </summary>
public sealed class YamuxStream : IDuplexPipe
{
    private readonly YamuxSession _session;
    private readonly YamuxOptions _options;
    private readonly Pipe _inbound = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly Pipe _outbound = new(new PipeOptions(pauseWriterThreshold: YamuxOptions.InitialWindow, resumeWriterThreshold: YamuxOptions.InitialWindow / 2, useSynchronizationContext: false));
    private readonly WindowedReader _reader;
    private readonly SemaphoreSlim _windowSignal = new(0, 1);
    private readonly CancellationTokenSource _abort = new();
    private readonly object _lock = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sendWindow = YamuxOptions.InitialWindow;
    private long _receiveWindow = YamuxOptions.InitialWindow;
    private long _consumedUngranted;
    private bool _localClosed;
    private bool _remoteClosed;
    private bool _removed;

    internal YamuxStream(YamuxSession session, uint id, YamuxOptions options)
    {
        _session = session;
        _options = options;
        Id = id;
        _reader = new WindowedReader(this, _inbound.Reader);
    }

    public uint Id { get; }

    /// <summary>Completes once the stream is gone from the session (both sides closed, reset, or session ended).</summary>
    public Task Closed => _closed.Task;

    /// <summary>True once the remote has sent FIN or RST.</summary>
    public bool RemoteClosed
    {
        get
        {
            lock (_lock)
            {
                return _remoteClosed || _removed;
            }
        }
    }

    public PipeReader Input => _reader;

    public PipeWriter Output => _outbound.Writer;

    /// <summary>Bytes received and not yet read by the application (bounded by the window).</summary>
    public long Buffered => YamuxOptions.InitialWindow - Interlocked.Read(ref _receiveWindow) - Interlocked.Read(ref _consumedUngranted);

    /// <summary>Abandons the stream both ways: RST to the remote, errors to local readers and writers.</summary>
    public void Reset()
    {
        if (MarkRemoved())
        {
            _session.SendControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, Id, 0));
        }

        Abort(new IOException("yamux: stream reset locally"));
    }

    internal void Start(bool acknowledge) => _ = Task.Run(() => WritePumpAsync(acknowledge));

    internal async ValueTask OnDataAsync(ReadOnlySequence<byte> payload)
    {
        lock (_lock)
        {
            if (payload.Length > _receiveWindow)
            {
                throw new P2PProtocolException($"yamux: stream {Id} sent {payload.Length} bytes into a window of {_receiveWindow}");
            }

            _receiveWindow -= payload.Length;
            if (_remoteClosed)
            {
                throw new P2PProtocolException($"yamux: data on stream {Id} after its FIN");
            }
        }

        var writer = _inbound.Writer;
        foreach (var segment in payload)
        {
            writer.Write(segment.Span);
        }

        // The pipe never pauses (the window bounds it), so this completes at once.
        await writer.FlushAsync().ConfigureAwait(false);
    }

    internal void OnWindowUpdate(uint delta)
    {
        lock (_lock)
        {
            _sendWindow += delta;
            if (_sendWindow > uint.MaxValue)
            {
                throw new P2PProtocolException($"yamux: stream {Id} window grew past 2^32-1");
            }
        }

        if (delta > 0 && _windowSignal.CurrentCount == 0)
        {
            try
            {
                _windowSignal.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    internal void OnRemoteFin()
    {
        lock (_lock)
        {
            _remoteClosed = true;
        }

        _inbound.Writer.Complete();
        RemoveIfDone();
    }

    internal void OnRemoteReset()
    {
        MarkRemoved();
        Abort(new IOException("yamux: stream reset by the remote"));
    }

    internal void Abort(Exception reason)
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        _inbound.Writer.Complete(reason);
        _outbound.Reader.CancelPendingRead();
        MarkRemoved();
    }

    private void OnConsumed(long bytes)
    {
        long grant = 0;
        lock (_lock)
        {
            _consumedUngranted += bytes;
            if (_consumedUngranted >= YamuxOptions.InitialWindow / 2 && !_remoteClosed)
            {
                grant = _consumedUngranted;
                _receiveWindow += grant;
                _consumedUngranted = 0;
            }
        }

        if (grant > 0)
        {
            _session.SendControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.None, Id, (uint)grant));
        }
    }

    private async Task WritePumpAsync(bool acknowledge)
    {
        var reader = _outbound.Reader;
        var ct = _abort.Token;
        Exception? error = null;
        try
        {
            if (acknowledge)
            {
                await _session.SendAsync(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, Id, 0), default, ct).ConfigureAwait(false);
            }

            while (true)
            {
                var result = await reader.ReadAsync(ct).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    var window = await WaitForWindowAsync(ct).ConfigureAwait(false);
                    var n = (int)Math.Min(Math.Min(buffer.Length, window), _options.MaxSendFrame);
                    lock (_lock)
                    {
                        _sendWindow -= n;
                    }

                    await _session.SendAsync(new YamuxHeader(YamuxFrameType.Data, YamuxFlags.None, Id, (uint)n), buffer.Slice(0, n), ct).ConfigureAwait(false);
                    buffer = buffer.Slice(n);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCanceled)
                {
                    return;
                }

                if (result.IsCompleted)
                {
                    await _session.SendAsync(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Fin, Id, 0), default, ct).ConfigureAwait(false);
                    lock (_lock)
                    {
                        _localClosed = true;
                    }

                    RemoveIfDone();
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            error = e;
        }
        finally
        {
            await reader.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async ValueTask<long> WaitForWindowAsync(CancellationToken ct)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_sendWindow > 0)
                {
                    return _sendWindow;
                }
            }

            await _windowSignal.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private void RemoveIfDone()
    {
        bool done;
        lock (_lock)
        {
            done = _localClosed && _remoteClosed;
        }

        if (done)
        {
            MarkRemoved();
        }
    }

    private bool MarkRemoved()
    {
        lock (_lock)
        {
            if (_removed)
            {
                return false;
            }

            _removed = true;
        }

        _session.OnStreamClosed(this);
        _closed.TrySetResult();
        return true;
    }

    /// <summary>The application's view of the inbound pipe: counts what it consumes to grant window.</summary>
    private sealed class WindowedReader(YamuxStream stream, PipeReader inner) : PipeReader
    {
        private ReadOnlySequence<byte> _last;

        public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            var n = _last.IsEmpty ? 0 : _last.Slice(0, consumed).Length;
            _last = default;
            inner.AdvanceTo(consumed, examined);
            if (n > 0)
            {
                stream.OnConsumed(n);
            }
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
            _last = result.Buffer;
            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            if (inner.TryRead(out result))
            {
                _last = result.Buffer;
                return true;
            }

            return false;
        }
    }
}
