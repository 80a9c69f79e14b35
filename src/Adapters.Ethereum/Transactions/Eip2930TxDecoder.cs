using DltSigner.Adapters.Ethereum.Rlp;

namespace DltSigner.Adapters.Ethereum.Transactions;

/// <summary>
/// EIP-2930: 0x01 || rlp([chainId, nonce, gasPrice, gasLimit, to, value, data, accessList,
/// signatureYParity, signatureR, signatureS]); the signing payload omits the last three.
/// </summary>
public static class Eip2930TxDecoder
{
    public static byte[] Encode(Eip2930Transaction tx, bool forSigning = false)
    {
        ArgumentNullException.ThrowIfNull(tx);
        List<byte[]> fields =
        [
            RlpCodec.EncodeUInt(tx.ChainId), RlpCodec.EncodeUInt(tx.Nonce), RlpCodec.EncodeUInt(tx.GasPrice),
            RlpCodec.EncodeUInt(tx.GasLimit), TxFields.EncodeTo(tx.To), RlpCodec.EncodeUInt(tx.Value),
            RlpCodec.EncodeBytes(tx.Data), TxFields.EncodeAccessList(tx.Entries),
        ];
        if (!forSigning)
        {
            var signature = tx.Signature ?? throw new InvalidOperationException("EIP-2930 tx: unsigned");
            fields.AddRange(TxFields.EncodeSignatureFields(signature.YParity, signature));
        }

        return TxFields.Typed(TxType.AccessList, RlpCodec.EncodeList(fields));
    }

    public static Eip2930Transaction Decode(ReadOnlySpan<byte> encoded)
    {
        var r = TxFields.OpenTyped(encoded, TxType.AccessList);
        var tx = new Eip2930Transaction
        {
            ChainId = r.ReadUInt256("chainId"),
            Nonce = r.ReadUInt256("nonce"),
            GasPrice = r.ReadUInt256("gasPrice"),
            GasLimit = r.ReadUInt256("gasLimit"),
            To = TxFields.ReadTo(ref r),
            Value = r.ReadUInt256("value"),
            Data = r.ReadBytes().ToArray(),
            Entries = TxFields.ReadAccessList(ref r),
            Signature = TxFields.ReadTypedSignature(ref r),
        };
        r.EnsureEnd("tx: EIP-2930 fields");
        return tx;
    }
}
