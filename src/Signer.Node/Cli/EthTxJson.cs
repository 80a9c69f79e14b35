using System.Numerics;
using System.Text.Json;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rpc;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core;

namespace DltSigner.Node.Cli;

/// <summary>A transaction request as read from JSON: the unsigned transaction and the optional claimed sender.</summary>
internal sealed record EthTxRequest(Transaction Transaction, Address? From);

/// <summary>
/// Reads an eth_sendTransaction-shaped JSON object (execution-apis GenericTransaction: QUANTITY and
/// DATA strings) plus chainId and type into an unsigned transaction, strictly: unknown or repeated
/// fields, wrong JSON types, non-canonical quantities, odd-length hex and contradicting fee fields
/// are errors. Offline signing fills nothing in, so nonce, gas, the fees and chainId are required,
/// and "to" must be given (null creates a contract). The type is inferred as geth does when absent.
/// </summary>
internal static class EthTxJson
{
    /// <summary>What `eth decode-tx` prints about an existing signature: accepted and ignored, so a decoded transaction can be signed again.</summary>
    private static readonly string[] DecodedOnly = ["signer", "signerError", "typeName", "r", "s", "v", "yParity", "hash", "signingHash"];

    private static readonly string[] Fields =
        ["type", "chainId", "nonce", "from", "to", "value", "gas", "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas", "data", "input", "accessList", .. DecodedOnly];

    public static EthTxRequest Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Error($"not valid JSON ({e.Message})");
        }

        using (doc)
        {
            var fields = Members(doc.RootElement, Fields, "the transaction");
            var gasPrice = OptQuantity(fields, "gasPrice");
            var maxFee = OptQuantity(fields, "maxFeePerGas");
            var maxPriority = OptQuantity(fields, "maxPriorityFeePerGas");
            var accessList = fields.TryGetValue("accessList", out var list) ? AccessList(list) : null;
            var type = Type(fields, gasPrice, maxFee ?? maxPriority, accessList);

            var chainId = Quantity(fields, "chainId");
            if (chainId.IsZero)
            {
                throw Error("chainId must be at least 0x1 (EIP-155)");
            }

            if (!fields.TryGetValue("to", out var toElement) && !doc.RootElement.TryGetProperty("to", out toElement))
            {
                throw Error("missing field 'to' (use \"to\": null to create a contract)");
            }

            var to = toElement.ValueKind == JsonValueKind.Null ? (Address?)null : ParseAddress(toElement, "to");
            var from = fields.TryGetValue("from", out var fromElement) ? ParseAddress(fromElement, "from") : (Address?)null;
            var nonce = Quantity(fields, "nonce");
            var gas = Quantity(fields, "gas");
            var value = OptQuantity(fields, "value") ?? BigInteger.Zero;
            var data = Data(fields);
            Transaction tx = type switch
            {
                TxType.Legacy => new LegacyTransaction { ChainId = chainId, GasPrice = gasPrice ?? throw Error("missing field 'gasPrice' (type 0x0)") },
                TxType.AccessList => new Eip2930Transaction
                {
                    ChainId = chainId, GasPrice = gasPrice ?? throw Error("missing field 'gasPrice' (type 0x1)"), Entries = accessList ?? [],
                },
                _ => new Eip1559Transaction
                {
                    ChainId = chainId, Entries = accessList ?? [],
                    MaxFeePerGas = maxFee ?? throw Error("missing field 'maxFeePerGas' (type 0x2)"),
                    MaxPriorityFeePerGas = maxPriority ?? throw Error("missing field 'maxPriorityFeePerGas' (type 0x2)"),
                },
            };
            return new EthTxRequest(tx with { Nonce = nonce, GasLimit = gas, To = to, Value = value, Data = data }, from);
        }
    }

    /// <summary>The object's members by name (JSON null counts as absent, except for "to"); unknown or repeated names are errors.</summary>
    private static Dictionary<string, JsonElement> Members(JsonElement obj, string[] known, string what)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw Error($"{what} must be a JSON object, not {Kind(obj)}");
        }

        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
        {
            if (!known.Contains(p.Name, StringComparer.Ordinal))
            {
                throw Error($"unknown field '{p.Name}' in {what} (known: {string.Join(", ", known)})");
            }

            if (!seen.Add(p.Name))
            {
                throw Error($"field '{p.Name}' given twice in {what}");
            }

            if (p.Value.ValueKind != JsonValueKind.Null)
            {
                result[p.Name] = p.Value;
            }
        }

        return result;
    }

    /// <summary>The explicit type, checked against the fee fields; else geth's inference (fee cap → 0x2, access list → 0x1, else 0x0).</summary>
    private static TxType Type(Dictionary<string, JsonElement> fields, BigInteger? gasPrice, BigInteger? dynamicFee, IReadOnlyList<AccessListEntry>? accessList)
    {
        if (gasPrice is not null && dynamicFee is not null)
        {
            throw Error("both gasPrice and maxFeePerGas/maxPriorityFeePerGas given");
        }

        if (!fields.ContainsKey("type"))
        {
            return dynamicFee is not null ? TxType.DynamicFee : accessList is not null ? TxType.AccessList : TxType.Legacy;
        }

        var type = Quantity(fields, "type") switch
        {
            var t when t == 0 => TxType.Legacy,
            var t when t == 1 => TxType.AccessList,
            var t when t == 2 => TxType.DynamicFee,
            var t => throw Error($"unsupported type {Adapters.Ethereum.Rpc.Quantity.Encode(t)} (0x0 legacy, 0x1 EIP-2930, 0x2 EIP-1559)"),
        };
        if (type != TxType.DynamicFee && dynamicFee is not null)
        {
            throw Error("maxFeePerGas/maxPriorityFeePerGas given for a type without them (use gasPrice, or type 0x2)");
        }

        if (type == TxType.DynamicFee && gasPrice is not null)
        {
            throw Error("gasPrice given for type 0x2 (use maxFeePerGas and maxPriorityFeePerGas)");
        }

        if (type == TxType.Legacy && accessList is { Count: > 0 })
        {
            throw Error("accessList given for type 0x0 (use type 0x1 or 0x2)");
        }

        return type;
    }

    private static BigInteger Quantity(Dictionary<string, JsonElement> fields, string name) =>
        OptQuantity(fields, name) ?? throw Error($"missing field '{name}'");

    private static BigInteger? OptQuantity(Dictionary<string, JsonElement> fields, string name)
    {
        if (!fields.TryGetValue(name, out var e))
        {
            return null;
        }

        var text = Text(e, name, "a hex quantity string such as \"0x1\"");
        return Adapters.Ethereum.Rpc.Quantity.TryParse(text, out var value) ? value
            : throw Error($"{name}: '{Clip(text)}' is not a hex quantity (\"0x\" and 1 to 64 hex digits without leading zeros)");
    }

    /// <summary>"data" and its newer name "input"; when both are given they must agree (as geth requires).</summary>
    private static byte[] Data(Dictionary<string, JsonElement> fields)
    {
        var data = fields.TryGetValue("data", out var d) ? Bytes(d, "data") : null;
        var input = fields.TryGetValue("input", out var i) ? Bytes(i, "input") : null;
        if (data is not null && input is not null && !data.AsSpan().SequenceEqual(input))
        {
            throw Error("both data and input given, and they differ");
        }

        return input ?? data ?? [];
    }

    private static byte[] Bytes(JsonElement e, string name)
    {
        var text = Text(e, name, "a hex string such as \"0x\" or \"0xa9059cbb\"");
        if (!text.StartsWith("0x", StringComparison.Ordinal))
        {
            throw Error($"{name}: hex must start with 0x");
        }

        if (text.Length % 2 != 0)
        {
            throw Error($"{name}: odd number of hex digits");
        }

        return Hex.TryDecode(text, out var bytes) ? bytes : throw Error($"{name}: not hex");
    }

    private static Address ParseAddress(JsonElement e, string name)
    {
        var text = Text(e, name, "an address string");
        try
        {
            return Address.Parse(text);
        }
        catch (CryptoFormatException ex)
        {
            throw Error($"{name}: {ex.Message}");
        }
    }

    /// <summary>EIP-2930 access list: [{ "address": ..., "storageKeys": ["0x" + 64 hex digits, ...] }, ...].</summary>
    private static List<AccessListEntry> AccessList(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw Error($"accessList must be an array, not {Kind(e)}");
        }

        var result = new List<AccessListEntry>();
        foreach (var item in e.EnumerateArray())
        {
            var entry = Members(item, ["address", "storageKeys"], "an accessList entry");
            var address = entry.TryGetValue("address", out var a) ? ParseAddress(a, "accessList address") : throw Error("accessList entry without 'address'");
            var keys = new List<byte[]>();
            if (entry.TryGetValue("storageKeys", out var k))
            {
                if (k.ValueKind != JsonValueKind.Array)
                {
                    throw Error($"accessList storageKeys must be an array, not {Kind(k)}");
                }

                foreach (var key in k.EnumerateArray())
                {
                    var bytes = Bytes(key, "accessList storage key");
                    keys.Add(bytes.Length == 32 ? bytes : throw Error("accessList storage key is not 32 bytes"));
                }
            }

            result.Add(new AccessListEntry(address, keys));
        }

        return result;
    }

    private static string Text(JsonElement e, string name, string expected) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Error($"{name} must be {expected}, not {Kind(e)}");

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => "a string",
    };

    private static string Clip(string text) => text.Length <= 24 ? text : text[..24] + "…";

    private static CliException Error(string message) => new("--tx: " + message);
}
