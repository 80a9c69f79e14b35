using System.Globalization;
using System.Text.Json;
using DltSigner.Adapters.Bitcoin.Addresses;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;

namespace DltSigner.Adapters.Bitcoin.Transactions;

/// <summary>JSON views for the CLI, shaped like bitcoind's RPC results.</summary>
public static class BitcoinJson
{
    /// <summary>
    /// Like bitcoind's decoderawtransaction: txid, hash (wtxid), version, size, vsize, weight, locktime,
    /// vin (txid, vout, scriptSig hex, txinwitness, sequence; coinbase for coinbase inputs) and vout
    /// (value in BTC with 8 decimals, n, scriptPubKey hex/type/address). Script asm and descriptors are omitted.
    /// </summary>
    public static string DecodeTransactionJson(Transaction tx, Network network, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(network);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("txid", tx.TxIdDisplay);
            w.WriteString("hash", tx.WTxIdDisplay);
            w.WriteNumber("version", tx.Version);
            w.WriteNumber("size", tx.Size);
            w.WriteNumber("vsize", tx.VirtualSize);
            w.WriteNumber("weight", tx.Weight);
            w.WriteNumber("locktime", tx.LockTime);
            w.WriteStartArray("vin");
            foreach (var input in tx.Inputs)
            {
                WriteInput(w, input, tx.IsCoinbase);
            }

            w.WriteEndArray();
            w.WriteStartArray("vout");
            for (var n = 0; n < tx.Outputs.Count; n++)
            {
                WriteOutput(w, tx.Outputs[n], n, network);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses raw hex strictly, then decodes it as <see cref="DecodeTransactionJson(Transaction, Network, bool)"/>.</summary>
    public static string DecodeTransactionJson(string rawHex, Network network, bool indented = true) =>
        DecodeTransactionJson(Transaction.Parse(rawHex), network, indented);

    /// <summary>Satoshis as BTC with exactly 8 decimals (Bitcoin Core ValueFromAmount).</summary>
    public static string FormatAmount(long satoshis)
    {
        var sign = satoshis < 0 ? "-" : string.Empty;
        var abs = satoshis == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(satoshis);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{abs / 100_000_000}.{abs % 100_000_000:D8}");
    }

    private static void WriteInput(Utf8JsonWriter w, TxIn input, bool coinbase)
    {
        w.WriteStartObject();
        if (coinbase)
        {
            w.WriteString("coinbase", input.ScriptSig.ToHex());
        }
        else
        {
            w.WriteString("txid", input.PrevOut.TxIdDisplay);
            w.WriteNumber("vout", input.PrevOut.Index);
            w.WriteStartObject("scriptSig");
            w.WriteString("hex", input.ScriptSig.ToHex());
            w.WriteEndObject();
        }

        if (!input.Witness.IsEmpty)
        {
            w.WriteStartArray("txinwitness");
            foreach (var item in input.Witness.Items)
            {
                w.WriteStringValue(Hex.Encode(item));
            }

            w.WriteEndArray();
        }

        w.WriteNumber("sequence", input.Sequence);
        w.WriteEndObject();
    }

    private static void WriteOutput(Utf8JsonWriter w, TxOut output, int n, Network network)
    {
        w.WriteStartObject();
        w.WritePropertyName("value");
        w.WriteRawValue(FormatAmount(output.Value), skipInputValidation: true);
        w.WriteNumber("n", n);
        w.WriteStartObject("scriptPubKey");
        w.WriteString("hex", output.ScriptPubKey.ToHex());
        if (BitcoinAddress.FromScriptPubKey(output.ScriptPubKey, network) is { } address)
        {
            w.WriteString("address", address.ToString());
        }

        w.WriteString("type", ScriptClassifier.CoreName(ScriptClassifier.Classify(output.ScriptPubKey)));
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
