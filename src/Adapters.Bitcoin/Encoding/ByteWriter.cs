using System.Buffers;
using System.Buffers.Binary;

namespace DltSigner.Adapters.Bitcoin.Encoding;

/// <summary>A growable little-endian writer for Bitcoin serialisation.</summary>
public sealed class ByteWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public ByteWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(Math.Max(1, initialCapacity));

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void Write(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteInt32(int value) => WriteUInt32(unchecked((uint)value));

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteInt64(long value) => WriteUInt64(unchecked((ulong)value));

    public void WriteCompactSize(ulong value)
    {
        Span<byte> tmp = stackalloc byte[CompactSize.MaxEncodedLength];
        var n = CompactSize.Write(value, tmp);
        Write(tmp[..n]);
    }

    public void WriteVarBytes(ReadOnlySpan<byte> bytes)
    {
        WriteCompactSize((ulong)bytes.Length);
        Write(bytes);
    }
}
