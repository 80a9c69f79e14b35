using DltSigner.P2P.Multiformats;

namespace DltSigner.P2P.Framing;

/// <summary>
/// Uvarint length-prefixed frames on a <see cref="Stream"/> (the pipe form is <see cref="Multiformats.LengthPrefixed"/>) (pubsub RPCs, request/response, the protocol delivery).
/// The length is checked against the caller's limit before anything is buffered.
/// </summary>
public static class StreamFrames
{
    /// <summary>Parses one frame at the start of <paramref name="buffer"/>: NeedMore until the whole frame is there.</summary>
    /// <exception cref="FrameException">bad varint or a length above <paramref name="maxLength"/>.</exception>
    public static bool TryParse(ReadOnlySpan<byte> buffer, int maxLength, out int headerLength, out int bodyLength)
    {
        headerLength = 0;
        bodyLength = 0;
        ulong length;
        int consumed;
        try
        {
            if (!Varint.TryRead(buffer, out length, out consumed))
            {
                return false;
            }
        }
        catch (FormatException e)
        {
            throw new FrameException("frame length: " + e.Message, e);
        }

        if (length > (ulong)maxLength)
        {
            throw new FrameException("frame length above the limit");
        }

        headerLength = consumed;
        bodyLength = (int)length;
        return buffer.Length - consumed >= bodyLength;
    }

    /// <summary>The next frame's body, or null at a clean end of stream between frames.</summary>
    /// <exception cref="FrameException">bad or oversized length, or the stream ended inside a frame.</exception>
    public static async ValueTask<byte[]?> ReadAsync(Stream stream, int maxLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[Varint.MaxLength];
        var have = 0;
        ulong length;
        while (true)
        {
            var n = await stream.ReadAsync(header.AsMemory(have, 1), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return have == 0 ? null : throw new FrameException("stream ended inside a frame length");
            }

            have++;
            try
            {
                if (Varint.TryRead(header.AsSpan(0, have), out length, out _))
                {
                    break;
                }
            }
            catch (FormatException e)
            {
                throw new FrameException("frame length: " + e.Message, e);
            }
        }

        if (length > (ulong)maxLength)
        {
            throw new FrameException("frame length above the limit");
        }

        var body = new byte[(int)length];
        try
        {
            await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new FrameException("stream ended inside a frame", e);
        }

        return body;
    }

    /// <summary>The frame (length prefix and body) as one buffer, so it goes out in one write.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> body)
    {
        var frame = new byte[Varint.Length((ulong)body.Length) + body.Length];
        var at = Varint.Write((ulong)body.Length, frame);
        body.CopyTo(frame.AsSpan(at));
        return frame;
    }

    public static async ValueTask WriteAsync(Stream stream, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await stream.WriteAsync(Encode(body.Span), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
