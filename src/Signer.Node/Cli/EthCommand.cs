using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rpc;
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
            if (!TxSigner.TryRecoverSender(tx, out _))
            {
                parse.InvocationConfiguration.Error.WriteLine($"dltsigner: warning: no sender: {WhyNoSigner(tx)}");
            }
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

    /// <summary>
    /// The fields and field names of `cast decode-tx` (quantities as 0x-hex, signer, input, yParity, v),
    /// plus from (= signer), typeName and signingHash, and signerError when no sender can be recovered.
    /// The output can be given back to `local sign-eth-tx --tx` (the signature fields are ignored there).
    /// </summary>
    internal static string ToJson(Transaction tx)
    {
        var sig = tx.Signature!;
        var recovered = TxSigner.TryRecoverSender(tx, out var sender);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, CliJson.WriterOptions))
        {
            w.WriteStartObject();
            WriteAddress(w, "signer", recovered ? sender : null);
            if (!recovered)
            {
                w.WriteString("signerError", WhyNoSigner(tx));
            }

            w.WriteString("type", Quantity.Encode((ulong)tx.Type));
            w.WriteString("typeName", tx.Type switch { TxType.Legacy => "legacy", TxType.AccessList => "eip2930", _ => "eip1559" });
            if (tx.SignedChainId is { } chainId)
            {
                w.WriteString("chainId", Quantity.Encode(chainId));
            }

            w.WriteString("nonce", Quantity.Encode(tx.Nonce));
            switch (tx)
            {
                case LegacyTransaction l:
                    w.WriteString("gasPrice", Quantity.Encode(l.GasPrice));
                    break;
                case Eip2930Transaction a:
                    w.WriteString("gasPrice", Quantity.Encode(a.GasPrice));
                    break;
                case Eip1559Transaction d:
                    w.WriteString("maxFeePerGas", Quantity.Encode(d.MaxFeePerGas));
                    w.WriteString("maxPriorityFeePerGas", Quantity.Encode(d.MaxPriorityFeePerGas));
                    break;
            }

            w.WriteString("gas", Quantity.Encode(tx.GasLimit));
            WriteAddress(w, "to", tx.To);
            w.WriteString("value", Quantity.Encode(tx.Value));
            if (tx.Type != TxType.Legacy)
            {
                WriteAccessList(w, tx.AccessList);
            }

            w.WriteString("input", Hex.Encode(tx.Data));
            w.WriteString("r", Hex.Encode(UInt256.ToWord(sig.R)));
            w.WriteString("s", Hex.Encode(UInt256.ToWord(sig.S)));
            if (tx is LegacyTransaction legacy)
            {
                w.WriteString("v", Quantity.Encode(legacy.V!.Value));
            }
            else
            {
                w.WriteString("yParity", Quantity.Encode((ulong)sig.YParity));
                w.WriteString("v", Quantity.Encode((ulong)sig.YParity));
            }

            w.WriteString("hash", Hex.Encode(TxCodec.Hash(tx)));
            WriteAddress(w, "from", recovered ? sender : null);
            w.WriteString("signingHash", Hex.Encode(TxCodec.SigningHash(tx)));
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Why the sender cannot be recovered; for a high-S signature, also whose the low-S twin would be.</summary>
    private static string WhyNoSigner(Transaction tx)
    {
        var sig = tx.Signature!;
        if (sig.S > HalfOrder)
        {
            var twin = tx with { Signature = new TxSignature(1 - sig.YParity, sig.R, Order - sig.S) };
            var who = TxSigner.TryRecoverSender(twin, out var a) ? $"; the same signature with s' = n - s (and the other y-parity) recovers {a}" : "";
            return "high-S signature: s is above n/2, which Ethereum has refused since EIP-2 (Homestead), so no node accepts this transaction" + who;
        }

        return sig.R.IsZero || sig.S.IsZero || sig.R >= Order || sig.S >= Order
            ? "r or s is outside 1..n-1: not a valid signature"
            : "no public key recovers from this signature and signing hash";
    }

    private static readonly BigInteger Order = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static readonly BigInteger HalfOrder = Order / 2;

    private static void WriteAddress(Utf8JsonWriter w, string name, Address? address)
    {
        if (address is { } a)
        {
            w.WriteString(name, a.ToString());
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteAccessList(Utf8JsonWriter w, IReadOnlyList<AccessListEntry> list)
    {
        w.WriteStartArray("accessList");
        foreach (var entry in list)
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
    }
}
