using System.Numerics;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rlp;
using DltSigner.Core;

namespace DltSigner.Adapters.Ethereum.Transactions;

/// <summary>RLP pieces shared by the per-type transaction decoders: recipient, access list, signature.</summary>
internal static class TxFields
{
    /// <summary>Cap on access-list size while decoding (hostile input; far above any block's gas).</summary>
    private const int MaxAccessListItems = 1 << 16;

    public static byte[] EncodeTo(Address? to) => RlpCodec.EncodeBytes(to is { } a ? a.Bytes : []);

    /// <summary>Recipient: the empty string (contract creation) or exactly 20 bytes.</summary>
    public static Address? ReadTo(ref RlpReader reader)
    {
        var bytes = reader.ReadBytes();
        return bytes.Length switch
        {
            0 => null,
            Address.Length => new Address(bytes),
            _ => throw new CryptoFormatException("tx: recipient is neither empty nor 20 bytes"),
        };
    }

    public static byte[] EncodeAccessList(IReadOnlyList<AccessListEntry> entries) =>
        RlpCodec.EncodeList(entries.Select(e => RlpCodec.EncodeList(
            RlpCodec.EncodeBytes(e.Address.Bytes),
            RlpCodec.EncodeList(e.StorageKeys.Select(k => RlpCodec.EncodeBytes(k))))));

    public static List<AccessListEntry> ReadAccessList(ref RlpReader reader)
    {
        var list = reader.ReadList();
        var entries = new List<AccessListEntry>();
        var budget = MaxAccessListItems;
        while (!list.IsEnd)
        {
            var entry = list.ReadList();
            var address = entry.ReadBytes();
            if (address.Length != Address.Length)
            {
                throw new CryptoFormatException("tx: access list address is not 20 bytes");
            }

            var keysReader = entry.ReadList();
            var keys = new List<byte[]>();
            while (!keysReader.IsEnd)
            {
                var key = keysReader.ReadBytes();
                if (key.Length != 32)
                {
                    throw new CryptoFormatException("tx: access list storage key is not 32 bytes");
                }

                if (--budget < 0)
                {
                    throw new CryptoFormatException("tx: access list too large");
                }

                keys.Add(key.ToArray());
            }

            entry.EnsureEnd("tx: access list entry");
            if (--budget < 0)
            {
                throw new CryptoFormatException("tx: access list too large");
            }

            entries.Add(new AccessListEntry(new Address(address), keys));
        }

        return entries;
    }

    /// <summary>y-parity (typed) or v (legacy), then r and s.</summary>
    public static IEnumerable<byte[]> EncodeSignatureFields(BigInteger v, TxSignature signature) =>
        [RlpCodec.EncodeUInt(v), RlpCodec.EncodeUInt(signature.R), RlpCodec.EncodeUInt(signature.S)];

    /// <summary>Reads the typed-transaction signature triple; y-parity must be 0 or 1.</summary>
    public static TxSignature ReadTypedSignature(ref RlpReader reader)
    {
        var parity = reader.ReadUInt256("y-parity");
        if (parity > 1)
        {
            throw new CryptoFormatException("tx: y-parity is not 0 or 1");
        }

        var r = reader.ReadUInt256("r");
        var s = reader.ReadUInt256("s");
        return new TxSignature((int)parity, r, s);
    }

    /// <summary>Prefixes an EIP-2718 type byte to an RLP payload.</summary>
    public static byte[] Typed(TxType type, byte[] rlp)
    {
        var result = new byte[1 + rlp.Length];
        result[0] = (byte)type;
        rlp.CopyTo(result, 1);
        return result;
    }

    /// <summary>Opens the single RLP list after the type byte that must span the rest of the input.</summary>
    public static RlpReader OpenTyped(ReadOnlySpan<byte> encoded, TxType type)
    {
        if (encoded.Length == 0 || encoded[0] != (byte)type)
        {
            throw new CryptoFormatException("tx: wrong type byte");
        }

        var outer = new RlpReader(encoded[1..]);
        var fields = outer.ReadList();
        outer.EnsureEnd("tx");
        return fields;
    }
}
