using DltSigner.Adapters.Bitcoin.Encoding;

namespace DltSigner.Adapters.Bitcoin.Transactions;

/// <summary>Transaction serialisation: legacy, or BIP144 with marker 0x00, flag 0x01 and witnesses.</summary>
internal static class TransactionSerializer
{
    public static byte[] Serialize(Transaction tx, bool withWitness)
    {
        var writer = new ByteWriter(256);
        Write(tx, writer, withWitness);
        return writer.ToArray();
    }

    public static void Write(Transaction tx, ByteWriter writer, bool withWitness)
    {
        writer.WriteInt32(tx.Version);
        if (withWitness)
        {
            writer.WriteByte(0x00);
            writer.WriteByte(0x01);
        }

        writer.WriteCompactSize((ulong)tx.Inputs.Count);
        foreach (var input in tx.Inputs)
        {
            input.PrevOut.Write(writer);
            writer.WriteVarBytes(input.ScriptSig.Span);
            writer.WriteUInt32(input.Sequence);
        }

        writer.WriteCompactSize((ulong)tx.Outputs.Count);
        foreach (var output in tx.Outputs)
        {
            WriteOutput(output, writer);
        }

        if (withWitness)
        {
            foreach (var input in tx.Inputs)
            {
                WriteWitness(input.Witness, writer);
            }
        }

        writer.WriteUInt32(tx.LockTime);
    }

    public static void WriteOutput(TxOut output, ByteWriter writer)
    {
        writer.WriteInt64(output.Value);
        writer.WriteVarBytes(output.ScriptPubKey.Span);
    }

    public static void WriteWitness(Witness witness, ByteWriter writer)
    {
        writer.WriteCompactSize((ulong)witness.Count);
        foreach (var item in witness.Items)
        {
            writer.WriteVarBytes(item);
        }
    }
}
