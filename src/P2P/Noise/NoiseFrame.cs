using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace DltSigner.P2P.Noise;

/// <summary>libp2p Noise framing: a 2-byte big-endian length, then that many bytes (at most 65535).</summary>
public static class NoiseFrame
{
    public const int MaxLength = 65535;

    /// <summary>Largest plaintext per transport frame (the 16-byte tag fills the rest).</summary>
    public const int MaxPlaintext = MaxLength - CipherState.TagLength;

    /// <summary>Slices one frame's body off the front of <paramref name="buffer"/>; false when more bytes are needed.</summary>
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadBigEndian(out short signed))
        {
            return false;
        }

        var length = (ushort)signed;
        if (reader.Remaining < length)
        {
            return false;
        }

        frame = reader.UnreadSequence.Slice(0, length);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    public static void Write(PipeWriter output, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (body.Length > MaxLength)
        {
            throw new ArgumentException("noise frame longer than 65535 bytes", nameof(body));
        }

        var span = output.GetSpan(2 + body.Length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)body.Length);
        body.CopyTo(span[2..]);
        output.Advance(2 + body.Length);
    }

    /// <summary>Reads one whole frame (copied out); throws when the stream ends first.</summary>
    public static async Task<byte[]> ReadAsync(PipeReader input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryParse(ref buffer, out var frame))
            {
                var bytes = frame.ToArray();
                input.AdvanceTo(buffer.Start);
                return bytes;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                throw new P2PProtocolException("noise: connection ended inside a frame");
            }
        }
    }
}
