using System.Buffers;
using System.IO.Pipelines;

namespace DltSigner.P2P.Multiformats;

/// <summary>Unsigned-varint length-prefixed messages, the framing identify, gossipsub and most libp2p protocols use.</summary>
public static class LengthPrefixed
{
    /// <summary>Writes one message without flushing.</summary>
    public static void Write(PipeWriter output, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(Varint.MaxLength + message.Length);
        var n = Varint.Write((ulong)message.Length, span);
        message.CopyTo(span[n..]);
        output.Advance(n + message.Length);
    }

    /// <summary>
    /// Reads one message; null when the stream ended cleanly before it. Throws <see cref="P2PProtocolException"/>
    /// when its length exceeds <paramref name="maxLength"/> (checked before buffering) or it is truncated.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(PipeReader input, int maxLength, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryParse(ref buffer, maxLength, out var message))
            {
                var bytes = message.ToArray();
                input.AdvanceTo(buffer.Start);
                return bytes;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                if (buffer.IsEmpty)
                {
                    return null;
                }

                throw new P2PProtocolException("length-prefixed message truncated");
            }
        }
    }

    /// <summary>Slices one message off the front of <paramref name="buffer"/>; false when more bytes are needed.</summary>
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> message)
    {
        message = default;
        var reader = new SequenceReader<byte>(buffer);
        ulong length;
        try
        {
            if (!Varint.TryRead(ref reader, out length))
            {
                return false;
            }
        }
        catch (FormatException e)
        {
            throw new P2PProtocolException("length prefix: " + e.Message);
        }

        if (length > (ulong)maxLength)
        {
            throw new P2PProtocolException($"message of {length} bytes exceeds the {maxLength}-byte limit");
        }

        if (reader.Remaining < (long)length)
        {
            return false;
        }

        message = reader.UnreadSequence.Slice(0, (long)length);
        buffer = buffer.Slice(message.End);
        return true;
    }
}
