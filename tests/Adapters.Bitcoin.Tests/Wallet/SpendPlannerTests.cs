using System.Security.Cryptography;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Adapters.Bitcoin.Wallet;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Signing;
using DltSigner.TestKit.Signers;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Adapters.Bitcoin.Tests.Wallet;

public sealed class SpendPlannerTests
{
    private static readonly Script Foreign = ScriptTemplates.PayToWitnessPubKeyHash(new byte[20]);

    private static Utxo Coin(long value, Script script, byte tag = 1) =>
        new(new OutPoint(SHA256.HashData([tag, (byte)(value & 0xff), (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24)]), tag), value, script, 6);

    [Fact]
    public void Dust_thresholds_match_bitcoin_core()
    {
        var relay = FeeRate.FromSatPerVByte(3);
        Assert.Equal(294, TxSize.DustThreshold(Foreign, relay));
        Assert.Equal(546, TxSize.DustThreshold(ScriptTemplates.PayToPubKeyHash(new byte[20]), relay));
        Assert.Equal(330, TxSize.DustThreshold(ScriptTemplates.PayToTaproot(new byte[32]), relay));
        Assert.Equal(0, TxSize.DustThreshold(new Script([0x6a, 0x01, 0x00]), relay));
    }

    [Fact]
    public void Fee_rate_rounds_up_like_cfeerate()
    {
        Assert.Equal(110, FeeRate.FromSatPerVByte(1).FeeFor(110));
        Assert.Equal(165, FeeRate.FromSatPerVByte(1.5m).FeeFor(110));
        Assert.Equal(167, FeeRate.FromSatPerVByte(1.5m).FeeFor(111)); // 166.5 rounds up
        Assert.Equal(1, FeeRate.FromSatPerVByte(0.001m).FeeFor(1));
        Assert.Equal(FeeRate.FromSatPerVByte(2), FeeRate.FromBtcPerKvB(0.00002m));
    }

    [Fact]
    public async Task Vsize_estimate_is_an_upper_bound_and_exact_for_72_byte_signatures()
    {
        using var local = new LocalKeySigner(PrivateKey.Generate());
        var ours = ScriptTemplates.PayToWitnessPubKeyHash(local.PublicKey);
        for (var inputs = 1; inputs <= 4; inputs++)
        {
            var coins = Enumerable.Range(0, inputs).Select(i => Coin(100_000 + i, ours, (byte)i)).ToList();
            var plan = SpendPlanner.Plan(coins, [new Payment(Foreign, (100_000 * inputs) - 20_000)], FeeRate.FromSatPerVByte(1), ours);
            var tx = await P2wpkhSigning.SignAsync(plan, local);
            Assert.InRange(tx.VirtualSize, plan.EstimatedVsize - 1, plan.EstimatedVsize);
            Assert.True(plan.Fee >= FeeRate.FromSatPerVByte(1).FeeFor(tx.VirtualSize));
            var shortfall = tx.Inputs.Sum(i => 72 - i.Witness[0].Length); // bytes below the 72-byte worst case
            var n = tx.Inputs.Count;
            Assert.Equal(plan.Inputs.Count, n);
            Assert.Equal(TxSize.FixedWeight(n, tx.Outputs.Select(o => o.ScriptPubKey)) + (n * TxSize.P2wpkhInputWeight), tx.Weight + shortfall);
        }
    }

    [Fact]
    public void Branch_and_bound_finds_a_changeless_match_and_largest_first_falls_back()
    {
        var rate = FeeRate.FromSatPerVByte(1);
        var inputFee = CoinSelection.InputFee(rate);
        Assert.Equal(68, inputFee);
        Script any = Foreign;
        var coins = new[] { 10_000L, 25_000, 40_000, 7_000 }.Select(v => Coin(v + inputFee, any)).ToList();
        var exact = CoinSelection.BranchAndBound(coins, 47_000, 0, rate);
        Assert.Equal([40_000 + inputFee, 7_000 + inputFee], exact!.Select(c => c.Value).Order().Reverse());
        Assert.Null(CoinSelection.BranchAndBound(coins, 100_000, 0, rate));
        Assert.Null(CoinSelection.BranchAndBound(coins, 1_000, 0, rate)); // every coin overshoots the window

        var largest = CoinSelection.LargestFirst(coins, 60_000, n => 100 * n);
        Assert.Equal(2, largest!.Count);
        Assert.Null(CoinSelection.LargestFirst(coins, 90_000, n => 100 * n));
    }

    [Fact]
    public void Branch_and_bound_results_always_land_in_the_window()
    {
        var rate = FeeRate.FromSatPerVByte(2);
        var arb = Gen.Choose(1, 12).SelectMany(n => Gen.ListOf(Gen.Choose(200, 60_000), n)).SelectMany(values => Gen.Choose(1, 200_000).Select(target => (values, target))).ToArbitrary();
        Prop.ForAll(arb, p =>
        {
            var coins = p.values.Select((v, i) => Coin(v, Foreign, (byte)i)).ToList();
            var picked = CoinSelection.BranchAndBound(coins, p.target, 500, rate);
            var inputFee = CoinSelection.InputFee(rate);
            return picked is null || (picked.Sum(c => c.Value - inputFee) is var ev && ev >= p.target && ev <= p.target + 500);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Plan_signals_rbf_adds_change_or_folds_dust_change_into_the_fee()
    {
        var change = ScriptTemplates.PayToWitnessPubKeyHash(Hashes.Hash160([1]));
        var rate = FeeRate.FromSatPerVByte(2);
        var plan = SpendPlanner.Plan([Coin(1_000_000, change)], [new Payment(Foreign, 300_000)], rate, change);
        Assert.All(plan.Transaction.Inputs, i => Assert.Equal(0xfffffffdu, i.Sequence));
        Assert.Equal(2, plan.Transaction.Version);
        Assert.Equal(2, plan.Transaction.Outputs.Count);
        Assert.Equal(1_000_000 - 300_000 - plan.Fee, plan.ChangeAmount);
        Assert.Equal(rate.FeeFor(plan.EstimatedVsize), plan.Fee);

        // 300 sat over a changeless spend: below 294 + the change output's own fee → no change output.
        var changeless = rate.FeeFor(TxSize.EstimateVsize(1, [Foreign]));
        var folded = SpendPlanner.Plan([Coin(300_000 + changeless + 300, change)], [new Payment(Foreign, 300_000)], rate, change);
        Assert.Null(folded.ChangeIndex);
        Assert.Equal(changeless + 300, folded.Fee);
    }

    [Fact]
    public void Bad_payments_and_caps_are_clear_errors()
    {
        var coins = new[] { Coin(50_000, Foreign) };
        var rate = FeeRate.FromSatPerVByte(1);
        Assert.Equal(WalletErrorKind.DustPayment, Assert.Throws<WalletException>(() => SpendPlanner.Plan(coins, [new Payment(Foreign, 293)], rate, Foreign)).Kind);
        Assert.Equal(WalletErrorKind.InvalidPayment, Assert.Throws<WalletException>(() => SpendPlanner.Plan(coins, [new Payment(Foreign, 0)], rate, Foreign)).Kind);
        Assert.Equal(WalletErrorKind.InvalidPayment, Assert.Throws<WalletException>(() => SpendPlanner.Plan(coins, [], rate, Foreign)).Kind);
        var poor = Assert.Throws<WalletException>(() => SpendPlanner.Plan(coins, [new Payment(Foreign, 49_950)], rate, Foreign));
        Assert.Equal(WalletErrorKind.InsufficientFunds, poor.Kind);
        Assert.Equal("insufficient funds: need 50060 sat (49950 sat of payments + 110 sat fee at 1 sat/vB spending all 1 UTXOs), available 50000 sat", poor.Message);
        var cap = new SpendPolicy { MaxFeeRate = FeeRate.FromSatPerVByte(10) };
        Assert.Equal(WalletErrorKind.FeeAboveCap, Assert.Throws<WalletException>(() => SpendPlanner.Plan(coins, [new Payment(Foreign, 1_000)], FeeRate.FromSatPerVByte(11), Foreign, cap)).Kind);
    }

    [Fact]
    public async Task Foreign_inputs_are_refused_before_any_signature_and_explanations_recompute_the_digest()
    {
        var signer = TestSigners.Create(TestSigners.Local);
        var ours = ScriptTemplates.PayToWitnessPubKeyHash(signer.PublicKey);
        var mixed = SpendPlanner.Plan([Coin(70_000, ours, 1), Coin(70_000, Foreign, 2)], [new Payment(Foreign, 100_000)], FeeRate.FromSatPerVByte(1), ours);
        var foreign = await Assert.ThrowsAsync<WalletException>(() => P2wpkhSigning.SignAsync(mixed, signer));
        Assert.Equal(WalletErrorKind.ForeignInput, foreign.Kind);
        Assert.Equal(0, signer.Calls);

        var plan = SpendPlanner.Plan([Coin(70_000, ours, 1), Coin(80_000, ours, 2)], [new Payment(Foreign, 100_000)], FeeRate.FromSatPerVByte(1), ours);
        var tx = await P2wpkhSigning.SignAsync(plan, signer);
        Assert.Equal(2, signer.Calls);
        for (var i = 0; i < 2; i++)
        {
            var request = signer.Requests[i];
            var (unsigned, index, amount) = BitcoinSignExplanation.Decode(request.Explanation.Span);
            Assert.Equal(plan.Transaction.ToBytes(), unsigned.ToBytes());
            Assert.Equal(plan.Inputs[index].Value, amount);
            Assert.Equal(request.Digest.ToArray(), BitcoinSignExplanation.RecomputeDigest(request.Explanation.Span, signer.PublicKey));
        }

        Assert.Null(P2wpkhSigning.Check(tx, [.. plan.Inputs.Select(u => u.Output)]));
        var tampered = tx.WithInput(0, tx.Inputs[0] with { Sequence = 1 });
        Assert.Contains("does not verify", P2wpkhSigning.Check(tampered, [.. plan.Inputs.Select(u => u.Output)]), StringComparison.Ordinal);
    }
}
