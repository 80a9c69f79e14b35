using System.Numerics;
using DltSigner.Core;

namespace DltSigner.Adapters.Ethereum.Rlp;

/// <summary>
/// Strict, allocation-free RLP reader over a span (Ethereum Yellow Paper, appendix B). Rejects every
/// non-canonical form: single bytes below 0x80 wrapped in a string header, long forms for short
/// payloads, leading zeros in length fields, lengths past the end of the input. Lengths are checked
/// against the bytes actually present before anything is sliced, so hostile lengths cannot allocate.
/// </summary>
public ref struct RlpReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public RlpReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool IsEnd => _position == _data.Length;

    public readonly int Remaining => _data.Length - _position;

    /// <summary>True when the next item is a list (does not consume it).</summary>
    public readonly bool PeekIsList()
    {
        if (IsEnd)
        {
            throw new CryptoFormatException("rlp: unexpected end of input");
        }

        return _data[_position] >= 0xc0;
    }

    /// <summary>Reads a string item and returns its payload.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var (isList, offset, length) = ReadHeader();
        if (isList)
        {
            throw new CryptoFormatException("rlp: expected a string, found a list");
        }

        return _data.Slice(offset, length);
    }

    /// <summary>Reads a list item and returns a reader over its payload.</summary>
    public RlpReader ReadList()
    {
        var (isList, offset, length) = ReadHeader();
        if (!isList)
        {
            throw new CryptoFormatException("rlp: expected a list, found a string");
        }

        return new RlpReader(_data.Slice(offset, length));
    }

    /// <summary>Reads one whole item (header and payload) and returns its encoding.</summary>
    public ReadOnlySpan<byte> ReadRawItem()
    {
        var start = _position;
        ReadHeader();
        return _data[start.._position];
    }

    /// <summary>A canonical unsigned integer of at most 32 bytes (no leading zero byte; zero is empty).</summary>
    public BigInteger ReadUInt256(string field = "integer")
    {
        var bytes = ReadBytes();
        CheckInteger(bytes, 32, field);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>A canonical unsigned integer of at most 8 bytes.</summary>
    public ulong ReadUInt64(string field = "integer")
    {
        var bytes = ReadBytes();
        CheckInteger(bytes, 8, field);
        ulong value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>Throws unless every byte was consumed.</summary>
    public readonly void EnsureEnd(string what = "rlp")
    {
        if (!IsEnd)
        {
            throw new CryptoFormatException($"{what}: trailing bytes");
        }
    }

    private static void CheckInteger(ReadOnlySpan<byte> bytes, int maxLength, string field)
    {
        if (bytes.Length > maxLength)
        {
            throw new CryptoFormatException($"rlp: {field} longer than {maxLength} bytes");
        }

        if (bytes.Length > 0 && bytes[0] == 0)
        {
            throw new CryptoFormatException($"rlp: {field} has leading zeros");
        }
    }

    private (bool IsList, int Offset, int Length) ReadHeader()
    {
        if (IsEnd)
        {
            throw new CryptoFormatException("rlp: unexpected end of input");
        }

        var prefix = _data[_position];
        if (prefix < 0x80)
        {
            // A single byte below 0x80 is its own encoding.
            return Take(false, _position, 1, headerLength: 0);
        }

        var isList = prefix >= 0xc0;
        var shortBase = isList ? 0xc0 : 0x80;
        var longBase = isList ? 0xf7 : 0xb7;
        if (prefix <= longBase)
        {
            var length = prefix - shortBase;
            if (!isList && length == 1)
            {
                NeedBytes(2);
                if (_data[_position + 1] < 0x80)
                {
                    throw new CryptoFormatException("rlp: single byte below 0x80 must not be wrapped");
                }
            }

            return Take(isList, _position + 1, length, headerLength: 1);
        }

        var lengthOfLength = prefix - longBase;
        NeedBytes(1 + lengthOfLength);
        var lengthBytes = _data.Slice(_position + 1, lengthOfLength);
        if (lengthBytes[0] == 0)
        {
            throw new CryptoFormatException("rlp: leading zeros in length");
        }

        ulong longLength = 0;
        foreach (var b in lengthBytes)
        {
            longLength = (longLength << 8) | b;
        }

        if (longLength < 56)
        {
            throw new CryptoFormatException("rlp: long form used for a payload shorter than 56 bytes");
        }

        if (longLength > (ulong)(Remaining - 1 - lengthOfLength))
        {
            throw new CryptoFormatException("rlp: length exceeds input");
        }

        return Take(isList, _position + 1 + lengthOfLength, (int)longLength, headerLength: 1 + lengthOfLength);
    }

    private (bool IsList, int Offset, int Length) Take(bool isList, int offset, int length, int headerLength)
    {
        NeedBytes(headerLength + length);
        _position = offset + length;
        return (isList, offset, length);
    }

    private readonly void NeedBytes(int count)
    {
        if (count > Remaining)
        {
            throw new CryptoFormatException("rlp: length exceeds input");
        }
    }
}
