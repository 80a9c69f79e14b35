using DltSigner.Adapters.Bitcoin.Addresses;
using DltSigner.Adapters.Bitcoin.Bip174;
using DltSigner.Adapters.Bitcoin.Rpc;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Adapters.Bitcoin.Wallet;
using DltSigner.Core;
using DltSigner.TestKit.Devnet;
using DltSigner.TestKit.Signers;
using K = DltSigner.Adapters.Bitcoin.Bip174.PsbtKeyTypes;

namespace DltSigner.Adapters.Bitcoin.Tests.Integration;

/// <summary>
/// bitcoind's watch-only descriptor wallet (wpkh(&lt;key&gt;)) creates and funds a PSBT, our signer
/// role signs it, bitcoind finalises and broadcasts it, and it is mined.
/// </summary>
[Collection(BitcoindCollection.Name)]
public sealed class PsbtRoundTripTests(BitcoindFixture node)
{
    [BitcoindTheory]
    [MemberData(nameof(TestSigners.Kinds), MemberType = typeof(TestSigners))]
    public async Task Watch_only_wallet_psbt_is_signed_finalised_by_bitcoind_and_mined(string signerKind)
    {
        var signer = TestSigners.Create(signerKind);
        var (wallet, watch) = await WatchOnlyAsync(signer, 60_000_000);
        var destination = await node.Miner.GetNewAddressAsync();

        var funded = await watch.WalletCreateFundedPsbtAsync(new Dictionary<string, long> { [destination] = 20_000_000 }, FeeRate.FromSatPerVByte(4), wallet.Address.ToString());
        var psbt = Psbt.ParseBase64(funded.Psbt);
        Assert.NotNull(psbt.Inputs[0].NonWitnessUtxo); // Core ≥ 0.20.1 includes it for segwit v0 inputs

        var signed = await PsbtKeySigner.SignAsync(psbt, signer);
        Assert.Equal([0], signed.SignedInputs);
        Assert.Equal(1, signer.Calls);
        Assert.Empty(psbt.Inputs[0].PartialSigs); // the input PSBT is left as it was

        var final = await node.Rpc.FinalizePsbtAsync(signed.Psbt.ToBase64());
        Assert.True(final.Complete);
        var tx = Transaction.Parse(final.Hex!);
        var verdict = Assert.Single(await node.Rpc.TestMempoolAcceptAsync([tx]));
        Assert.True(verdict.Allowed, verdict.RejectReason);
        var txid = await node.Rpc.SendRawTransactionAsync(tx);
        await node.MineAsync();
        Assert.True((await node.Rpc.GetRawTransactionAsync(txid)).Confirmations >= 1);
        Assert.True((await watch.GetTransactionAsync(txid)).Confirmations >= 1);
    }

    [BitcoindFact]
    public async Task Witness_utxo_only_and_malformed_psbts_are_refused_with_nothing_signed()
    {
        var signer = TestSigners.Create(TestSigners.Local);
        var (wallet, watch) = await WatchOnlyAsync(signer, 10_000_000);
        var funded = await watch.WalletCreateFundedPsbtAsync(new Dictionary<string, long> { [await node.Miner.GetNewAddressAsync()] = 1_000_000 }, FeeRate.FromSatPerVByte(2), wallet.Address.ToString());

        var stripped = Psbt.ParseBase64(funded.Psbt);
        stripped.Inputs[0].RemoveType(K.InNonWitnessUtxo);
        Assert.NotNull(stripped.Inputs[0].WitnessUtxo);
        var refused = await Assert.ThrowsAsync<PsbtSigningException>(() => PsbtKeySigner.SignAsync(stripped, signer));
        Assert.Contains("CVE-2020-14199", refused.Message, StringComparison.Ordinal);

        var bytes = Convert.FromBase64String(funded.Psbt);
        Assert.Throws<CryptoFormatException>(() => Psbt.Parse(bytes.AsSpan(0, bytes.Length / 2)));
        Assert.Throws<CryptoFormatException>(() => Psbt.ParseBase64("cHNidP8BAH#="));
        var rpcError = await Assert.ThrowsAsync<BitcoinRpcException>(() => node.Rpc.FinalizePsbtAsync(Convert.ToBase64String(bytes.AsSpan(0, bytes.Length - 3))));
        Assert.Equal(-22, rpcError.Code); // RPC_DESERIALIZATION_ERROR
        Assert.Equal(0, signer.Calls);
    }

    [BitcoindFact]
    public async Task Rpc_errors_carry_code_and_method_and_bad_credentials_are_an_auth_error()
    {
        var error = await Assert.ThrowsAsync<BitcoinRpcException>(() => node.Rpc.GetRawTransactionAsync(new string('0', 64)));
        Assert.Equal(-5, error.Code); // RPC_INVALID_ADDRESS_OR_KEY
        Assert.Equal("getrawtransaction", error.Method);

        using var wrong = new BitcoinRpcClient(node.Rpc.Options with { User = "devnet", Password = "wrong" });
        var auth = await Assert.ThrowsAsync<BitcoinRpcAuthException>(() => wrong.GetBlockchainInfoAsync());
        Assert.DoesNotContain("wrong", auth.Message, StringComparison.Ordinal);

        using var cookie = new BitcoinRpcClient(node.Rpc.Options with { User = null, Password = null });
        Assert.Equal("regtest", (await cookie.GetBlockchainInfoAsync()).Chain);
        Assert.Throws<ArgumentException>(() => Network.FromName("mainnet"));
    }

    private async Task<(KeyWallet Wallet, BitcoinRpcClient Watch)> WatchOnlyAsync(CountingSigner signer, long funding)
    {
        var wallet = new KeyWallet(signer, Network.Regtest);
        var name = "watch-" + Guid.NewGuid().ToString("N")[..12];
        await node.Rpc.CreateWalletAsync(name, disablePrivateKeys: true, blank: true);
        var watch = node.Rpc.ForWallet(name);
        var descriptor = await node.Rpc.DescriptorWithChecksumAsync(wallet.Descriptor);
        await watch.ImportDescriptorsAsync([new DescriptorImport(descriptor, Label: "threshold")]);
        await node.FundAsync(wallet.Address.ToString(), funding);
        return (wallet, watch);
    }
}
