using System.Buffers.Binary;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.SigHash;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;

namespace DltSigner.Adapters.Bitcoin.Wallet;

/// <summary>
/// The <see cref="Core.Signing.SignRequest.Explanation"/> of a P2WPKH input signature: the unsigned
/// transaction (legacy serialisation) || input index (u32 LE) || amount spent (i64 LE). With its own
/// public key a signer node recomputes the BIP143 SIGHASH_ALL digest (scriptCode = P2PKH of its key
/// hash) and refuses a request whose digest differs, and can apply policy to the outputs it sees.
/// </summary>
public static class BitcoinSignExplanation
{
    private const int TrailerLength = 4 + 8;

    public static byte[] Encode(Transaction unsignedTx, int inputIndex, long amount)
    {
        ArgumentNullException.ThrowIfNull(unsignedTx);
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, unsignedTx.Inputs.Count);
        var tx = unsignedTx.ToBytesWithoutWitness();
        var result = new byte[tx.Length + TrailerLength];
        tx.CopyTo(result, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(tx.Length), (uint)inputIndex);
        BinaryPrimitives.WriteInt64LittleEndian(result.AsSpan(tx.Length + 4), amount);
        return result;
    }

    /// <summary>Strict decode; throws <see cref="CryptoFormatException"/> naming the failed check.</summary>
    public static (Transaction UnsignedTx, int InputIndex, long Amount) Decode(ReadOnlySpan<byte> explanation)
    {
        if (explanation.Length <= TrailerLength)
        {
            throw new CryptoFormatException("btc explanation: too short");
        }

        var tx = TransactionParser.Parse(explanation[..^TrailerLength], allowWitness: false);
        var index = BinaryPrimitives.ReadUInt32LittleEndian(explanation[^TrailerLength..]);
        var amount = BinaryPrimitives.ReadInt64LittleEndian(explanation[^8..]);
        if (index >= tx.Inputs.Count)
        {
            throw new CryptoFormatException("btc explanation: input index out of range");
        }

        if (amount is < 0 or > TxOut.MaxMoney)
        {
            throw new CryptoFormatException("btc explanation: amount out of range");
        }

        return (tx, (int)index, amount);
    }

    /// <summary>The BIP143 SIGHASH_ALL digest of the explained input, spent as P2WPKH by <paramref name="key"/>.</summary>
    public static byte[] RecomputeDigest(ReadOnlySpan<byte> explanation, PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var (tx, index, amount) = Decode(explanation);
        return P2wpkhDigest(new Bip143SigHash(tx), index, amount, key);
    }

    internal static byte[] P2wpkhDigest(Bip143SigHash sighash, int index, long amount, PublicKey key) =>
        sighash.Compute(index, ScriptTemplates.P2wpkhScriptCode(Hashes.Hash160(key.ToCompressed())), amount, (uint)SigHashType.All);
}
