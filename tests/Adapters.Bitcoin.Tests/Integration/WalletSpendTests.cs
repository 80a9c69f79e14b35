using DltSigner.Adapters.Bitcoin.Addresses;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Adapters.Bitcoin.Wallet;
using DltSigner.Core.Signing;
using DltSigner.TestKit.Devnet;
using DltSigner.TestKit.Signers;

namespace DltSigner.Adapters.Bitcoin.Tests.Integration;

/// <summary>Spends from the signer's P2WPKH address against a real regtest bitcoind, for each signer kind.</summary>
[Collection(BitcoindCollection.Name)]
public sealed class WalletSpendTests(BitcoindFixture node)
{
    [BitcoindTheory]
    [MemberData(nameof(TestSigners.Kinds), MemberType = typeof(TestSigners))]
    public async Task Spend_with_change_is_accepted_mined_and_confirmed(string signerKind)
    {
        var signer = TestSigners.Create(signerKind);
        var wallet = new KeyWallet(signer, Network.Regtest);
        await node.FundAsync(wallet.Address.ToString(), 100_000_000);
        var utxos = await wallet.ScanUtxosAsync(node.Rpc);
        Assert.Equal(100_000_000, Assert.Single(utxos).Value);

        var destination = await node.Miner.GetNewAddressAsync();
        var spend = await wallet.CreateSpendAsync(utxos, [wallet.Pay(destination, 40_000_000)], FeeRate.FromSatPerVByte(5));
        var tx = spend.Transaction;
        Assert.Equal(1, signer.Calls);
        Assert.Equal(SignPurpose.BitcoinTransaction, signer.Requests[0].Purpose);
        Assert.Equal(signer.Requests[0].Digest.ToArray(), BitcoinSignExplanation.RecomputeDigest(signer.Requests[0].Explanation.Span, signer.PublicKey));
        Assert.All(tx.Inputs, i => Assert.Equal(SpendPlanner.RbfSequence, i.Sequence));
        Assert.NotNull(spend.Plan.ChangeIndex);
        Assert.Equal(wallet.ScriptPubKey, tx.Outputs[spend.Plan.ChangeIndex!.Value].ScriptPubKey);
        Assert.True(tx.VirtualSize <= spend.Plan.EstimatedVsize);

        var verdict = Assert.Single(await node.Rpc.TestMempoolAcceptAsync([tx]));
        Assert.True(verdict.Allowed, verdict.RejectReason);
        Assert.Equal(spend.Plan.Fee, verdict.Fee);
        Assert.Equal(tx.VirtualSize, verdict.VSize);

        var txid = await wallet.BroadcastAsync(node.Rpc, tx);
        Assert.Equal(tx.TxIdDisplay, txid);
        await node.MineAsync();
        Assert.True((await node.Miner.GetTransactionAsync(txid)).Confirmations >= 1);
        var raw = await node.Rpc.GetRawTransactionAsync(txid);
        Assert.True(raw.Confirmations >= 1);
        Assert.Equal(tx.WTxIdDisplay, raw.Transaction.WTxIdDisplay);
    }

    [BitcoindTheory]
    [MemberData(nameof(TestSigners.Kinds), MemberType = typeof(TestSigners))]
    public async Task Second_spend_chains_on_unconfirmed_change_then_both_confirm(string signerKind)
    {
        var signer = TestSigners.Create(signerKind);
        var wallet = new KeyWallet(signer, Network.Regtest);
        await node.FundAsync(wallet.Address.ToString(), 50_000_000);
        var destination = await node.Miner.GetNewAddressAsync();
        var first = await wallet.CreateSpendAsync(await wallet.ScanUtxosAsync(node.Rpc), [wallet.Pay(destination, 10_000_000)], FeeRate.FromSatPerVByte(3));
        var firstId = await wallet.BroadcastAsync(node.Rpc, first.Transaction);

        // The change of the unconfirmed parent is the only coin the second spend may use.
        var change = Utxo.FromTransaction(first.Transaction, wallet.ScriptPubKey);
        var second = await wallet.CreateSpendAsync(change, [wallet.Pay(destination, 15_000_000)], FeeRate.FromSatPerVByte(3));
        Assert.Equal(first.Transaction.TxIdDisplay, Assert.Single(second.Transaction.Inputs).PrevOut.TxIdDisplay);
        var verdict = Assert.Single(await node.Rpc.TestMempoolAcceptAsync([second.Transaction]));
        Assert.True(verdict.Allowed, verdict.RejectReason);
        var secondId = await wallet.BroadcastAsync(node.Rpc, second.Transaction);
        Assert.Equal(0, (await node.Rpc.GetRawTransactionAsync(secondId)).Confirmations);

        await node.MineAsync();
        Assert.True((await node.Rpc.GetRawTransactionAsync(firstId)).Confirmations >= 1);
        Assert.True((await node.Rpc.GetRawTransactionAsync(secondId)).Confirmations >= 1);
        Assert.Equal(2, signer.Calls);
    }

    [BitcoindFact]
    public async Task Insufficient_funds_and_fee_caps_are_refused_before_signing()
    {
        var signer = TestSigners.Create(TestSigners.Local);
        var wallet = new KeyWallet(signer, Network.Regtest, policy: new SpendPolicy { MaxFee = 5_000, MaxFeeRate = FeeRate.FromSatPerVByte(50) });
        await node.FundAsync(wallet.Address.ToString(), 1_000_000);
        var utxos = await wallet.ScanUtxosAsync(node.Rpc);
        var destination = await node.Miner.GetNewAddressAsync();

        var poor = await Assert.ThrowsAsync<WalletException>(() => wallet.CreateSpendAsync(utxos, [wallet.Pay(destination, 2_000_000)], FeeRate.FromSatPerVByte(2)));
        Assert.Equal(WalletErrorKind.InsufficientFunds, poor.Kind);
        Assert.Contains("available 1000000 sat", poor.Message, StringComparison.Ordinal);
        Assert.Contains("need 20002", poor.Message, StringComparison.Ordinal);

        var rate = await Assert.ThrowsAsync<WalletException>(() => wallet.CreateSpendAsync(utxos, [wallet.Pay(destination, 100_000)], FeeRate.FromSatPerVByte(51)));
        Assert.Equal(WalletErrorKind.FeeAboveCap, rate.Kind);
        var absolute = await Assert.ThrowsAsync<WalletException>(() => wallet.CreateSpendAsync(utxos, [wallet.Pay(destination, 100_000)], FeeRate.FromSatPerVByte(45)));
        Assert.Equal(WalletErrorKind.FeeAboveCap, absolute.Kind);
        Assert.Contains("above the cap of 5000 sat", absolute.Message, StringComparison.Ordinal);
        Assert.Equal(0, signer.Calls);
    }

    [BitcoindFact]
    public async Task Demo_pays_from_the_threshold_key_and_reports_confirmations()
    {
        var signer = TestSigners.Create(TestSigners.Threshold2Of3);
        using var log = new StringWriter();
        var result = await BitcoinDemo.RunAsync(signer, node.Rpc, log);
        Assert.True(result.Confirmations >= 1);
        Assert.Contains(result.TxId, log.ToString(), StringComparison.Ordinal);
        Assert.Contains("confirmation", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, signer.Calls);
    }
}
