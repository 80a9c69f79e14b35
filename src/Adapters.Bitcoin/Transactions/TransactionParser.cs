using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Core;

namespace DltSigner.Adapters.Bitcoin.Transactions;

/// <summary>
/// Strict transaction deserialisation (Bitcoin Core's UnserializeTransaction plus strictness):
/// canonical CompactSize, counts bounded by the bytes left, no trailing data, no superfluous witness,
/// and an empty input list is only accepted without witness serialisation (PSBT's unsigned tx).
/// </summary>
internal static class TransactionParser
{
    /// <summary>A transaction cannot be larger than a block (4,000,000 weight units ≥ bytes).</summary>
    public const int MaxTransactionBytes = 4_000_000;

    private const int MinTxInSize = 41;  // outpoint 36 + script length 1 + sequence 4
    private const int MinTxOutSize = 9;  // value 8 + script length 1

    public static Transaction Parse(ReadOnlySpan<byte> bytes, bool allowWitness)
    {
        if (bytes.Length > MaxTransactionBytes)
        {
            throw new CryptoFormatException("tx: larger than a block");
        }

        var reader = new ByteReader(bytes.ToArray());
        var tx = Read(reader, allowWitness);
        if (!reader.AtEnd)
        {
            throw new CryptoFormatException("tx: trailing bytes");
        }

        return tx;
    }

    public static bool TryParse(ReadOnlySpan<byte> bytes, bool allowWitness, out Transaction? tx, out string? error)
    {
        try
        {
            tx = Parse(bytes, allowWitness);
            error = null;
            return true;
        }
        catch (CryptoFormatException e)
        {
            tx = null;
            error = e.Check;
            return false;
        }
    }

    /// <summary>Reads one transaction from the reader (used by PSBT for the global unsigned tx).</summary>
    public static Transaction Read(ByteReader reader, bool allowWitness)
    {
        var version = reader.ReadInt32("tx version");
        var inputCount = reader.ReadCount("tx input count", MinTxInSize);
        var segwit = false;
        if (inputCount == 0 && allowWitness)
        {
            // BIP144: a zero input count is the marker; the flag must be exactly 1.
            var flag = reader.ReadByte("tx segwit flag");
            if (flag != 1)
            {
                throw new CryptoFormatException("tx: unknown segwit flag or no inputs");
            }

            segwit = true;
            inputCount = reader.ReadCount("tx input count", MinTxInSize);
            if (inputCount == 0)
            {
                throw new CryptoFormatException("tx: segwit transaction without inputs");
            }
        }

        var prevouts = new List<(OutPoint PrevOut, Script ScriptSig, uint Sequence)>();
        for (var i = 0; i < inputCount; i++)
        {
            var prevOut = OutPoint.Read(reader);
            var scriptSig = Script.Own(reader.ReadVarBytes("tx scriptSig"));
            prevouts.Add((prevOut, scriptSig, reader.ReadUInt32("tx sequence")));
        }

        var outputCount = reader.ReadCount("tx output count", MinTxOutSize);
        var outputs = new List<TxOut>();
        for (var i = 0; i < outputCount; i++)
        {
            var value = reader.ReadInt64("tx output value");
            outputs.Add(new TxOut(value, Script.Own(reader.ReadVarBytes("tx scriptPubKey"))));
        }

        var witnesses = new Witness[inputCount];
        Array.Fill(witnesses, Witness.Empty);
        if (segwit)
        {
            var any = false;
            for (var i = 0; i < inputCount; i++)
            {
                witnesses[i] = ReadWitness(reader);
                any |= !witnesses[i].IsEmpty;
            }

            if (!any)
            {
                throw new CryptoFormatException("tx: superfluous witness record");
            }
        }

        var lockTime = reader.ReadUInt32("tx locktime");
        var inputs = prevouts.Select((p, i) => new TxIn(p.PrevOut, p.ScriptSig, p.Sequence, witnesses[i]));
        return new Transaction(version, inputs, outputs, lockTime);
    }

    private static Witness ReadWitness(ByteReader reader)
    {
        var count = reader.ReadCount("tx witness item count", 1);
        var items = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            items[i] = reader.ReadVarBytes("tx witness item");
        }

        return Witness.Own(items);
    }
}
