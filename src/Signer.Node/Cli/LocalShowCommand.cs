using System.CommandLine;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Protocols.Derivation;
using DltSigner.Node.Store;

namespace DltSigner.Node.Cli;

/// <summary>The addresses of one key (root or a derived child).</summary>
internal sealed record KeyAddresses(string? Path, string PublicKey, string BitcoinP2wpkh, string BitcoinP2tr, string Ethereum);

/// <summary>The JSON printed by `local show` (all public).</summary>
internal sealed record ShowOutput(
    string KeyId, uint Epoch, int Threshold, int Parties, bool Encrypted, string Network, string Directory,
    IReadOnlyList<int> Committee, IReadOnlyList<string> Files, KeyAddresses Root, KeyAddresses? Derived);

/// <summary>
/// `dltsigner local show`: what a key directory holds — key id, public key, threshold, epoch and the
/// Bitcoin and Ethereum addresses — after the directory-wide consistency check. The root addresses
/// need no passphrase (manifest and headers); a --path child needs the BIP32 chain code, which is kept
/// only inside the encrypted share files, so one share is decrypted for it.
/// </summary>
internal static class LocalShowCommand
{
    public static Command Build()
    {
        var shares = LocalThresholdKey.SharesOption();
        var path = new Option<string?>("--path") { Description = "Also show the addresses of this BIP32 non-hardened child (decrypts one share for the chain code), e.g. m/0/7." };
        var network = BtcCommand.NetworkOption();
        var store = new LocalCommand.StoreOptions();
        var cmd = new Command("show", "Show a key directory: key id, public key, threshold, epoch, Bitcoin and Ethereum addresses.") { shares, path, network };
        store.AddTo(cmd, writes: false);
        cmd.SetAction(parse => LocalCommand.Guard(() => Task.FromResult(Run(parse, store, parse.GetValue(shares)!, parse.GetValue(path), parse.GetValue(network)!))));
        return cmd;
    }

    private static int Run(ParseResult parse, LocalCommand.StoreOptions store, string dir, string? pathText, string networkName)
    {
        var net = BtcCommand.ParseNetwork(networkName);
        var path = LocalSignCommand.ParsePath(pathText);
        var state = ShareDirectory.Inspect(dir);
        var m = state.Manifest;
        var root = PublicKey.Decode(Convert.FromHexString(m.PublicKey));
        KeyAddresses? derived = null;
        if (path is not null)
        {
            // Any one share holds the chain code; the first present one is decrypted (and zeroed on dispose).
            using var passphrase = store.Source(parse);
            var shares = LocalCommand.Load(parse, state, [state.Headers.Keys.First()], passphrase, parse.GetValue(store.InsecurePlaintext));
            try
            {
                derived = Addresses(path.ToString(), Bip32.Derive(shares[0].GroupKey, shares[0].ChainCode, path).PublicKey, net);
            }
            finally
            {
                LocalCommand.DisposeAll(shares);
            }
        }
        else
        {
            ReportFiles(parse, state);
        }

        CliJson.Print(parse, new ShowOutput(
            m.KeyId, m.Epoch, m.Threshold, m.Parties, m.Encrypted, net.Name, Path.GetFullPath(dir), [.. m.PublicShares.Select(p => p.Party)],
            [.. state.Headers.Keys.Select(ShareDirectory.FileName)], Addresses(null, root, net), derived));
        return 0;
    }

    /// <summary>What loading would warn about (staged leftovers, readable share files), without decrypting anything.</summary>
    private static void ReportFiles(ParseResult parse, DirectoryState state) =>
        _ = ShareDirectory.Load(state, [], () => throw new InvalidOperationException("no share is decrypted"), allowPlaintext: true,
            w => parse.InvocationConfiguration.Error.WriteLine($"dltsigner: warning: {w}"));

    private static KeyAddresses Addresses(string? path, PublicKey key, Adapters.Bitcoin.Addresses.Network net) =>
        new(path, Convert.ToHexStringLower(key.ToCompressed()), BtcCommand.AddressOf(key, "p2wpkh", net), BtcCommand.AddressOf(key, "p2tr", net),
            Address.FromPublicKey(key).ToString());
}
