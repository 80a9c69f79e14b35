using DltSigner.Core;
using DltSigner.Core.Hashing;

namespace DltSigner.Adapters.Ethereum.Transactions;

/// <summary>
/// Envelope-level encoding (EIP-2718): dispatches to the per-type decoders, detecting the type from
/// the first byte (≥ 0xc0 is a legacy RLP list; 0x01 and 0x02 are typed), and computes the
/// signing hash and transaction hash.
/// </summary>
public static class TxCodec
{
    /// <summary>Largest encoded transaction accepted (hostile input cap; well above the 128 KiB txpool limit).</summary>
    public const int MaxEncodedLength = 1 << 20;

    public static Transaction Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length == 0)
        {
            throw new CryptoFormatException("tx: empty input");
        }

        if (encoded.Length > MaxEncodedLength)
        {
            throw new CryptoFormatException("tx: encoding too large");
        }

        return encoded[0] switch
        {
            >= 0xc0 => LegacyTxDecoder.Decode(encoded),
            (byte)TxType.AccessList => Eip2930TxDecoder.Decode(encoded),
            (byte)TxType.DynamicFee => Eip1559TxDecoder.Decode(encoded),
            <= 0x7f => throw new CryptoFormatException("tx: unsupported transaction type"),
            _ => throw new CryptoFormatException("tx: neither a typed envelope nor an RLP list"),
        };
    }

    /// <summary>The signed encoding (what is broadcast).</summary>
    public static byte[] Encode(Transaction tx) => Encode(tx, forSigning: false);

    /// <summary>The bytes whose Keccak-256 is signed.</summary>
    public static byte[] SigningPayload(Transaction tx) => Encode(tx, forSigning: true);

    public static byte[] SigningHash(Transaction tx) => Hashes.Keccak256(SigningPayload(tx));

    /// <summary>The transaction hash: Keccak-256 of the signed encoding.</summary>
    public static byte[] Hash(Transaction tx) => Hashes.Keccak256(Encode(tx));

    private static byte[] Encode(Transaction tx, bool forSigning) => tx switch
    {
        LegacyTransaction l => LegacyTxDecoder.Encode(l, forSigning),
        Eip2930Transaction a => Eip2930TxDecoder.Encode(a, forSigning),
        Eip1559Transaction d => Eip1559TxDecoder.Encode(d, forSigning),
        _ => throw new ArgumentException("unknown transaction type", nameof(tx)),
    };
}
