using System.Text.Json;
using System.Text.Json.Nodes;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Adapters.Bitcoin.Wallet;

namespace DltSigner.Adapters.Bitcoin.Rpc;

/// <summary>The typed RPC calls the wallet, the PSBT round trip and the demo use (bitcoind 29 signatures).</summary>
public sealed partial class BitcoinRpcClient
{
    public async Task<BlockchainInfo> GetBlockchainInfoAsync(CancellationToken ct = default)
    {
        var r = await CallAsync("getblockchaininfo", null, ct).ConfigureAwait(false);
        return new BlockchainInfo(Str(r, "chain"), r.GetProperty("blocks").GetInt32(), Str(r, "bestblockhash"), r.GetProperty("initialblockdownload").GetBoolean());
    }

    public async Task<IReadOnlyList<string>> ListWalletsAsync(CancellationToken ct = default)
    {
        var r = await CallAsync("listwallets", null, ct).ConfigureAwait(false);
        return [.. r.EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>createwallet as a descriptor wallet; watch-only: <paramref name="disablePrivateKeys"/> and <paramref name="blank"/>.</summary>
    public async Task<string> CreateWalletAsync(string name, bool disablePrivateKeys = false, bool blank = false, CancellationToken ct = default)
    {
        // wallet_name, disable_private_keys, blank, passphrase, avoid_reuse, descriptors, load_on_startup
        var r = await CallAsync("createwallet", [name, disablePrivateKeys, blank, string.Empty, false, true, false], ct).ConfigureAwait(false);
        return Str(r, "name");
    }

    public async Task<string> LoadWalletAsync(string name, CancellationToken ct = default)
    {
        var r = await CallAsync("loadwallet", [name], ct).ConfigureAwait(false);
        return Str(r, "name");
    }

    /// <summary>Loads <paramref name="name"/>, creating it (with the given flags) if it does not exist; a loaded wallet is reused.</summary>
    public async Task<BitcoinRpcClient> EnsureWalletAsync(string name, bool disablePrivateKeys = false, bool blank = false, CancellationToken ct = default)
    {
        if (!(await ListWalletsAsync(ct).ConfigureAwait(false)).Contains(name))
        {
            try
            {
                await LoadWalletAsync(name, ct).ConfigureAwait(false);
            }
            catch (BitcoinRpcException e) when (e.Code == -18)
            {
                // RPC_WALLET_NOT_FOUND: no such wallet on disk yet.
                await CreateWalletAsync(name, disablePrivateKeys, blank, ct).ConfigureAwait(false);
            }
        }

        return ForWallet(name);
    }

    /// <summary>getdescriptorinfo: the descriptor with its checksum appended ("desc#checksum").</summary>
    public async Task<string> DescriptorWithChecksumAsync(string descriptor, CancellationToken ct = default)
    {
        var r = await CallAsync("getdescriptorinfo", [descriptor], ct).ConfigureAwait(false);
        return descriptor.Split('#')[0] + "#" + Str(r, "checksum");
    }

    /// <summary>importdescriptors (wallet call); throws naming the first descriptor bitcoind did not import.</summary>
    public async Task ImportDescriptorsAsync(IEnumerable<DescriptorImport> imports, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(imports);
        var list = imports.ToList();
        var requests = new JsonArray();
        foreach (var i in list)
        {
            var o = new JsonObject { ["desc"] = i.Descriptor, ["timestamp"] = i.Timestamp is { } t ? JsonValue.Create(t) : JsonValue.Create("now"), ["internal"] = i.Internal };
            if (i.Label is not null && !i.Internal)
            {
                o["label"] = i.Label;
            }

            requests.Add(o);
        }

        var r = await CallAsync("importdescriptors", [requests], ct).ConfigureAwait(false);
        var n = 0;
        foreach (var result in r.EnumerateArray())
        {
            if (!result.GetProperty("success").GetBoolean())
            {
                var why = result.TryGetProperty("error", out var e) ? e.GetProperty("message").GetString() : "unknown";
                throw new BitcoinRpcException("importdescriptors", BitcoinRpcException.BadResponse, why ?? "unknown", $"bitcoind did not import {list[n].Descriptor}: {why}");
            }

            n++;
        }
    }

    /// <summary>listunspent (wallet call), optionally only for <paramref name="addresses"/>; includes unsafe (unconfirmed foreign) outputs only when minConf is 0.</summary>
    public async Task<IReadOnlyList<Utxo>> ListUnspentAsync(int minConf = 1, int maxConf = 9_999_999, IEnumerable<string>? addresses = null, CancellationToken ct = default)
    {
        var addr = new JsonArray([.. (addresses ?? []).Select(a => (JsonNode)a)]);
        var r = await CallAsync("listunspent", [minConf, maxConf, addr], ct).ConfigureAwait(false);
        return [.. r.EnumerateArray().Select(u => new Utxo(
            OutPoint.FromDisplay(Str(u, "txid"), u.GetProperty("vout").GetUInt32()),
            BtcAmount.ToSatoshis(u.GetProperty("amount")),
            Script.FromHex(Str(u, "scriptPubKey")),
            u.GetProperty("confirmations").GetInt32()))];
    }

    /// <summary>scantxoutset start: the confirmed UTXOs matching the descriptors (no wallet needed).</summary>
    public async Task<IReadOnlyList<Utxo>> ScanTxOutSetAsync(IEnumerable<string> descriptors, CancellationToken ct = default)
    {
        var scan = new JsonArray([.. descriptors.Select(d => (JsonNode)d)]);
        var r = await CallAsync("scantxoutset", ["start", scan], ct).ConfigureAwait(false);
        if (!r.GetProperty("success").GetBoolean())
        {
            throw new BitcoinRpcException("scantxoutset", BitcoinRpcException.BadResponse, "scan failed", "bitcoind scantxoutset did not complete");
        }

        var tip = r.GetProperty("height").GetInt32();
        return [.. r.GetProperty("unspents").EnumerateArray().Select(u => new Utxo(
            OutPoint.FromDisplay(Str(u, "txid"), u.GetProperty("vout").GetUInt32()),
            BtcAmount.ToSatoshis(u.GetProperty("amount")),
            Script.FromHex(Str(u, "scriptPubKey")),
            tip - u.GetProperty("height").GetInt32() + 1))];
    }

    public async Task<string> GetNewAddressAsync(string? label = null, string? addressType = null, CancellationToken ct = default)
    {
        var r = await CallAsync("getnewaddress", [label ?? string.Empty, addressType ?? "bech32"], ct).ConfigureAwait(false);
        return r.GetString()!;
    }

    /// <summary>sendtoaddress (wallet call); returns the txid.</summary>
    public async Task<string> SendToAddressAsync(string address, long satoshis, CancellationToken ct = default)
    {
        var r = await CallAsync("sendtoaddress", [address, BtcAmount.FromSatoshis(satoshis)], ct).ConfigureAwait(false);
        return r.GetString()!;
    }

    /// <summary>generatetoaddress; returns the new block hashes.</summary>
    public async Task<IReadOnlyList<string>> GenerateToAddressAsync(int blocks, string address, CancellationToken ct = default)
    {
        var r = await CallAsync("generatetoaddress", [blocks, address], ct).ConfigureAwait(false);
        return [.. r.EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>getrawtransaction verbose (needs txindex or a mempool transaction); the hex is parsed strictly.</summary>
    public async Task<RawTransactionInfo> GetRawTransactionAsync(string txid, CancellationToken ct = default)
    {
        var r = await CallAsync("getrawtransaction", [txid, 1], ct).ConfigureAwait(false);
        var confirmations = r.TryGetProperty("confirmations", out var c) ? c.GetInt32() : 0;
        var block = r.TryGetProperty("blockhash", out var b) ? b.GetString() : null;
        return new RawTransactionInfo(Transaction.Parse(Str(r, "hex")), confirmations, block);
    }

    public async Task<IReadOnlyList<MempoolAcceptResult>> TestMempoolAcceptAsync(IEnumerable<Transaction> txs, CancellationToken ct = default)
    {
        var hexes = new JsonArray([.. txs.Select(t => (JsonNode)t.ToHex())]);
        var r = await CallAsync("testmempoolaccept", [hexes], ct).ConfigureAwait(false);
        return [.. r.EnumerateArray().Select(e => new MempoolAcceptResult(
            Str(e, "txid"),
            e.GetProperty("allowed").GetBoolean(),
            e.TryGetProperty("reject-reason", out var why) ? why.GetString() : null,
            e.TryGetProperty("vsize", out var v) ? v.GetInt32() : null,
            e.TryGetProperty("fees", out var f) ? BtcAmount.ToSatoshis(f.GetProperty("base")) : null))];
    }

    /// <summary>sendrawtransaction; <paramref name="maxFeeRate"/> is bitcoind's own cap (null: its default 0.10 BTC/kvB).</summary>
    public async Task<string> SendRawTransactionAsync(Transaction tx, FeeRate? maxFeeRate = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tx);
        JsonArray args = maxFeeRate is { } m ? [tx.ToHex(), BtcAmount.FromSatoshis(m.SatPerKvB)] : [tx.ToHex()];
        var r = await CallAsync("sendrawtransaction", args, ct).ConfigureAwait(false);
        return r.GetString()!;
    }

    /// <summary>gettransaction (wallet call).</summary>
    public async Task<WalletTransactionInfo> GetTransactionAsync(string txid, CancellationToken ct = default)
    {
        var r = await CallAsync("gettransaction", [txid, true], ct).ConfigureAwait(false);
        var block = r.TryGetProperty("blockhash", out var b) ? b.GetString() : null;
        return new WalletTransactionInfo(Str(r, "txid"), r.GetProperty("confirmations").GetInt32(), Str(r, "hex"), block);
    }

    /// <summary>walletcreatefundedpsbt (wallet call) paying <paramref name="outputs"/> (address → satoshis), RBF on.</summary>
    public async Task<FundedPsbt> WalletCreateFundedPsbtAsync(IReadOnlyDictionary<string, long> outputs, FeeRate? feeRate = null, string? changeAddress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var outs = new JsonArray([.. outputs.Select(kv => (JsonNode)new JsonObject { [kv.Key] = BtcAmount.FromSatoshis(kv.Value) })]);
        var options = new JsonObject { ["replaceable"] = true, ["includeWatching"] = true };
        if (feeRate is { } f)
        {
            options["fee_rate"] = f.SatPerVByte;
        }

        if (changeAddress is not null)
        {
            options["changeAddress"] = changeAddress;
        }

        var r = await CallAsync("walletcreatefundedpsbt", [new JsonArray(), outs, 0, options, true], ct).ConfigureAwait(false);
        return new FundedPsbt(Str(r, "psbt"), BtcAmount.ToSatoshis(r.GetProperty("fee")), r.GetProperty("changepos").GetInt32());
    }

    /// <summary>walletprocesspsbt (wallet call): fills in what the wallet knows, signing if <paramref name="sign"/>.</summary>
    public async Task<ProcessedPsbt> WalletProcessPsbtAsync(string psbt, bool sign = true, CancellationToken ct = default)
    {
        var r = await CallAsync("walletprocesspsbt", [psbt, sign, "ALL", true], ct).ConfigureAwait(false);
        return new ProcessedPsbt(Str(r, "psbt"), r.GetProperty("complete").GetBoolean());
    }

    public async Task<FinalizedPsbt> FinalizePsbtAsync(string psbt, bool extract = true, CancellationToken ct = default)
    {
        var r = await CallAsync("finalizepsbt", [psbt, extract], ct).ConfigureAwait(false);
        return new FinalizedPsbt(
            r.TryGetProperty("psbt", out var p) ? p.GetString() : null,
            r.TryGetProperty("hex", out var h) ? h.GetString() : null,
            r.GetProperty("complete").GetBoolean());
    }

    /// <summary>decodepsbt: bitcoind's JSON view (for checks and logs).</summary>
    public Task<JsonElement> DecodePsbtAsync(string psbt, CancellationToken ct = default) => CallAsync("decodepsbt", [psbt], ct);

    /// <summary>estimatesmartfee; null when the node has no estimate yet (regtest without history).</summary>
    public async Task<FeeRate?> EstimateSmartFeeAsync(int confTarget, CancellationToken ct = default)
    {
        var r = await CallAsync("estimatesmartfee", [confTarget], ct).ConfigureAwait(false);
        return r.TryGetProperty("feerate", out var f) && f.TryGetDecimal(out var btcPerKvB) ? FeeRate.FromBtcPerKvB(btcPerKvB) : null;
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"bitcoind result lacks string '{name}'");
}
