using System.CommandLine;
using System.Diagnostics;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Protocols.Sign;
using DltSigner.Node.Store;

namespace DltSigner.Node.Cli;

/// <summary>
/// The chosen signers' shares of a key directory, decrypted, behind a <see cref="ThresholdSigner"/>:
/// what every `local sign*` command signs with. Disposing zeroes the shares and the passphrase.
/// </summary>
internal sealed class LocalThresholdKey : IDisposable
{
    private readonly KeyShare[] _shares;

    private LocalThresholdKey(KeyShare[] shares, IReadOnlyList<PartyIndex> signers, Stopwatch watch)
    {
        _shares = shares;
        Parties = signers;
        Watch = watch;
        Loaded = LocalCommand.Seconds(watch);
        Signer = new ThresholdSigner(shares);
    }

    public ThresholdSigner Signer { get; }

    /// <summary>The signing parties, ascending.</summary>
    public IReadOnlyList<PartyIndex> Parties { get; }

    /// <summary>Started before the shares were decrypted (for the progress lines).</summary>
    public Stopwatch Watch { get; }

    public KeyShare First => _shares[0];

    /// <summary>How long checking and decrypting the shares took.</summary>
    public string Loaded { get; }

    /// <summary>The key directory option of every `local sign*` command.</summary>
    public static Option<string> SharesOption() => new("--shares", "-d") { Description = "Key directory (from local keygen).", Required = true };

    /// <summary>The signer list option of every `local sign*` command (its text goes to <see cref="Open(ParseResult, LocalCommand.StoreOptions, string, string)"/>).</summary>
    public static Option<string> SignersOption() => new("--signers") { Description = "Comma-separated party indices that sign, e.g. 1,3 (at least t).", Required = true };

    /// <summary>
    /// Checks the signer list against the whole directory (every share file at one key id and epoch,
    /// matching the manifest), then loads and decrypts only the chosen signers' files. Callers check
    /// their own inputs first, so a bad request never decrypts a share.
    /// </summary>
    public static LocalThresholdKey Open(ParseResult parse, LocalCommand.StoreOptions store, string dir, string signerText)
    {
        var signers = LocalCommand.ParseParties(signerText, "--signers");
        var state = ShareDirectory.Inspect(dir);
        LocalCommand.CheckSigners(signers, state.Manifest, "--signers");

        var watch = Stopwatch.StartNew();
        using var passphrase = store.Source(parse);
        return Create(LocalCommand.Load(parse, state, signers, passphrase, parse.GetValue(store.InsecurePlaintext)), signers, watch);
    }

    /// <summary>The demo's key: encrypted shares only, passphrase from <paramref name="passphraseVariable"/>, no warnings.</summary>
    public static LocalThresholdKey Open(string dir, IReadOnlyList<PartyIndex> signers, string passphraseVariable)
    {
        var watch = Stopwatch.StartNew();
        using var passphrase = new LocalCommand.PassphraseSource(passphraseVariable);
        return Create(ShareDirectory.Load(ShareDirectory.Inspect(dir), signers, passphrase.Get, allowPlaintext: false, warn: _ => { }), signers, watch);
    }

    private static LocalThresholdKey Create(KeyShare[] shares, IReadOnlyList<PartyIndex> signers, Stopwatch watch)
    {
        try
        {
            return new LocalThresholdKey(shares, signers, watch);
        }
        catch
        {
            LocalCommand.DisposeAll(shares);
            throw;
        }
    }

    /// <summary>A progress line: how many shares, how long loading took, which parties sign.</summary>
    public string Describe(string command) =>
        $"{command}: {_shares.Length} shares loaded in {Loaded}; signing with parties {string.Join(",", Parties.Select(s => s.Value))}";

    public void Dispose() => LocalCommand.DisposeAll(_shares);
}
