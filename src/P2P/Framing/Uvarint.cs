namespace DltSigner.P2P.Framing;

/// <summary>Outcome of decoding an unsigned LEB128 varint from a buffer that may hold only part of it.</summary>
public enum UvarintStatus
{
    Done,
    NeedMore,

    /// <summary>More than 9 bytes, a value above 2^63-1, or a non-minimal encoding (multiformats unsigned-varint).</summary>
    Invalid,
}

/// <summary>
/// The multiformats unsigned varint (LEB128, at most 9 bytes, minimal encoding) that prefixes every
/// libp2p length-delimited frame (pubsub RPCs, identify, our request/response).
/// </summary>
public static class Uvarint
{
    public const int MaxLength = 9;

    public static int Size(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    public static int Write(ulong value, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (ulong)long.MaxValue);
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    public static UvarintStatus TryRead(ReadOnlySpan<byte> source, out ulong value, out int consumed)
    {
        value = 0;
        consumed = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (i == MaxLength)
            {
                return UvarintStatus.Invalid;
            }

            var b = source[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    value = 0;
                    return UvarintStatus.Invalid;
                }

                consumed = i + 1;
                return UvarintStatus.Done;
            }
        }

        value = 0;
        return source.Length >= MaxLength ? UvarintStatus.Invalid : UvarintStatus.NeedMore;
    }
}
