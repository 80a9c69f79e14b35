using System.Buffers.Binary;

namespace DltSigner.Adapters.Bitcoin.Encoding;

/// <summary>Bitcoin's CompactSize (serialize.h): 1, 3, 5 or 9 bytes, minimal form required on read.</summary>
public static class CompactSize
{
    /// <summary>Bitcoin Core's MAX_SIZE: larger sizes are rejected on read.</summary>
    public const ulong MaxSize = 0x02000000;

    public const int MaxEncodedLength = 9;

    public static int EncodedLength(ulong value) => value switch
    {
        < 0xfd => 1,
        <= 0xffff => 3,
        <= 0xffffffff => 5,
        _ => 9,
    };

    public static int Write(ulong value, Span<byte> destination)
    {
        switch (value)
        {
            case < 0xfd:
                destination[0] = (byte)value;
                return 1;
            case <= 0xffff:
                destination[0] = 0xfd;
                BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], (ushort)value);
                return 3;
            case <= 0xffffffff:
                destination[0] = 0xfe;
                BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], (uint)value);
                return 5;
            default:
                destination[0] = 0xff;
                BinaryPrimitives.WriteUInt64LittleEndian(destination[1..], value);
                return 9;
        }
    }
}
