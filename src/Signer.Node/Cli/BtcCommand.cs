using System.CommandLine;
using DltSigner.Adapters.Bitcoin.Addresses;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core.Keys;

namespace DltSigner.Node.Cli;

/// <summary>`dltsigner btc ...`: offline Bitcoin helpers (decode a transaction, derive an address).</summary>
internal static class BtcCommand
{
    private static readonly string[] AddressTypes = ["p2wpkh", "p2pkh", "p2tr"];

    public static Command Build()
    {
        var cmd = new Command("btc", "Bitcoin helpers.");
        cmd.Subcommands.Add(DecodeTx());
        cmd.Subcommands.Add(Address());
        return cmd;
    }

    /// <summary>The same --network everywhere: no short form, default regtest (docs/cli.md, "Conventions").</summary>
    internal static Option<string> NetworkOption() => new("--network")
    {
        Description = "Chain: main, test, testnet4, signet or regtest (default regtest).",
        DefaultValueFactory = _ => "regtest",
        HelpName = "NAME",
    };

    private static Command DecodeTx()
    {
        var hex = new Argument<string>("hex") { Description = "Raw transaction, hex (with or without witness data)." };
        var network = NetworkOption();
        var cmd = new Command("decode-tx", "Decode a raw transaction to JSON shaped like bitcoind's decoderawtransaction.") { hex, network };
        cmd.SetAction(parse =>
        {
            var net = ParseNetwork(parse.GetValue(network)!);
            parse.InvocationConfiguration.Output.WriteLine(BitcoinJson.DecodeTransactionJson(parse.GetValue(hex)!.Trim(), net));
        });
        return cmd;
    }

    private static Command Address()
    {
        var pubkey = new Option<string>("--pubkey", "-k") { Description = "SEC1 public key, hex (33 or 65 bytes; addresses use its compressed form).", Required = true };
        var network = NetworkOption();
        var type = new Option<string>("--type")
        {
            Description = "Address type: p2wpkh (default), p2pkh or p2tr (BIP86 key-path only).",
            DefaultValueFactory = _ => "p2wpkh",
        };
        var cmd = new Command("address", "Print the address of a public key.") { pubkey, network, type };
        cmd.SetAction(parse =>
        {
            var net = ParseNetwork(parse.GetValue(network)!);
            var key = PublicKey.Decode(Hex.Decode(parse.GetValue(pubkey)!.Trim()));
            parse.InvocationConfiguration.Output.WriteLine(AddressOf(key, parse.GetValue(type)!, net));
        });
        return cmd;
    }

    internal static string AddressOf(PublicKey key, string type, Network network)
    {
        var script = type.ToLowerInvariant() switch
        {
            "p2wpkh" => ScriptTemplates.PayToWitnessPubKeyHash(key),
            "p2pkh" => ScriptTemplates.PayToPubKeyHash(key),
            // BIP86: the output key is the internal key tweaked with an empty script tree.
            "p2tr" => ScriptTemplates.PayToTaproot(Taproot.TweakPublicKey(key.ToXOnly(), []).XOnly),
            _ => throw new CliException($"unknown address type '{type}' (valid: {string.Join(", ", AddressTypes)})"),
        };
        return BitcoinAddress.FromScriptPubKey(script, network)!.ToString();
    }

    internal static Network ParseNetwork(string name)
    {
        try
        {
            return Network.FromName(name);
        }
        catch (ArgumentException)
        {
            throw new CliException($"unknown network '{name}' (valid: {string.Join(", ", Network.All.Select(n => n.Name))})");
        }
    }
}
