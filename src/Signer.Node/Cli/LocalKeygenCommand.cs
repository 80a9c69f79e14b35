using System.CommandLine;
using System.Diagnostics;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Protocols.Dkg;
using DltSigner.Node.Store;

namespace DltSigner.Node.Cli;

/// <summary>The JSON printed by keygen, refresh and reshare (public data only).</summary>
internal sealed record KeySummary(string PublicKey, string KeyId, uint Epoch, int Threshold, int Parties, bool Encrypted, string Directory, IReadOnlyList<string> Files)
{
    public static KeySummary For(KeyShare share, ShareWriteOptions options, string directory, IEnumerable<string> files) =>
        new(Convert.ToHexStringLower(share.GroupKey.ToCompressed()), share.KeyId.ToString(), share.Epoch, share.Threshold, share.PartyCount,
            options.Protection != ShareProtection.Plaintext, Path.GetFullPath(directory),
            [.. files.Select(Path.GetFileName).Append(ShareDirectory.ManifestFileName)!]);
}

/// <summary>`dltsigner local keygen`: the DKLs23 DKG (protocol.md §4) for all parties, one share file each.</summary>
internal static class LocalKeygenCommand
{
    public static Command Build()
    {
        var threshold = new Option<int>("--threshold", "-t") { Description = "t: parties needed to sign.", Required = true };
        var parties = new Option<int>("--parties", "-n") { Description = "n: committee size (parties 1..n).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Key directory to create (party-<i>.share, manifest.json).", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files in --out (and remove share files of parties beyond n); needs --destroy-key." };
        var destroy = LocalCommand.DestroyKeyOption();
        var allowOne = AllowThresholdOneOption();
        var store = new LocalCommand.StoreOptions();
        var cmd = new Command("keygen", "Distributed key generation for a t-of-n committee; writes one share file per party.")
        {
            threshold, parties, output, force, destroy, allowOne,
        };
        store.AddTo(cmd, writes: true);
        cmd.SetAction((parse, ct) => LocalCommand.Guard(() => RunAsync(
            parse.GetValue(threshold), parse.GetValue(parties), parse.GetValue(output)!, parse.GetValue(force), parse.GetValue(destroy), parse.GetValue(allowOne), store, parse, ct)));
        return cmd;
    }

    /// <summary>The explicit choice a 1-of-n key needs (keygen, reshare).</summary>
    internal static Option<bool> AllowThresholdOneOption() => new("--allow-threshold-1")
    {
        Description = "Allow threshold 1: any single share then signs alone (no threshold protection).",
    };

    internal static void CheckThreshold(int t, bool allowOne, string option)
    {
        if (t == 1 && !allowOne)
        {
            throw new CliException($"{option} 1: any single share would sign alone (no threshold protection); add --allow-threshold-1 if that is what you want");
        }
    }

    private static async Task<int> RunAsync(int t, int n, string dir, bool force, string? destroyKey, bool allowOne, LocalCommand.StoreOptions store, ParseResult parse, CancellationToken ct)
    {
        if (n is < 1 or > KeyShare.MaxParties)
        {
            throw new CliException($"--parties must be in 1..{KeyShare.MaxParties}");
        }

        if (t < 1 || t > n)
        {
            throw new CliException($"--threshold must be in 1..{n} (the number of parties)");
        }

        CheckThreshold(t, allowOne, "--threshold");
        var options = store.WriteOptions(parse);
        using var passphrase = store.Source(parse);
        // Fail fast: the passphrase and the target are checked before the (slow) DKG.
        var secret = passphrase.ForWriting(options);
        LocalCommand.CheckTarget(parse, dir, force, destroyKey);
        LocalCommand.WarnWeak(parse, options, secret, t);

        var watch = Stopwatch.StartNew();
        LocalCommand.Progress(parse, $"keygen: running the DKG for {t}-of-{n} over the in-memory network ...");
        var sid = SessionId.Random();
        var committee = PartyIndex.Range(n);
        var shares = (await LocalCommand.RunAllAsync(
            committee,
            async (party, delivery, token) => await Dkg.RunAsync(
                new MpcSession(delivery, sid, Dkg.ProtocolName, party, committee, LocalCommand.SessionOptions), t, token).ConfigureAwait(false),
            ct).ConfigureAwait(false)).Values.Select(s => s!).ToList();
        try
        {
            LocalCommand.Progress(parse, $"keygen: DKG done in {LocalCommand.Seconds(watch)}; writing {n} share files ({Describe(options)}) ...");
            var files = ShareDirectory.WriteNew(dir, shares, secret, options, force);
            LocalCommand.Progress(parse, $"keygen: done in {LocalCommand.Seconds(watch)}");
            CliJson.Print(parse, KeySummary.For(shares[0], options, dir, files));
            return 0;
        }
        finally
        {
            LocalCommand.DisposeAll(shares);
        }
    }

    internal static string Describe(ShareWriteOptions options) =>
        options.Protection == ShareProtection.Plaintext
            ? "UNENCRYPTED, --insecure-plaintext"
            : $"AES-256-GCM, PBKDF2-HMAC-SHA256 with {options.Iterations} iterations";
}
