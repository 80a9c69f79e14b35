using System.Numerics;
using System.Text;
using DltSigner.Core;

namespace DltSigner.Adapters.Ethereum.Abi;

/// <summary>
/// Solidity ABI encoding of a list of values (Solidity ABI spec, "Formal Specification of the
/// Encoding"): heads then tails, offsets relative to the start of the enclosing tuple. Values map to
/// .NET as: address → Address, uintN/intN → BigInteger (or any integer type when encoding),
/// bool → bool, bytesN/bytes → byte[], string → string, T[]/T[k]/tuples → IReadOnlyList&lt;object&gt;.
/// </summary>
public static class AbiCodec
{
    /// <summary>Cap on values produced by one decode (shared offsets can otherwise blow up work).</summary>
    public const int MaxDecodedValues = 1 << 20;

    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        using var stream = new MemoryStream();
        EncodeSequence(types, values, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Strict decoding: bounds-checked offsets and lengths, zero padding, in-range values, and (when
    /// <paramref name="requireCanonical"/>) byte equality with the canonical re-encoding.
    /// </summary>
    public static IReadOnlyList<object> Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, bool requireCanonical = true)
    {
        ArgumentNullException.ThrowIfNull(types);
        var budget = MaxDecodedValues;
        var values = DecodeSequence(types, data, ref budget);
        if (requireCanonical && !Encode(types, values).AsSpan().SequenceEqual(data))
        {
            throw new CryptoFormatException("abi: not the canonical encoding");
        }

        return values;
    }

    private static void EncodeSequence(IReadOnlyList<AbiType> types, IReadOnlyList<object> values, MemoryStream output)
    {
        if (types.Count != values.Count)
        {
            throw new ArgumentException("abi: value count does not match the types");
        }

        var headSize = types.Sum(t => t.HeadSize);
        using var tails = new MemoryStream();
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i].IsDynamic)
            {
                output.Write(AbiWords.Encode(AbiType.UInt(256), new BigInteger(headSize + tails.Length)));
                EncodeValue(types[i], values[i], tails);
            }
            else
            {
                EncodeValue(types[i], values[i], output);
            }
        }

        tails.WriteTo(output);
    }

    private static void EncodeValue(AbiType type, object value, MemoryStream output)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (type.Kind)
        {
            case AbiKind.Bytes:
            case AbiKind.String:
                var bytes = type.Kind == AbiKind.String
                    ? Encoding.UTF8.GetBytes(value as string ?? throw new ArgumentException("abi: string expects a string"))
                    : value as byte[] ?? throw new ArgumentException("abi: bytes expects a byte array");
                output.Write(AbiWords.Encode(AbiType.UInt(256), bytes.Length));
                output.Write(bytes);
                output.Write(new byte[Padding(bytes.Length)]);
                break;
            case AbiKind.Array:
                var items = AsList(value);
                output.Write(AbiWords.Encode(AbiType.UInt(256), items.Count));
                EncodeSequence(Repeat(type.Element!, items.Count), items, output);
                break;
            case AbiKind.FixedArray:
                EncodeSequence(Repeat(type.Element!, type.Size), AsList(value), output);
                break;
            case AbiKind.Tuple:
                EncodeSequence(type.Components, AsList(value), output);
                break;
            default:
                output.Write(AbiWords.Encode(type, value));
                break;
        }
    }

    private static List<object> DecodeSequence(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data, ref int budget)
    {
        var values = new List<object>(Math.Min(types.Count, 1024));
        var head = 0;
        foreach (var type in types)
        {
            if (--budget < 0)
            {
                throw new CryptoFormatException("abi: too many values");
            }

            if (type.IsDynamic)
            {
                var offset = ReadLength(data, head, "offset");
                values.Add(DecodeDynamic(type, data, offset, ref budget));
                head += 32;
            }
            else
            {
                RequireBytes(data, head, type.HeadSize);
                values.Add(DecodeStatic(type, data.Slice(head, type.HeadSize), ref budget));
                head += type.HeadSize;
            }
        }

        return values;
    }

    private static object DecodeStatic(AbiType type, ReadOnlySpan<byte> slice, ref int budget) => type.Kind switch
    {
        AbiKind.FixedArray => DecodeSequence(Repeat(type.Element!, type.Size), slice, ref budget),
        AbiKind.Tuple => DecodeSequence(type.Components, slice, ref budget),
        _ => AbiWords.Decode(type, slice),
    };

    private static object DecodeDynamic(AbiType type, ReadOnlySpan<byte> data, int offset, ref int budget)
    {
        var tail = data[offset..];
        switch (type.Kind)
        {
            case AbiKind.Bytes:
            case AbiKind.String:
                var length = ReadLength(tail, 0, "length");
                RequireBytes(tail, 32, length + Padding(length));
                AbiWords.RequireZero(tail.Slice(32 + length, Padding(length)), "bytes padding");
                var payload = tail.Slice(32, length);
                if (type.Kind == AbiKind.Bytes)
                {
                    return payload.ToArray();
                }

                try
                {
                    return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload);
                }
                catch (DecoderFallbackException e)
                {
                    throw new CryptoFormatException("abi: string is not valid UTF-8", e);
                }

            case AbiKind.Array:
                var count = ReadLength(tail, 0, "array length");
                // Every element takes at least one head word: bounds the count by the bytes present.
                RequireBytes(tail, 32, (long)count * (type.Element!.IsDynamic ? 32 : type.Element.HeadSize));
                return DecodeSequence(Repeat(type.Element, count), tail[32..], ref budget);
            case AbiKind.FixedArray:
                return DecodeSequence(Repeat(type.Element!, type.Size), tail, ref budget);
            default:
                return DecodeSequence(type.Components, tail, ref budget);
        }
    }

    /// <summary>Reads a word used as an offset or length: must fit the data that is present.</summary>
    private static int ReadLength(ReadOnlySpan<byte> data, int at, string what)
    {
        RequireBytes(data, at, 32);
        var word = data.Slice(at, 32);
        AbiWords.RequireZero(word[..28], what + " high bytes");
        var value = ((uint)word[28] << 24) | ((uint)word[29] << 16) | ((uint)word[30] << 8) | word[31];
        if (value > (uint)data.Length)
        {
            throw new CryptoFormatException($"abi: {what} past the end of the data");
        }

        return (int)value;
    }

    private static void RequireBytes(ReadOnlySpan<byte> data, int at, long count)
    {
        if (at < 0 || count < 0 || at + count > data.Length)
        {
            throw new CryptoFormatException("abi: data too short");
        }
    }

    private static int Padding(int length) => (32 - (length % 32)) % 32;

    private static AbiType[] Repeat(AbiType type, int count) => Enumerable.Repeat(type, count).ToArray();

    private static IReadOnlyList<object> AsList(object value) =>
        value as IReadOnlyList<object> ?? throw new ArgumentException("abi: arrays and tuples expect IReadOnlyList<object>");
}
