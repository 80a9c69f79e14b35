using DltSigner.Adapters.Bitcoin.Addresses;
using DltSigner.Adapters.Bitcoin.Rpc;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Adapters.Bitcoin.Wallet;
using DltSigner.Core.Signing;

namespace DltSigner.Adapters.Bitcoin;

/// <summary>What the demo's Bitcoin leg did.</summary>
public sealed record BitcoinDemoResult(string Address, string FundingTxId, string TxId, long Fee, int VSize, int Confirmations);

/// <summary>
/// The README main job's Bitcoin leg, on a regtest node: a miner wallet mines 101 blocks, pays
/// 1 BTC to the signer's P2WPKH address, the signer pays 0.3 BTC back (change to itself, RBF, fee
/// from estimatesmartfee or 2 sat/vB), the payment is mined, and bitcoind's confirmation count is printed.
/// </summary>
public static class BitcoinDemo
{
    public const string MinerWallet = "dltsigner-miner";

    public static async Task<BitcoinDemoResult> RunAsync(IEcdsaSigner signer, BitcoinRpcClient rpc, TextWriter log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(log);
        var info = await rpc.GetBlockchainInfoAsync(ct).ConfigureAwait(false);
        if (info.Chain != "regtest")
        {
            throw new InvalidOperationException($"the Bitcoin demo mines blocks and runs on regtest only; the node is on {info.Chain}");
        }

        var network = Network.Regtest;
        var miner = await rpc.EnsureWalletAsync(MinerWallet, ct: ct).ConfigureAwait(false);
        var minerAddress = await miner.GetNewAddressAsync("mining", ct: ct).ConfigureAwait(false);
        await rpc.GenerateToAddressAsync(101, minerAddress, ct).ConfigureAwait(false);
        await log.WriteLineAsync($"btc: mined 101 blocks to the miner wallet (height {info.Blocks + 101})").ConfigureAwait(false);

        var wallet = new KeyWallet(signer, network);
        await log.WriteLineAsync($"btc: threshold key {wallet.PublicKey} -> P2WPKH {wallet.Address}").ConfigureAwait(false);
        var funding = await miner.SendToAddressAsync(wallet.Address.ToString(), 100_000_000, ct).ConfigureAwait(false);
        await rpc.GenerateToAddressAsync(1, minerAddress, ct).ConfigureAwait(false);
        await log.WriteLineAsync($"btc: funded 1 BTC in {funding} (mined)").ConfigureAwait(false);

        var utxos = await wallet.ScanUtxosAsync(rpc, ct).ConfigureAwait(false);
        var feeRate = await rpc.EstimateSmartFeeAsync(6, ct).ConfigureAwait(false) ?? FeeRate.FromSatPerVByte(2);
        var destination = await miner.GetNewAddressAsync("demo", ct: ct).ConfigureAwait(false);
        var spend = await wallet.CreateSpendAsync(utxos, [wallet.Pay(destination, 30_000_000)], feeRate, ct: ct).ConfigureAwait(false);
        await log.WriteLineAsync($"btc: signed {spend.TxId}: 0.3 BTC to {destination}, change {BitcoinJson.FormatAmount(spend.Plan.ChangeAmount)} BTC, fee {spend.Plan.Fee} sat at {feeRate}, {spend.Transaction.VirtualSize} vB").ConfigureAwait(false);

        var txid = await wallet.BroadcastAsync(rpc, spend.Transaction, ct).ConfigureAwait(false);
        await rpc.GenerateToAddressAsync(1, minerAddress, ct).ConfigureAwait(false);
        var mined = await rpc.GetRawTransactionAsync(txid, ct).ConfigureAwait(false);
        await log.WriteLineAsync($"btc: txid {txid} confirmed: bitcoind reports {mined.Confirmations} confirmation(s) in block {mined.BlockHash}").ConfigureAwait(false);
        return new BitcoinDemoResult(wallet.Address.ToString(), funding, txid, spend.Plan.Fee, spend.Transaction.VirtualSize, mined.Confirmations);
    }
}
