using System.Buffers;

namespace DltSigner.P2P.Multiformats;

/// <summary>Unsigned LEB128 varints (multiformats/unsigned-varint): minimal encoding, at most 9 bytes (63 bits).</summary>
public static class Varint
{
    /// <summary>The longest varint accepted: 9 bytes, as the multiformats spec allows.</summary>
    public const int MaxLength = 9;

    public static int Length(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(ulong value, Span<byte> destination)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static byte[] Encode(ulong value)
    {
        var buffer = new byte[Length(value)];
        Write(value, buffer);
        return buffer;
    }

    /// <summary>Reads a varint from a span. False when the span ends first; throws <see cref="FormatException"/> when it is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int length)
    {
        value = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (i >= MaxLength)
            {
                throw new FormatException("varint longer than 9 bytes");
            }

            var b = source[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    throw new FormatException("varint not minimally encoded");
                }

                length = i + 1;
                return true;
            }
        }

        if (source.Length >= MaxLength)
        {
            throw new FormatException("varint longer than 9 bytes");
        }

        length = 0;
        return false;
    }

    /// <summary>
    /// Reads a varint from a sequence reader; false (reader unmoved) when more bytes are needed. Throws
    /// <see cref="FormatException"/> on a malformed varint.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out ulong value)
    {
        Span<byte> head = stackalloc byte[MaxLength];
        var available = (int)Math.Min(reader.Remaining, MaxLength);
        reader.TryCopyTo(head[..available]);
        if (!TryRead(head[..available], out value, out var length))
        {
            return false;
        }

        reader.Advance(length);
        return true;
    }

    /// <summary>Reads a whole varint or throws <see cref="FormatException"/> (truncated or malformed).</summary>
    public static ulong Read(ReadOnlySpan<byte> source, out int length) =>
        TryRead(source, out var value, out length) ? value : throw new FormatException("truncated varint");
}
