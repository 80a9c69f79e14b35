using DltSigner.Adapters.Ethereum.Rlp;

namespace DltSigner.Adapters.Ethereum.Transactions;

/// <summary>
/// EIP-1559: 0x02 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value,
/// data, accessList, signatureYParity, signatureR, signatureS]); the signing payload omits the last three.
/// </summary>
public static class Eip1559TxDecoder
{
    public static byte[] Encode(Eip1559Transaction tx, bool forSigning = false)
    {
        ArgumentNullException.ThrowIfNull(tx);
        List<byte[]> fields =
        [
            RlpCodec.EncodeUInt(tx.ChainId), RlpCodec.EncodeUInt(tx.Nonce),
            RlpCodec.EncodeUInt(tx.MaxPriorityFeePerGas), RlpCodec.EncodeUInt(tx.MaxFeePerGas),
            RlpCodec.EncodeUInt(tx.GasLimit), TxFields.EncodeTo(tx.To), RlpCodec.EncodeUInt(tx.Value),
            RlpCodec.EncodeBytes(tx.Data), TxFields.EncodeAccessList(tx.Entries),
        ];
        if (!forSigning)
        {
            var signature = tx.Signature ?? throw new InvalidOperationException("EIP-1559 tx: unsigned");
            fields.AddRange(TxFields.EncodeSignatureFields(signature.YParity, signature));
        }

        return TxFields.Typed(TxType.DynamicFee, RlpCodec.EncodeList(fields));
    }

    public static Eip1559Transaction Decode(ReadOnlySpan<byte> encoded)
    {
        var r = TxFields.OpenTyped(encoded, TxType.DynamicFee);
        var tx = new Eip1559Transaction
        {
            ChainId = r.ReadUInt256("chainId"),
            Nonce = r.ReadUInt256("nonce"),
            MaxPriorityFeePerGas = r.ReadUInt256("maxPriorityFeePerGas"),
            MaxFeePerGas = r.ReadUInt256("maxFeePerGas"),
            GasLimit = r.ReadUInt256("gasLimit"),
            To = TxFields.ReadTo(ref r),
            Value = r.ReadUInt256("value"),
            Data = r.ReadBytes().ToArray(),
            Entries = TxFields.ReadAccessList(ref r),
            Signature = TxFields.ReadTypedSignature(ref r),
        };
        r.EnsureEnd("tx: EIP-1559 fields");
        return tx;
    }
}
