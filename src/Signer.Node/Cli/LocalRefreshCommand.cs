using System.CommandLine;
using System.Diagnostics;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Protocols.Refresh;
using DltSigner.Node.Store;

namespace DltSigner.Node.Cli;

/// <summary>`dltsigner local refresh` (same committee, new epoch, in place) and `local reshare` (new committee, new directory); protocol.md §6.</summary>
internal static class LocalRefreshCommand
{
    public static IEnumerable<Command> Build() => [BuildRefresh(), BuildReshare(), BuildRecover()];

    private static Command BuildRecover()
    {
        var shares = LocalThresholdKey.SharesOption();
        var rollback = new Option<bool>("--rollback") { Description = "Roll back a completely staged refresh instead of finishing it (only while no file has been replaced)." };
        var cmd = new Command("recover", "Finish (or roll back) a refresh that was interrupted, from the staged files; remove orphaned temporary files.") { shares, rollback };
        cmd.SetAction(parse => LocalCommand.Guard(() =>
        {
            var dir = parse.GetValue(shares)!;
            var result = ShareDirectory.Recover(dir, parse.GetValue(rollback));
            LocalCommand.Progress(parse, result.Action switch
            {
                RecoveryAction.Finished => $"recover: finished the interrupted refresh: epoch {result.Epoch} in force",
                RecoveryAction.RolledBack => $"recover: rolled back the interrupted refresh: epoch {result.Epoch} stays in force",
                _ => $"recover: nothing to recover (epoch {result.Epoch})",
            });
            CliJson.Print(parse, new RecoverOutput(result.Action switch
            {
                RecoveryAction.Finished => "finished",
                RecoveryAction.RolledBack => "rolledBack",
                _ => "none",
            }, result.Epoch, result.Renamed, result.Removed, Path.GetFullPath(dir)));
            return Task.FromResult(0);
        }));
        return cmd;
    }

    private sealed record RecoverOutput(string Action, uint Epoch, IReadOnlyList<string> Renamed, IReadOnlyList<string> Removed, string Directory);

    private static Command BuildRefresh()
    {
        var shares = new Option<string>("--shares", "-d") { Description = "Key directory; every party's share file must be present (all parties online).", Required = true };
        var store = new LocalCommand.StoreOptions();
        var cmd = new Command("refresh", "Proactive refresh: new shares for the same key and committee (epoch + 1), rewritten in place crash-safely.") { shares };
        store.AddTo(cmd, writes: true);
        cmd.SetAction((parse, ct) => LocalCommand.Guard(() => RefreshAsync(parse.GetValue(shares)!, store, parse, ct)));
        return cmd;
    }

    private static Command BuildReshare()
    {
        var shares = new Option<string>("--shares", "-d") { Description = "Old key directory (left unchanged).", Required = true };
        var signers = new Option<string>("--signers") { Description = "Exactly t old parties that deal the key to the new committee, e.g. 1,2.", Required = true };
        var threshold = new Option<int>("--new-threshold") { Description = "t' of the new committee.", Required = true };
        var parties = new Option<int>("--new-parties") { Description = "n' of the new committee (parties 1..n'; an old index keeps its identity).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "New key directory.", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite existing key files in --out; needs --destroy-key." };
        var destroy = LocalCommand.DestroyKeyOption();
        var allowOne = LocalKeygenCommand.AllowThresholdOneOption();
        var store = new LocalCommand.StoreOptions();
        var cmd = new Command("reshare", "Reshare the key to a new committee and threshold (same public key, epoch + 1) into a new directory.")
        {
            shares, signers, threshold, parties, output, force, destroy, allowOne,
        };
        store.AddTo(cmd, writes: true);
        cmd.SetAction((parse, ct) => LocalCommand.Guard(() => ReshareAsync(
            parse.GetValue(shares)!, parse.GetValue(signers)!, parse.GetValue(threshold), parse.GetValue(parties), parse.GetValue(output)!, parse.GetValue(force),
            parse.GetValue(destroy), parse.GetValue(allowOne), store, parse, ct)));
        return cmd;
    }

    private static async Task<int> RefreshAsync(string dir, LocalCommand.StoreOptions store, ParseResult parse, CancellationToken ct)
    {
        var options = store.WriteOptions(parse);
        var state = ShareDirectory.Inspect(dir);
        var committee = state.Manifest.PublicShares.Select(p => PartyIndex.FromInt32(p.Party)).Order().ToList();
        if (state.Manifest.Encrypted && options.Protection == ShareProtection.Plaintext)
        {
            throw new CliException($"{dir} holds encrypted shares; --insecure-plaintext would write the refreshed shares unencrypted (refused)");
        }

        var missing = committee.Where(p => !state.Headers.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw new CliException($"refresh needs every party's share (all parties online); missing: {string.Join(", ", missing.Select(ShareDirectory.FileName))}");
        }

        var watch = Stopwatch.StartNew();
        using var passphrase = store.Source(parse);
        var secret = passphrase.ForWriting(options);
        var old = LocalCommand.Load(parse, state, committee, passphrase, parse.GetValue(store.InsecurePlaintext));
        LocalCommand.WarnWeak(parse, options, secret, state.Manifest.Threshold);
        List<KeyShare> fresh = [];
        try
        {
            LocalCommand.Progress(parse, $"refresh: {old.Length} shares loaded in {LocalCommand.Seconds(watch)}; running the refresh (epoch {old[0].Epoch} -> {old[0].Epoch + 1}) ...");
            var sid = SessionId.Random();
            fresh = [.. (await LocalCommand.RunAllAsync(
                committee,
                async (party, delivery, token) => await Refresh.RunAsync(
                    new MpcSession(delivery, sid, Refresh.ProtocolName, party, committee, LocalCommand.SessionOptions), old.Single(s => s.Self == party), token).ConfigureAwait(false),
                ct).ConfigureAwait(false)).Values.Select(s => s!)];
            LocalCommand.Progress(parse, $"refresh: protocol done in {LocalCommand.Seconds(watch)}; replacing the share files ({LocalKeygenCommand.Describe(options)}) ...");
            ShareDirectory.Replace(state, fresh, secret, options);
            LocalCommand.Progress(parse, $"refresh: done in {LocalCommand.Seconds(watch)}");
            CliJson.Print(parse, KeySummary.For(fresh[0], options, dir, fresh.Select(s => ShareDirectory.FileName(s.Self))));
            return 0;
        }
        finally
        {
            LocalCommand.DisposeAll(old);
            LocalCommand.DisposeAll(fresh);
        }
    }

    private static async Task<int> ReshareAsync(
        string dir, string signerText, int t2, int n2, string outDir, bool force, string? destroyKey, bool allowOne, LocalCommand.StoreOptions store, ParseResult parse, CancellationToken ct)
    {
        var options = store.WriteOptions(parse);
        var dealers = LocalCommand.ParseParties(signerText, "--signers");
        if (n2 is < 1 or > KeyShare.MaxParties)
        {
            throw new CliException($"--new-parties must be in 1..{KeyShare.MaxParties}");
        }

        if (t2 < 1 || t2 > n2)
        {
            throw new CliException($"--new-threshold must be in 1..{n2} (the new number of parties)");
        }

        if (string.Equals(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            throw new CliException("--out must be a new directory (to renew shares in place, use local refresh)");
        }

        var state = ShareDirectory.Inspect(dir);
        LocalCommand.CheckSigners(dealers, state.Manifest, "--signers");
        if (dealers.Count != state.Manifest.Threshold)
        {
            throw new CliException($"--signers: a reshare is dealt by exactly t = {state.Manifest.Threshold} old parties, {dealers.Count} given");
        }

        LocalKeygenCommand.CheckThreshold(t2, allowOne, "--new-threshold");
        LocalCommand.CheckTarget(parse, outDir, force, destroyKey);

        var watch = Stopwatch.StartNew();
        using var passphrase = store.Source(parse);
        var secret = passphrase.ForWriting(options);
        var old = LocalCommand.Load(parse, state, dealers, passphrase, parse.GetValue(store.InsecurePlaintext));
        LocalCommand.WarnWeak(parse, options, secret, t2);
        List<KeyShare> fresh = [];
        try
        {
            var parameters = new ReshareParameters(dealers, PartyIndex.Range(n2), t2);
            var members = dealers.Union(parameters.NewCommittee).Order().ToList();
            var publicState = old[0].PublicState;
            LocalCommand.Progress(parse, $"reshare: {old.Length} shares loaded in {LocalCommand.Seconds(watch)}; resharing {old[0].Threshold}-of-{old[0].PartyCount} -> {t2}-of-{n2} ...");
            var sid = SessionId.Random();
            var results = await LocalCommand.RunAllAsync(
                members,
                (party, delivery, token) =>
                {
                    var share = old.SingleOrDefault(s => s.Self == party);
                    var session = new MpcSession(delivery, sid, Reshare.ProtocolName, party, members, LocalCommand.SessionOptions);
                    return Reshare.RunAsync(session, parameters, share, share is null ? publicState : null, token);
                },
                ct).ConfigureAwait(false);
            fresh = [.. results.Values.Where(s => s is not null).Select(s => s!)];
            LocalCommand.Progress(parse, $"reshare: protocol done in {LocalCommand.Seconds(watch)}; writing {fresh.Count} share files ({LocalKeygenCommand.Describe(options)}) ...");
            var files = ShareDirectory.WriteNew(outDir, fresh, secret, options, force);
            LocalCommand.Progress(parse, $"reshare: done in {LocalCommand.Seconds(watch)}. The old shares in {dir} still combine with each other for the same key: destroy them once {outDir} is safely stored.");
            CliJson.Print(parse, KeySummary.For(fresh[0], options, outDir, files));
            return 0;
        }
        finally
        {
            LocalCommand.DisposeAll(old);
            LocalCommand.DisposeAll(fresh);
        }
    }
}
