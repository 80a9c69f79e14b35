using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;

namespace DltSigner.Adapters.Bitcoin.Wallet;

/// <summary>An unspent output the wallet may spend: where it is, what it holds and pays to, and its depth (0: mempool).</summary>
public sealed record Utxo(OutPoint OutPoint, long Value, Script ScriptPubKey, int Confirmations)
{
    public TxOut Output => new(Value, ScriptPubKey);

    /// <summary>The outputs of <paramref name="tx"/> that pay to <paramref name="scriptPubKey"/> (e.g. our change), unconfirmed.</summary>
    public static IReadOnlyList<Utxo> FromTransaction(Transaction tx, Script scriptPubKey, int confirmations = 0)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        var txid = tx.TxId();
        return [.. tx.Outputs
            .Select((o, i) => (o, i))
            .Where(p => p.o.ScriptPubKey.Equals(scriptPubKey))
            .Select(p => new Utxo(new OutPoint(txid, (uint)p.i), p.o.Value, p.o.ScriptPubKey, confirmations))];
    }
}
