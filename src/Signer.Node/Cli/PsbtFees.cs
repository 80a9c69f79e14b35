using DltSigner.Adapters.Bitcoin.Bip174;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Adapters.Bitcoin.Wallet;
using K = DltSigner.Adapters.Bitcoin.Bip174.PsbtKeyTypes;

namespace DltSigner.Node.Cli;

/// <summary>The fee a PSBT pays, over the estimated vsize of the transaction once every input is finalised.</summary>
internal sealed record PsbtFee(long FeeSat, int EstimatedVsize, FeeRate Rate)
{
    public string Describe() =>
        $"fee {Units.FormatBtc(FeeSat)} BTC ({FeeSat} sat), {Rate} over an estimated {EstimatedVsize} vB ({Units.FormatBtc(Rate.SatPerKvB)} BTC/kvB)";
}

/// <summary>
/// The fee caps of every Bitcoin signing path, checked before any share is decrypted. Defaults are
/// Bitcoin Core's: -maxtxfee 0.1 BTC and sendrawtransaction's maxfeerate 0.1 BTC/kvB (10 000 sat/vB).
/// </summary>
internal static class PsbtFees
{
    public static SpendPolicy DefaultCaps { get; } = new() { MaxFee = 10_000_000, MaxFeeRate = new FeeRate(10_000_000) };

    /// <summary>
    /// Inputs minus outputs, as the PSBT's UTXO fields state the amounts (PsbtKeySigner verifies them
    /// for this key's inputs against non_witness_utxo). Refused when an amount is missing or out of
    /// range, the outputs exceed the inputs, or the fee or its rate is above a cap.
    /// </summary>
    public static PsbtFee Check(Psbt psbt, SpendPolicy caps)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        ArgumentNullException.ThrowIfNull(caps);
        var tx = psbt.UnsignedTx;
        var spent = Enumerable.Range(0, psbt.Inputs.Count).Select(psbt.SpentOutput).ToList();
        if (spent.FindIndex(o => o is null) is var missing and >= 0)
        {
            throw new CliException($"psbt not signed: the fee cannot be checked: input {missing} has no UTXO data (witness_utxo or non_witness_utxo)");
        }

        if (spent.Concat(tx.Outputs).Any(o => o!.Value is < 0 or > TxOut.MaxMoney))
        {
            throw new CliException("psbt not signed: an amount is outside 0..21 000 000 BTC");
        }

        // At most MaxMoney each; a hostile count of them must not wrap around.
        var fee = spent.Aggregate(Int128.Zero, (sum, o) => sum + o!.Value) - tx.Outputs.Aggregate(Int128.Zero, (sum, o) => sum + o.Value);
        if (fee < 0)
        {
            throw new CliException($"psbt not signed: the outputs pay {Units.FormatBtc((long)-fee)} BTC more than the inputs hold");
        }

        if (fee > TxOut.MaxMoney)
        {
            throw new CliException("psbt not signed: the fee is above 21 000 000 BTC");
        }

        var vsize = EstimateVsize(psbt, spent!);
        var result = new PsbtFee((long)fee, vsize, FeeRate.Of((long)fee, vsize));
        if (result.FeeSat > caps.MaxFee)
        {
            throw new CliException($"psbt not signed: {result.Describe()} is above the cap of {Units.FormatBtc(caps.MaxFee)} BTC (raise it with --max-fee)");
        }

        if (result.Rate > caps.MaxFeeRate)
        {
            throw new CliException($"psbt not signed: {result.Describe()} is above the rate cap of {Units.FormatBtc(caps.MaxFeeRate.SatPerKvB)} BTC/kvB (raise it with --max-fee-rate)");
        }

        return result;
    }

    /// <summary>
    /// Final vsize, estimated: exact for finalised inputs, 41 base + 108 witness bytes (68 vB) for a
    /// P2WPKH input (signature of at most 72 bytes), and only the 41 base bytes for an input whose
    /// script we cannot size, so the estimated rate is never below the real one.
    /// </summary>
    public static int EstimateVsize(Psbt psbt, IReadOnlyList<TxOut> spent)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        ArgumentNullException.ThrowIfNull(spent);
        var tx = psbt.UnsignedTx;
        var weight = (long)TxSize.FixedWeight(tx.Inputs.Count, tx.Outputs.Select(o => o.ScriptPubKey));
        for (var i = 0; i < psbt.Inputs.Count; i++)
        {
            var input = psbt.Inputs[i];
            if (input.IsFinalized)
            {
                var scriptSig = input.Get(K.InFinalScriptSig) ?? [];
                var witness = input.Get(K.InFinalScriptWitness);
                weight += ((36 + CompactSize.EncodedLength((ulong)scriptSig.Length) + scriptSig.Length + 4) * Transaction.WitnessScaleFactor)
                    + (witness?.Length ?? 1);
            }
            else if (ScriptClassifier.Classify(spent[i].ScriptPubKey) == ScriptType.WitnessV0KeyHash)
            {
                weight += TxSize.P2wpkhInputWeight;
            }
            else
            {
                weight += (TxSize.P2wpkhInputBaseBytes * Transaction.WitnessScaleFactor) + 1;
            }
        }

        return (int)((weight + Transaction.WitnessScaleFactor - 1) / Transaction.WitnessScaleFactor);
    }
}
