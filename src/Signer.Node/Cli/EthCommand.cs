using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core;
using DltSigner.Core.Keys;

namespace DltSigner.Node.Cli;

/// <summary>`dltsigner eth ...`: offline Ethereum tools (decode a raw transaction, address of a public key).</summary>
internal static class EthCommand
{
    public static Command Build()
    {
        var cmd = new Command("eth", "Ethereum tools (offline).");
        cmd.Subcommands.Add(DecodeTx());
        cmd.Subcommands.Add(AddressOf());
        return cmd;
    }

    private static Command DecodeTx()
    {
        var raw = new Argument<string>("rawhex") { Description = "Signed transaction as hex (0x optional): legacy, EIP-2930 or EIP-1559." };
        var cmd = new Command("decode-tx", "Decode a signed transaction strictly and print it as JSON, with the recovered sender and the hash.") { raw };
        cmd.SetAction(parse =>
        {
            var text = parse.GetValue(raw)!.Trim();
            if (!Hex.TryDecode(text, out var bytes) || bytes.Length == 0)
            {
                throw new CliException("decode-tx: rawhex is not a non-empty even-length hex string");
            }

            Transaction tx;
            try
            {
                tx = TxCodec.Decode(bytes);
            }
            catch (CryptoFormatException e)
            {
                throw new CliException($"decode-tx: {e.Message}");
            }

            parse.InvocationConfiguration.Output.WriteLine(ToJson(tx));
        });
        return cmd;
    }

    private static Command AddressOf()
    {
        var pubkey = new Option<string>("--pubkey") { Description = "SEC1 public key as hex: 33 bytes compressed or 65 uncompressed.", Required = true };
        var cmd = new Command("address", "Print the EIP-55 checksummed address of a secp256k1 public key.") { pubkey };
        cmd.SetAction(parse =>
        {
            if (!Hex.TryDecode(parse.GetValue(pubkey)!.Trim(), out var bytes) || !PublicKey.TryDecode(bytes, out var key))
            {
                throw new CliException("address: --pubkey is not a valid SEC1 secp256k1 public key (33 or 65 bytes hex)");
            }

            parse.InvocationConfiguration.Output.WriteLine(Address.FromPublicKey(key!).ToString());
        });
        return cmd;
    }

    /// <summary>256-bit values as decimal strings (JSON numbers lose precision above 2^53 in many readers).</summary>
    internal static string ToJson(Transaction tx)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("type", tx.Type switch { TxType.Legacy => "legacy", TxType.AccessList => "eip2930", _ => "eip1559" });
            w.WriteNumber("typeByte", (int)tx.Type);
            WriteOptional(w, "chainId", tx.SignedChainId);
            Write(w, "nonce", tx.Nonce);
            if (tx.To is { } to)
            {
                w.WriteString("to", to.ToString());
            }
            else
            {
                w.WriteNull("to");
            }

            Write(w, "value", tx.Value);
            Write(w, "gasLimit", tx.GasLimit);
            switch (tx)
            {
                case LegacyTransaction l:
                    Write(w, "gasPrice", l.GasPrice);
                    break;
                case Eip2930Transaction a:
                    Write(w, "gasPrice", a.GasPrice);
                    break;
                case Eip1559Transaction d:
                    Write(w, "maxPriorityFeePerGas", d.MaxPriorityFeePerGas);
                    Write(w, "maxFeePerGas", d.MaxFeePerGas);
                    break;
            }

            w.WriteString("data", Hex.Encode(tx.Data));
            w.WriteStartArray("accessList");
            foreach (var entry in tx.AccessList)
            {
                w.WriteStartObject();
                w.WriteString("address", entry.Address.ToString());
                w.WriteStartArray("storageKeys");
                foreach (var k in entry.StorageKeys)
                {
                    w.WriteStringValue(Hex.Encode(k));
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            var sig = tx.Signature!;
            if (tx is LegacyTransaction legacy)
            {
                Write(w, "v", legacy.V!.Value);
            }

            w.WriteNumber("yParity", sig.YParity);
            w.WriteString("r", Hex.Encode(UInt256.ToWord(sig.R)));
            w.WriteString("s", Hex.Encode(UInt256.ToWord(sig.S)));
            if (TxSigner.TryRecoverSender(tx, out var from))
            {
                w.WriteString("from", from.ToString());
            }
            else
            {
                w.WriteNull("from");
            }

            w.WriteString("hash", Hex.Encode(TxCodec.Hash(tx)));
            w.WriteString("signingHash", Hex.Encode(TxCodec.SigningHash(tx)));
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, string name, BigInteger value) =>
        w.WriteString(name, value.ToString(CultureInfo.InvariantCulture));

    private static void WriteOptional(Utf8JsonWriter w, string name, BigInteger? value)
    {
        if (value is { } v)
        {
            Write(w, name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
