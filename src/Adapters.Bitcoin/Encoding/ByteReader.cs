using System.Buffers.Binary;
using DltSigner.Core;

namespace DltSigner.Adapters.Bitcoin.Encoding;

/// <summary>
/// A bounds-checked little-endian cursor over untrusted bytes. Every read checks the remaining
/// length first, so a hostile length prefix fails instead of allocating.
/// </summary>
public sealed class ByteReader
{
    private readonly ReadOnlyMemory<byte> _data;

    public ByteReader(ReadOnlyMemory<byte> data) => _data = data;

    public int Position { get; private set; }

    public int Remaining => _data.Length - Position;

    public bool AtEnd => Remaining == 0;

    public ReadOnlySpan<byte> ReadSpan(int count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw new CryptoFormatException(what + ": truncated");
        }

        var span = _data.Span.Slice(Position, count);
        Position += count;
        return span;
    }

    public byte[] ReadBytes(int count, string what) => ReadSpan(count, what).ToArray();

    public byte ReadByte(string what) => ReadSpan(1, what)[0];

    public ushort ReadUInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(ReadSpan(2, what));

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(4, what));

    public int ReadInt32(string what) => BinaryPrimitives.ReadInt32LittleEndian(ReadSpan(4, what));

    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(ReadSpan(8, what));

    public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(ReadSpan(8, what));

    /// <summary>A canonical CompactSize no larger than <paramref name="max"/>.</summary>
    public ulong ReadCompactSize(string what, ulong max = CompactSize.MaxSize)
    {
        var first = ReadByte(what);
        ulong value;
        ulong minimum;
        switch (first)
        {
            case < 0xfd:
                return CheckMax(first, max, what);
            case 0xfd:
                value = ReadUInt16(what);
                minimum = 0xfd;
                break;
            case 0xfe:
                value = ReadUInt32(what);
                minimum = 0x10000;
                break;
            default:
                value = ReadUInt64(what);
                minimum = 0x100000000;
                break;
        }

        if (value < minimum)
        {
            throw new CryptoFormatException(what + ": non-canonical CompactSize");
        }

        return CheckMax(value, max, what);
    }

    /// <summary>
    /// A CompactSize count of items each at least <paramref name="minItemSize"/> bytes long: the
    /// count can never exceed what the remaining bytes could hold, so lists sized by it stay small.
    /// </summary>
    public int ReadCount(string what, int minItemSize)
    {
        var count = ReadCompactSize(what);
        if (minItemSize > 0 && count > (ulong)(Remaining / minItemSize))
        {
            throw new CryptoFormatException(what + ": count exceeds remaining data");
        }

        return (int)count;
    }

    /// <summary>A CompactSize length followed by that many bytes.</summary>
    public byte[] ReadVarBytes(string what)
    {
        var length = ReadCompactSize(what);
        if (length > (ulong)Remaining)
        {
            throw new CryptoFormatException(what + ": length exceeds remaining data");
        }

        return ReadBytes((int)length, what);
    }

    private static ulong CheckMax(ulong value, ulong max, string what) =>
        value <= max ? value : throw new CryptoFormatException(what + ": CompactSize too large");
}
