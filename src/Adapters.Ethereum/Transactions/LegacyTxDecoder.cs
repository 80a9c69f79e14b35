using System.Numerics;
using DltSigner.Adapters.Ethereum.Rlp;
using DltSigner.Core;

namespace DltSigner.Adapters.Ethereum.Transactions;

/// <summary>
/// Legacy transactions: rlp([nonce, gasPrice, gas, to, value, data, v, r, s]). The signing payload
/// is the first six fields, plus [chainId, 0, 0] under EIP-155.
/// </summary>
public static class LegacyTxDecoder
{
    public static byte[] Encode(LegacyTransaction tx, bool forSigning = false)
    {
        ArgumentNullException.ThrowIfNull(tx);
        List<byte[]> fields =
        [
            RlpCodec.EncodeUInt(tx.Nonce), RlpCodec.EncodeUInt(tx.GasPrice), RlpCodec.EncodeUInt(tx.GasLimit),
            TxFields.EncodeTo(tx.To), RlpCodec.EncodeUInt(tx.Value), RlpCodec.EncodeBytes(tx.Data),
        ];
        if (forSigning)
        {
            if (tx.ChainId is { } chainId)
            {
                // EIP-155: the chain id and two empty values stand where v, r, s will go.
                fields.AddRange([RlpCodec.EncodeUInt(chainId), RlpCodec.EncodeUInt(0UL), RlpCodec.EncodeUInt(0UL)]);
            }
        }
        else
        {
            var signature = tx.Signature ?? throw new InvalidOperationException("legacy tx: unsigned");
            fields.AddRange(TxFields.EncodeSignatureFields(tx.V!.Value, signature));
        }

        return RlpCodec.EncodeList(fields);
    }

    /// <summary>Strict decoding of a signed legacy transaction; v must be 27, 28 or ≥ 35 (EIP-155).</summary>
    public static LegacyTransaction Decode(ReadOnlySpan<byte> encoded)
    {
        var outer = new RlpReader(encoded);
        var r = outer.ReadList();
        outer.EnsureEnd("tx");
        var nonce = r.ReadUInt256("nonce");
        var gasPrice = r.ReadUInt256("gasPrice");
        var gasLimit = r.ReadUInt256("gasLimit");
        var to = TxFields.ReadTo(ref r);
        var value = r.ReadUInt256("value");
        var data = r.ReadBytes().ToArray();
        var v = r.ReadUInt256("v");
        var sigR = r.ReadUInt256("r");
        var sigS = r.ReadUInt256("s");
        r.EnsureEnd("tx: legacy fields");

        var (chainId, parity) = SplitV(v);
        return new LegacyTransaction
        {
            Nonce = nonce, GasPrice = gasPrice, GasLimit = gasLimit, To = to, Value = value, Data = data,
            ChainId = chainId, Signature = new TxSignature(parity, sigR, sigS),
        };
    }

    /// <summary>v → (chain id or null, y-parity).</summary>
    private static (BigInteger? ChainId, int Parity) SplitV(BigInteger v)
    {
        if (v == 27 || v == 28)
        {
            return (null, (int)(v - 27));
        }

        if (v >= 35)
        {
            return ((v - 35) / 2, (int)((v - 35) % 2));
        }

        throw new CryptoFormatException("tx: legacy v is not 27, 28 or at least 35");
    }
}
