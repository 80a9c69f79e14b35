using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Transactions;

namespace DltSigner.Adapters.Bitcoin.SigHash;

/// <summary>The per-transaction serialisations BIP143 (hashed with SHA256d) and BIP341 (with SHA256) share.</summary>
internal static class SigHashParts
{
    public static byte[] Prevouts(Transaction tx)
    {
        var w = new ByteWriter(tx.Inputs.Count * OutPoint.SerializedLength);
        foreach (var input in tx.Inputs)
        {
            input.PrevOut.Write(w);
        }

        return w.ToArray();
    }

    public static byte[] Sequences(Transaction tx)
    {
        var w = new ByteWriter(tx.Inputs.Count * 4);
        foreach (var input in tx.Inputs)
        {
            w.WriteUInt32(input.Sequence);
        }

        return w.ToArray();
    }

    public static byte[] Outputs(IEnumerable<TxOut> outputs)
    {
        var w = new ByteWriter(256);
        foreach (var output in outputs)
        {
            TransactionSerializer.WriteOutput(output, w);
        }

        return w.ToArray();
    }

    public static byte[] Amounts(IEnumerable<TxOut> spent)
    {
        var w = new ByteWriter(64);
        foreach (var output in spent)
        {
            w.WriteInt64(output.Value);
        }

        return w.ToArray();
    }

    public static byte[] ScriptPubKeys(IEnumerable<TxOut> spent)
    {
        var w = new ByteWriter(256);
        foreach (var output in spent)
        {
            w.WriteVarBytes(output.ScriptPubKey.Span);
        }

        return w.ToArray();
    }
}
