namespace DltSigner.Adapters.Bitcoin.Transactions;

/// <summary>
/// Context-free consensus checks of Bitcoin Core's CheckTransaction (consensus/tx_check.cpp): what can
/// be said about a transaction without its prevouts or script execution.
/// </summary>
public static class TransactionChecks
{
    /// <summary>Bitcoin Core's MAX_BLOCK_WEIGHT.</summary>
    public const int MaxBlockWeight = 4_000_000;

    /// <summary>Null when the transaction passes, else Bitcoin Core's reject reason.</summary>
    public static string? Check(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        if (tx.Inputs.Count == 0)
        {
            return "bad-txns-vin-empty";
        }

        if (tx.Outputs.Count == 0)
        {
            return "bad-txns-vout-empty";
        }

        if (tx.ToBytesWithoutWitness().Length * Transaction.WitnessScaleFactor > MaxBlockWeight)
        {
            return "bad-txns-oversize";
        }

        long total = 0;
        foreach (var output in tx.Outputs)
        {
            if (output.Value < 0)
            {
                return "bad-txns-vout-negative";
            }

            if (output.Value > TxOut.MaxMoney)
            {
                return "bad-txns-vout-toolarge";
            }

            total += output.Value;
            if (total > TxOut.MaxMoney)
            {
                return "bad-txns-txouttotal-toolarge";
            }
        }

        var seen = new HashSet<OutPoint>();
        foreach (var input in tx.Inputs)
        {
            if (!seen.Add(input.PrevOut))
            {
                return "bad-txns-inputs-duplicate";
            }
        }

        if (tx.IsCoinbase)
        {
            if (tx.Inputs[0].ScriptSig.Length is < 2 or > 100)
            {
                return "bad-cb-length";
            }
        }
        else if (tx.Inputs.Any(i => i.PrevOut.IsNull))
        {
            return "bad-txns-prevout-null";
        }

        return null;
    }
}
