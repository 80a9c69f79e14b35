using System.Numerics;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core;

namespace DltSigner.Adapters.Ethereum.Rlp;

/// <summary>
/// RLP encoding and whole-tree decoding (Yellow Paper appendix B). Typed decoders use
/// <see cref="RlpReader"/> directly; the tree form is for generic data and tests.
/// </summary>
public static class RlpCodec
{
    /// <summary>Default nesting cap for tree decoding: deep enough for any Ethereum structure.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Default cap on the number of items in one decoded tree.</summary>
    public const int DefaultMaxItems = 1 << 20;

    public static byte[] EncodeBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 1 && bytes[0] < 0x80)
        {
            return [bytes[0]];
        }

        return WithHeader(0x80, bytes);
    }

    /// <summary>Integer as its minimal big-endian bytes (zero is the empty string).</summary>
    public static byte[] EncodeUInt(BigInteger value) => EncodeBytes(UInt256.ToMinimalBigEndian(value));

    public static byte[] EncodeUInt(ulong value) => EncodeUInt(new BigInteger(value));

    /// <summary>A list of already-encoded items.</summary>
    public static byte[] EncodeList(params IEnumerable<byte[]> encodedItems)
    {
        ArgumentNullException.ThrowIfNull(encodedItems);
        var payload = encodedItems.SelectMany(i => i).ToArray();
        return WithHeader(0xc0, payload);
    }

    public static byte[] Encode(RlpItem item) => item switch
    {
        RlpString s => EncodeBytes(s.Bytes),
        RlpList l => EncodeList(l.Items.Select(Encode)),
        _ => throw new ArgumentException("unknown RLP item", nameof(item)),
    };

    /// <summary>Strict decoding of exactly one item that spans the whole input.</summary>
    public static RlpItem Decode(ReadOnlySpan<byte> encoded, int maxDepth = DefaultMaxDepth, int maxItems = DefaultMaxItems)
    {
        var reader = new RlpReader(encoded);
        var budget = maxItems;
        var item = ReadItem(ref reader, maxDepth, ref budget);
        reader.EnsureEnd();
        return item;
    }

    public static bool TryDecode(ReadOnlySpan<byte> encoded, out RlpItem? item)
    {
        try
        {
            item = Decode(encoded);
            return true;
        }
        catch (CryptoFormatException)
        {
            item = null;
            return false;
        }
    }

    private static RlpItem ReadItem(ref RlpReader reader, int depthLeft, ref int budget)
    {
        if (--budget < 0)
        {
            throw new CryptoFormatException("rlp: too many items");
        }

        if (!reader.PeekIsList())
        {
            return new RlpString(reader.ReadBytes().ToArray());
        }

        if (depthLeft == 0)
        {
            throw new CryptoFormatException("rlp: nesting too deep");
        }

        var inner = reader.ReadList();
        var items = new List<RlpItem>();
        while (!inner.IsEnd)
        {
            items.Add(ReadItem(ref inner, depthLeft - 1, ref budget));
        }

        return new RlpList(items);
    }

    private static byte[] WithHeader(byte shortBase, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 56)
        {
            var shortForm = new byte[1 + payload.Length];
            shortForm[0] = (byte)(shortBase + payload.Length);
            payload.CopyTo(shortForm.AsSpan(1));
            return shortForm;
        }

        var length = (uint)payload.Length;
        var lengthOfLength = 4 - (System.Numerics.BitOperations.LeadingZeroCount(length) / 8);
        var result = new byte[1 + lengthOfLength + payload.Length];
        result[0] = (byte)(shortBase + 55 + lengthOfLength);
        for (var i = 0; i < lengthOfLength; i++)
        {
            result[lengthOfLength - i] = (byte)(length >> (8 * i));
        }

        payload.CopyTo(result.AsSpan(1 + lengthOfLength));
        return result;
    }
}
