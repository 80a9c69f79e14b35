using System.Collections.Concurrent;
using System.IO.Pipelines;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Streams;

namespace DltSigner.P2P.Tests.Support;

/// <summary>
/// Peers in one process whose streams are in-memory pipes: what a libp2p host gives the protocols above
/// yamux (one authenticated duplex stream per protocol exchange), without the transport.
/// </summary>
internal sealed class InMemoryStreams : IAsyncDisposable
{
    private readonly ConcurrentDictionary<PeerId, ConcurrentDictionary<string, IStreamHandler>> handlers = new();
    private readonly ConcurrentBag<Task> running = [];
    private readonly CancellationTokenSource stop = new();

    public void Register(PeerId peer, IStreamHandler handler) =>
        handlers.GetOrAdd(peer, _ => new())[handler.Protocol] = handler;

    public IStreamDialer DialerFor(PeerId local) => new Dialer(this, local);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }

    private ValueTask<Stream> Open(PeerId from, PeerId to, string protocol)
    {
        if (!handlers.TryGetValue(to, out var byProtocol) || !byProtocol.TryGetValue(protocol, out var handler))
        {
            throw new IOException("protocol not supported by the peer");
        }

        var (client, server) = DuplexPipeStream.CreatePair();
        running.Add(Task.Run(async () =>
        {
            await using (server)
            {
                await handler.HandleAsync(from, server, stop.Token);
            }
        }));
        return ValueTask.FromResult<Stream>(client);
    }

    private sealed class Dialer(InMemoryStreams network, PeerId local) : IStreamDialer
    {
        public ValueTask<Stream> OpenStreamAsync(PeerId peer, string protocol, CancellationToken cancellationToken) =>
            network.Open(local, peer, protocol);
    }
}

/// <summary>One end of an in-memory duplex stream: reads one pipe, writes the other; disposing ends its writing side.</summary>
internal sealed class DuplexPipeStream(PipeReader reader, PipeWriter writer) : Stream
{
    private readonly Stream input = reader.AsStream();
    private readonly Stream output = writer.AsStream();

    public static (DuplexPipeStream A, DuplexPipeStream B) CreatePair()
    {
        var ab = new Pipe();
        var ba = new Pipe();
        return (new DuplexPipeStream(ba.Reader, ab.Writer), new DuplexPipeStream(ab.Reader, ba.Writer));
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => output.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => input.ReadAsync(buffer, offset, count, cancellationToken);
    public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => output.WriteAsync(buffer, cancellationToken);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => output.WriteAsync(buffer, offset, count, cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            output.Dispose();
            input.Dispose();
        }

        base.Dispose(disposing);
    }
}
