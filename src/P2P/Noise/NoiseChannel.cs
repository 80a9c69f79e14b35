using System.Buffers;
using System.IO.Pipelines;
using DltSigner.P2P.Identity;

namespace DltSigner.P2P.Noise;

/// <summary>
/// The encrypted channel after the Noise handshake, as a duplex pipe: a read pump decrypts frames from the
/// socket into <see cref="Input"/>, a write pump encrypts what is written to <see cref="Output"/> in frames of
/// at most 65535 bytes. A frame that fails authentication ends the channel.
/// </summary>
public sealed class NoiseChannel : IDuplexPipe, IAsyncDisposable
{
    /// <summary>Plaintext buffered per direction before the pump waits for the reader (backpressure).</summary>
    private const int BufferLimit = 1 << 20;

    private readonly IDuplexPipe _inner;
    private readonly CipherState _send;
    private readonly CipherState _receive;
    private readonly Pipe _inbound = new(new PipeOptions(pauseWriterThreshold: BufferLimit, resumeWriterThreshold: BufferLimit / 2, useSynchronizationContext: false));
    private readonly Pipe _outbound = new(new PipeOptions(pauseWriterThreshold: BufferLimit, resumeWriterThreshold: BufferLimit / 2, useSynchronizationContext: false));
    private readonly Task _readPump;
    private readonly Task _writePump;

    internal NoiseChannel(IDuplexPipe inner, CipherState send, CipherState receive, PeerPublicKey remoteKey, PeerId remotePeer, string? muxer)
    {
        _inner = inner;
        _send = send;
        _receive = receive;
        RemoteKey = remoteKey;
        RemotePeer = remotePeer;
        NegotiatedMuxer = muxer;
        _readPump = Task.Run(ReadPumpAsync);
        _writePump = Task.Run(WritePumpAsync);
    }

    public PeerPublicKey RemoteKey { get; }

    public PeerId RemotePeer { get; }

    /// <summary>The muxer both sides listed in the stream_muxers extension, or null to negotiate it by multistream.</summary>
    public string? NegotiatedMuxer { get; }

    public PipeReader Input => _inbound.Reader;

    public PipeWriter Output => _outbound.Writer;

    /// <summary>Completes when both pumps have stopped (the socket closed or a frame failed).</summary>
    public Task Completion => Task.WhenAll(_readPump, _writePump);

    public async ValueTask DisposeAsync()
    {
        await _outbound.Writer.CompleteAsync().ConfigureAwait(false);
        await _inbound.Reader.CompleteAsync().ConfigureAwait(false);
        _inner.Input.CancelPendingRead();
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is P2PProtocolException or IOException or OperationCanceledException or InvalidOperationException)
        {
            // The channel is being torn down; its pumps' errors were already reported to the readers.
        }

        _send.Dispose();
        _receive.Dispose();
    }

    private async Task ReadPumpAsync()
    {
        var input = _inner.Input;
        var writer = _inbound.Writer;
        Exception? error = null;
        var frame = new byte[NoiseFrame.MaxLength];
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                var any = false;
                while (NoiseFrame.TryParse(ref buffer, out var body))
                {
                    any = true;
                    var length = (int)body.Length;
                    body.CopyTo(frame);
                    var span = writer.GetSpan(Math.Max(1, length));
                    if (!_receive.TryDecrypt([], frame.AsSpan(0, length), span, out var written))
                    {
                        throw new P2PProtocolException("noise: transport frame failed authentication");
                    }

                    writer.Advance(written);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (any)
                {
                    var flush = await writer.FlushAsync().ConfigureAwait(false);
                    if (flush.IsCompleted)
                    {
                        break;
                    }
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new P2PProtocolException("noise: connection ended inside a frame");
                    }

                    break;
                }
            }
        }
        catch (Exception e) when (e is P2PProtocolException or IOException or InvalidOperationException or OperationCanceledException)
        {
            error = e;
        }
        finally
        {
            await writer.CompleteAsync(error).ConfigureAwait(false);
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task WritePumpAsync()
    {
        var reader = _outbound.Reader;
        var output = _inner.Output;
        var plain = new byte[NoiseFrame.MaxPlaintext];
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    var chunk = buffer.Slice(0, Math.Min(buffer.Length, NoiseFrame.MaxPlaintext));
                    chunk.CopyTo(plain);
                    var length = (int)chunk.Length;
                    var span = output.GetSpan(2 + length + CipherState.TagLength);
                    var written = _send.Encrypt([], plain.AsSpan(0, length), span[2..]);
                    span[0] = (byte)(written >> 8);
                    span[1] = (byte)written;
                    output.Advance(2 + written);
                    buffer = buffer.Slice(chunk.End);
                }

                reader.AdvanceTo(buffer.End);
                var flush = await output.FlushAsync().ConfigureAwait(false);
                if (result.IsCompleted || result.IsCanceled || flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            error = e;
        }
        finally
        {
            await reader.CompleteAsync(error).ConfigureAwait(false);
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }
}
