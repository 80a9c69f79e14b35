using System.Security.Cryptography;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;

namespace DltSigner.Adapters.Bitcoin.Wallet;

/// <summary>One payment: an output script (from an address) and an amount in satoshis.</summary>
public sealed record Payment(Script ScriptPubKey, long Amount);

/// <summary>
/// An unsigned spend: version 2, every input signalling RBF (BIP125 nSequence 0xfffffffd), locktime 0,
/// the payments in order with the change (if any) at a random position.
/// </summary>
public sealed record UnsignedSpend(Transaction Transaction, IReadOnlyList<Utxo> Inputs, long Fee, int? ChangeIndex, int EstimatedVsize)
{
    public long ChangeAmount => ChangeIndex is { } i ? Transaction.Outputs[i].Value : 0;
}

/// <summary>Builds an unsigned P2WPKH spend from UTXOs, payments, a fee rate and a change script, enforcing <see cref="SpendPolicy"/>.</summary>
public static class SpendPlanner
{
    /// <summary>BIP125: any nSequence below 0xfffffffe signals replaceability; Core uses this value.</summary>
    public const uint RbfSequence = 0xfffffffd;

    public static UnsignedSpend Plan(IReadOnlyList<Utxo> available, IReadOnlyList<Payment> payments, FeeRate feeRate, Script changeScript, SpendPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(available);
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(changeScript);
        policy ??= SpendPolicy.Default;
        var total = CheckPayments(payments, policy);
        if (feeRate > policy.MaxFeeRate)
        {
            throw new WalletException(WalletErrorKind.FeeAboveCap, $"fee rate {feeRate} is above the cap of {policy.MaxFeeRate}");
        }

        var paymentScripts = payments.Select(p => p.ScriptPubKey).ToList();
        var withChange = paymentScripts.Append(changeScript).ToList();
        long FeeNoChange(int inputs) => feeRate.FeeFor(TxSize.EstimateVsize(inputs, paymentScripts));
        long FeeWithChange(int inputs) => feeRate.FeeFor(TxSize.EstimateVsize(inputs, withChange));

        // The fixed part rounded up on its own: the sum of rounded parts is never below the exact fee.
        var fixedFee = feeRate.FeeFor((TxSize.FixedWeight(1, paymentScripts) + 3) / 4);
        var costOfChange = feeRate.FeeFor(TxSize.OutputBytes(changeScript)) + CoinSelection.InputFee(feeRate);
        var bnb = CoinSelection.BranchAndBound(available, total + fixedFee, costOfChange, feeRate, policy.MaxSelectionTries);
        if (bnb is not null && bnb.Sum(u => u.Value) < total + FeeNoChange(bnb.Count))
        {
            bnb = null; // only with ≥ 253 inputs (a longer input count); the exact check has the last word
        }

        var inputs = bnb
            ?? CoinSelection.LargestFirst(available, total, FeeNoChange)
            ?? throw Insufficient(available, total, FeeNoChange(available.Count), feeRate);

        var sum = inputs.Sum(u => u.Value);
        var change = sum - total - FeeWithChange(inputs.Count);
        var outputs = payments.Select(p => new TxOut(p.Amount, p.ScriptPubKey)).ToList();
        int? changeIndex = null;
        if (change >= TxSize.DustThreshold(changeScript, policy.DustRelayFee))
        {
            changeIndex = RandomNumberGenerator.GetInt32(outputs.Count + 1); // no fixed change position to fingerprint
            outputs.Insert(changeIndex.Value, new TxOut(change, changeScript));
        }

        // Without change, a remainder below the dust threshold goes to the fee (Core does the same).
        var fee = sum - outputs.Sum(o => o.Value);
        var vsize = TxSize.EstimateVsize(inputs.Count, outputs.Select(o => o.ScriptPubKey));
        if (fee > policy.MaxFee)
        {
            throw new WalletException(WalletErrorKind.FeeAboveCap, $"fee {fee} sat is above the cap of {policy.MaxFee} sat ({inputs.Count} inputs, {vsize} vB at {feeRate})");
        }

        if (FeeRate.Of(fee, vsize) > policy.MaxFeeRate)
        {
            throw new WalletException(WalletErrorKind.FeeAboveCap, $"fee {fee} sat over {vsize} vB is above the rate cap of {policy.MaxFeeRate}");
        }

        var tx = new Transaction(2, inputs.Select(u => new TxIn(u.OutPoint, RbfSequence)), outputs, 0);
        return new UnsignedSpend(tx, inputs, fee, changeIndex, vsize);
    }

    /// <summary>Checks each payment (positive, within MAX_MONEY, not dust) and returns their sum.</summary>
    private static long CheckPayments(IReadOnlyList<Payment> payments, SpendPolicy policy)
    {
        if (payments.Count == 0)
        {
            throw new WalletException(WalletErrorKind.InvalidPayment, "no payments");
        }

        long total = 0;
        for (var i = 0; i < payments.Count; i++)
        {
            var p = payments[i] ?? throw new WalletException(WalletErrorKind.InvalidPayment, $"payment {i} is null");
            if (p.Amount <= 0 || p.Amount > TxOut.MaxMoney)
            {
                throw new WalletException(WalletErrorKind.InvalidPayment, $"payment {i}: amount {p.Amount} sat is not in 1..{TxOut.MaxMoney}");
            }

            var dust = TxSize.DustThreshold(p.ScriptPubKey, policy.DustRelayFee);
            if (p.Amount < dust)
            {
                throw new WalletException(WalletErrorKind.DustPayment, $"payment {i}: {p.Amount} sat is below the dust threshold of {dust} sat for its output type");
            }

            total += p.Amount;
            if (total > TxOut.MaxMoney)
            {
                throw new WalletException(WalletErrorKind.InvalidPayment, "payments add up to more than MAX_MONEY");
            }
        }

        return total;
    }

    private static WalletException Insufficient(IReadOnlyList<Utxo> available, long payments, long feeAllInputs, FeeRate feeRate) =>
        new(
            WalletErrorKind.InsufficientFunds,
            $"insufficient funds: need {payments + feeAllInputs} sat ({payments} sat of payments + {feeAllInputs} sat fee at {feeRate} spending all {available.Count} UTXOs), available {available.Sum(u => u.Value)} sat");
}
