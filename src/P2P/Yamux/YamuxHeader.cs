using System.Buffers;
using System.Buffers.Binary;

namespace DltSigner.P2P.Yamux;

public enum YamuxFrameType : byte
{
    Data = 0,
    WindowUpdate = 1,
    Ping = 2,
    GoAway = 3,
}

[Flags]
public enum YamuxFlags : ushort
{
    None = 0,
    Syn = 1,
    Ack = 2,
    Fin = 4,
    Rst = 8,
}

/// <summary>Go-away codes (hashicorp/yamux spec.md).</summary>
public enum YamuxGoAwayCode : uint
{
    Normal = 0,
    ProtocolError = 1,
    InternalError = 2,
}

/// <summary>
/// The 12-byte yamux header (hashicorp/yamux spec.md): version 0, type, flags, stream id, length — all
/// big-endian. Length is the data length (Data), the window delta (WindowUpdate), the opaque value (Ping)
/// or the code (GoAway).
/// </summary>
public readonly record struct YamuxHeader(YamuxFrameType Type, YamuxFlags Flags, uint StreamId, uint Length)
{
    public const int Size = 12;
    public const byte Version = 0;

    private const YamuxFlags KnownFlags = YamuxFlags.Syn | YamuxFlags.Ack | YamuxFlags.Fin | YamuxFlags.Rst;

    /// <summary>Reads a header; false when fewer than 12 bytes remain. Throws <see cref="P2PProtocolException"/> on a bad version, type or flags.</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out YamuxHeader header)
    {
        header = default;
        if (reader.Remaining < Size)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Size];
        reader.TryCopyTo(bytes);
        header = Parse(bytes);
        reader.Advance(Size);
        return true;
    }

    public static YamuxHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size)
        {
            throw new ArgumentException("yamux header is 12 bytes", nameof(bytes));
        }

        if (bytes[0] != Version)
        {
            throw new P2PProtocolException($"yamux: unsupported version {bytes[0]}");
        }

        if (bytes[1] > (byte)YamuxFrameType.GoAway)
        {
            throw new P2PProtocolException($"yamux: unknown frame type {bytes[1]}");
        }

        var flags = (YamuxFlags)BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        if ((flags & ~KnownFlags) != 0)
        {
            throw new P2PProtocolException($"yamux: unknown flags 0x{(ushort)flags:x}");
        }

        return new YamuxHeader((YamuxFrameType)bytes[1], flags, BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]));
    }

    public void Write(Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = (byte)Type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StreamId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Length);
    }
}
