using System.Text.Json;
using DltSigner.Adapters.Ethereum.Primitives;

namespace DltSigner.Adapters.Ethereum.Rpc;

/// <summary>Strict readers for the JSON shapes of RPC answers: a missing or mistyped member is an <see cref="EthRpcException"/>.</summary>
internal static class RpcJson
{
    public static string Str(JsonElement e, string method) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new EthRpcException(method, 0, "expected a string result");

    public static string Str(JsonElement e, string name, string method) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new EthRpcException(method, 0, $"missing or non-string member '{name}'");

    /// <summary>A string member, or null when absent or JSON null.</summary>
    public static string? OptStr(JsonElement e, string name, string method)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new EthRpcException(method, 0, $"non-string member '{name}'");
    }

    public static IEnumerable<JsonElement> Array(JsonElement e, string name, string method) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? Elements(v, method)
            : throw new EthRpcException(method, 0, $"missing member '{name}'");

    public static IEnumerable<JsonElement> Elements(JsonElement e, string method) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw new EthRpcException(method, 0, "expected an array");

    public static TransactionReceipt ParseReceipt(JsonElement r)
    {
        const string M = "eth_getTransactionReceipt";
        var status = OptStr(r, "status", M);
        var statusValue = status is null ? (int?)null : (int)Quantity.ParseUInt64(status, "status");
        if (statusValue is > 1)
        {
            throw new EthRpcException(M, 0, "receipt status is neither 0 nor 1");
        }

        var contract = OptStr(r, "contractAddress", M);
        var to = OptStr(r, "to", M);
        var gasPrice = OptStr(r, "effectiveGasPrice", M);
        return new TransactionReceipt
        {
            TransactionHash = Quantity.ParseHash(Str(r, "transactionHash", M), "transactionHash"),
            Status = statusValue,
            BlockNumber = Quantity.ParseUInt64(Str(r, "blockNumber", M), "blockNumber"),
            BlockHash = Quantity.ParseHash(Str(r, "blockHash", M), "blockHash"),
            From = Quantity.ParseAddress(Str(r, "from", M), "from"),
            To = to is null ? null : Quantity.ParseAddress(to, "to"),
            ContractAddress = contract is null ? null : Quantity.ParseAddress(contract, "contractAddress"),
            GasUsed = Quantity.Parse(Str(r, "gasUsed", M), "gasUsed"),
            EffectiveGasPrice = gasPrice is null ? null : Quantity.Parse(gasPrice, "effectiveGasPrice"),
            LogCount = r.TryGetProperty("logs", out var logs) && logs.ValueKind == JsonValueKind.Array ? logs.GetArrayLength() : 0,
        };
    }

    public static RpcTransaction ParseTransaction(JsonElement t)
    {
        const string M = "eth_getTransactionByHash";
        var to = OptStr(t, "to", M);
        var type = OptStr(t, "type", M);
        var chainId = OptStr(t, "chainId", M);
        var block = OptStr(t, "blockNumber", M);
        var typeValue = type is null ? 0UL : Quantity.ParseUInt64(type, "type");
        return new RpcTransaction
        {
            Hash = Quantity.ParseHash(Str(t, "hash", M), "hash"),
            From = Quantity.ParseAddress(Str(t, "from", M), "from"),
            To = to is null ? null : Quantity.ParseAddress(to, "to"),
            Nonce = Quantity.Parse(Str(t, "nonce", M), "nonce"),
            Value = Quantity.Parse(Str(t, "value", M), "value"),
            Gas = Quantity.Parse(Str(t, "gas", M), "gas"),
            Input = Quantity.ParseData(Str(t, "input", M), "input"),
            Type = typeValue <= 0x7f ? (int)typeValue : throw new EthRpcException(M, 0, "transaction type above 0x7f"),
            ChainId = chainId is null ? null : Quantity.Parse(chainId, "chainId"),
            BlockNumber = block is null ? null : Quantity.ParseUInt64(block, "blockNumber"),
        };
    }
}
