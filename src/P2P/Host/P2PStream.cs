using System.IO.Pipelines;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Yamux;

namespace DltSigner.P2P.Host;

/// <summary>
/// A negotiated application stream: a yamux stream on which multistream-select agreed <see cref="Protocol"/>.
/// Write to <see cref="Output"/> and complete it to close this side (FIN); read <see cref="Input"/> until it
/// completes (the remote's FIN). <see cref="Reset"/> abandons both ways.
/// </summary>
public sealed class P2PStream : IDuplexPipe, IAsyncDisposable
{
    private readonly YamuxStream _stream;

    internal P2PStream(YamuxStream stream, string protocol, P2PConnection connection)
    {
        _stream = stream;
        Protocol = protocol;
        Connection = connection;
    }

    public string Protocol { get; }

    public P2PConnection Connection { get; }

    public PeerId RemotePeer => Connection.RemotePeer;

    public PipeReader Input => _stream.Input;

    public PipeWriter Output => _stream.Output;

    /// <summary>Completes when the stream is gone (both sides closed or reset).</summary>
    public Task Closed => _stream.Closed;

    /// <summary>A System.IO.Stream over this stream (disposing it closes the write side).</summary>
    public Stream AsStream() => new DuplexStream(this);

    public void Reset() => _stream.Reset();

    /// <summary>
    /// Closes this side (FIN) and stops reading. A remote that has not closed its side within the host's
    /// stream negotiation timeout is reset, so a half-open stream cannot linger.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await Output.CompleteAsync().ConfigureAwait(false);
        await Input.CompleteAsync().ConfigureAwait(false);
        if (!_stream.RemoteClosed)
        {
            var linger = Connection.Host.Limits.StreamNegotiationTimeout;
            _ = Task.WhenAny(_stream.Closed, Task.Delay(linger, Connection.Host.Time)).ContinueWith(
                _ => { if (!_stream.Closed.IsCompleted) { _stream.Reset(); } }, TaskScheduler.Default);
        }
    }

    private sealed class DuplexStream(P2PStream owner) : Stream
    {
        private readonly Stream _read = owner.Input.AsStream(leaveOpen: true);
        private readonly Stream _write = owner.Output.AsStream(leaveOpen: true);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => _write.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _write.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => _read.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _read.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _read.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => _write.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _write.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _write.WriteAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            await owner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                owner.Output.Complete();
                owner.Input.Complete();
            }

            base.Dispose(disposing);
        }
    }
}
