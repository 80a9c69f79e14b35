using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DltSigner.Adapters.Ethereum.Primitives;

namespace DltSigner.Adapters.Ethereum.Rpc;

/// <summary>
/// Typed Ethereum JSON-RPC (execution-apis "eth" namespace) over <see cref="JsonRpcTransport"/>.
/// Every answer is parsed strictly; anything malformed is an <see cref="EthRpcException"/>.
/// </summary>
public sealed class EthRpcClient : IDisposable
{
    private readonly JsonRpcTransport _transport;
    private readonly TimeProvider _time;

    public EthRpcClient(Uri endpoint, HttpClient? http = null, TimeProvider? timeProvider = null)
    {
        _transport = new JsonRpcTransport(endpoint, http);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Any method, for calls this client has no typed form of (e.g. anvil_*).</summary>
    public Task<JsonElement> RawCallAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default) =>
        _transport.CallAsync(method, parameters, cancellationToken);

    public async Task<BigInteger> GetChainIdAsync(CancellationToken cancellationToken = default) =>
        await QuantityAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false);

    /// <summary>eth_getTransactionCount at "pending": the next nonce, counting the node's queued transactions.</summary>
    public async Task<BigInteger> GetPendingNonceAsync(Address address, CancellationToken cancellationToken = default) =>
        await QuantityAsync("eth_getTransactionCount", [address.ToLowerHex(), "pending"], cancellationToken).ConfigureAwait(false);

    public async Task<BigInteger> GetNonceAsync(Address address, string block = "latest", CancellationToken cancellationToken = default) =>
        await QuantityAsync("eth_getTransactionCount", [address.ToLowerHex(), block], cancellationToken).ConfigureAwait(false);

    public async Task<BigInteger> GetBalanceAsync(Address address, string block = "latest", CancellationToken cancellationToken = default) =>
        await QuantityAsync("eth_getBalance", [address.ToLowerHex(), block], cancellationToken).ConfigureAwait(false);

    /// <summary>eth_estimateGas; a revert surfaces as <see cref="RevertedException"/> with its reason.</summary>
    public async Task<BigInteger> EstimateGasAsync(CallRequest call, CancellationToken cancellationToken = default) =>
        await QuantityAsync("eth_estimateGas", [ToJson(call)], cancellationToken).ConfigureAwait(false);

    public async Task<BigInteger> GetGasPriceAsync(CancellationToken cancellationToken = default) =>
        await QuantityAsync("eth_gasPrice", [], cancellationToken).ConfigureAwait(false);

    public async Task<BigInteger> GetMaxPriorityFeePerGasAsync(CancellationToken cancellationToken = default) =>
        await QuantityAsync("eth_maxPriorityFeePerGas", [], cancellationToken).ConfigureAwait(false);

    /// <summary>eth_feeHistory over the newest <paramref name="blockCount"/> blocks with reward percentiles.</summary>
    public async Task<FeeHistory> GetFeeHistoryAsync(int blockCount, IReadOnlyList<double> rewardPercentiles, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        ArgumentNullException.ThrowIfNull(rewardPercentiles);
        var percentiles = new JsonArray(rewardPercentiles.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        var r = await _transport.CallAsync("eth_feeHistory", [Quantity.Encode((ulong)blockCount), "latest", percentiles], cancellationToken).ConfigureAwait(false);
        const string M = "eth_feeHistory";
        var baseFees = RpcJson.Array(r, "baseFeePerGas", M).Select(e => Quantity.Parse(RpcJson.Str(e, M), M)).ToList();
        var rewards = r.TryGetProperty("reward", out var rewardJson) && rewardJson.ValueKind == JsonValueKind.Array
            ? rewardJson.EnumerateArray().Select(row => (IReadOnlyList<BigInteger>)RpcJson.Elements(row, M).Select(e => Quantity.Parse(RpcJson.Str(e, M), M)).ToList()).ToList()
            : [];
        return new FeeHistory(Quantity.ParseUInt64(RpcJson.Str(r, "oldestBlock", M), M), baseFees, rewards);
    }

    public async Task<ulong> GetBlockNumberAsync(CancellationToken cancellationToken = default) =>
        Quantity.ParseUInt64(RpcJson.Str(await _transport.CallAsync("eth_blockNumber", [], cancellationToken).ConfigureAwait(false), "eth_blockNumber"), "eth_blockNumber");

    /// <summary>Broadcasts a signed transaction; returns the hash the node computed.</summary>
    public async Task<string> SendRawTransactionAsync(ReadOnlyMemory<byte> signedTransaction, CancellationToken cancellationToken = default)
    {
        var r = await _transport.CallAsync("eth_sendRawTransaction", [Hex.Encode(signedTransaction.Span)], cancellationToken).ConfigureAwait(false);
        return Quantity.ParseHash(RpcJson.Str(r, "eth_sendRawTransaction"), "transaction hash");
    }

    /// <summary>The receipt, or null while the transaction is pending or unknown.</summary>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(string transactionHash, CancellationToken cancellationToken = default)
    {
        var r = await _transport.CallAsync("eth_getTransactionReceipt", [CheckHash(transactionHash)], cancellationToken).ConfigureAwait(false);
        return r.ValueKind == JsonValueKind.Null ? null : RpcJson.ParseReceipt(r);
    }

    /// <summary>
    /// Polls for the receipt every <paramref name="pollInterval"/> until it appears; throws
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/> (the transaction may still be mined later).
    /// </summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(string transactionHash, TimeSpan timeout, TimeSpan pollInterval,
        IProgress<ReceiptWaitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        var start = _time.GetTimestamp();
        for (var polls = 1; ; polls++)
        {
            if (await GetTransactionReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false) is { } receipt)
            {
                return receipt;
            }

            var elapsed = _time.GetElapsedTime(start);
            progress?.Report(new ReceiptWaitProgress(transactionHash, polls, elapsed));
            if (elapsed >= timeout)
            {
                throw new TimeoutException($"no receipt for {transactionHash} after {timeout.TotalSeconds:0.#} s ({polls} polls); it may still be mined");
            }

            await Task.Delay(pollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<byte[]> GetCodeAsync(Address address, string block = "latest", CancellationToken cancellationToken = default)
    {
        var r = await _transport.CallAsync("eth_getCode", [address.ToLowerHex(), block], cancellationToken).ConfigureAwait(false);
        return Quantity.ParseData(RpcJson.Str(r, "eth_getCode"), "eth_getCode");
    }

    /// <summary>eth_call; a revert surfaces as <see cref="RevertedException"/> with its decoded reason.</summary>
    public async Task<byte[]> CallAsync(CallRequest call, string block = "latest", CancellationToken cancellationToken = default)
    {
        var r = await _transport.CallAsync("eth_call", [ToJson(call), block], cancellationToken).ConfigureAwait(false);
        return Quantity.ParseData(RpcJson.Str(r, "eth_call"), "eth_call");
    }

    /// <summary>The transaction, or null when the node does not know it.</summary>
    public async Task<RpcTransaction?> GetTransactionByHashAsync(string transactionHash, CancellationToken cancellationToken = default)
    {
        var r = await _transport.CallAsync("eth_getTransactionByHash", [CheckHash(transactionHash)], cancellationToken).ConfigureAwait(false);
        return r.ValueKind == JsonValueKind.Null ? null : RpcJson.ParseTransaction(r);
    }

    public void Dispose() => _transport.Dispose();

    internal static JsonObject ToJson(CallRequest call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var o = new JsonObject();
        if (call.From is { } from)
        {
            o["from"] = from.ToLowerHex();
        }

        if (call.To is { } to)
        {
            o["to"] = to.ToLowerHex();
        }

        if (call.Gas is { } gas)
        {
            o["gas"] = Quantity.Encode(gas);
        }

        if (call.Value is { } value)
        {
            o["value"] = Quantity.Encode(value);
        }

        if (call.Data is { } data)
        {
            o["input"] = Hex.Encode(data);
        }

        return o;
    }

    private static string CheckHash(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return hash.Length == 66 && hash.StartsWith("0x", StringComparison.Ordinal) && Hex.TryDecode(hash, out _)
            ? hash
            : throw new ArgumentException("transaction hash must be 0x + 64 hex digits", nameof(hash));
    }

    private async Task<BigInteger> QuantityAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var r = await _transport.CallAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        return Quantity.Parse(RpcJson.Str(r, method), method);
    }
}
