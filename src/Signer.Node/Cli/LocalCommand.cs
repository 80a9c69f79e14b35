using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Node.Store;

namespace DltSigner.Node.Cli;

/// <summary>
/// `dltsigner local ...`: every party of a committee in this one process, talking over the in-memory
/// network (each message still goes through the wire codec), with one encrypted share file per
/// party in a key directory (Store/). For demonstrations, tests and single-host custody drills.
/// </summary>
internal static class LocalCommand
{
    public static Command Build()
    {
        var cmd = new Command("local", "Run all parties in this process over the in-memory network (key directory with one encrypted share file per party).");
        cmd.Subcommands.Add(LocalKeygenCommand.Build());
        cmd.Subcommands.Add(LocalShowCommand.Build());
        cmd.Subcommands.Add(LocalSignCommand.Build());
        cmd.Subcommands.Add(LocalSignPsbtCommand.Build());
        cmd.Subcommands.Add(LocalSignEthTxCommand.Build());
        foreach (var sub in LocalSignMessageCommand.Build())
        {
            cmd.Subcommands.Add(sub);
        }

        foreach (var sub in LocalRefreshCommand.Build())
        {
            cmd.Subcommands.Add(sub);
        }

        return cmd;
    }

    /// <summary>Options every `local` command that reads or writes share files has.</summary>
    internal sealed class StoreOptions
    {
        public Option<string> PassphraseEnv { get; } = new("--passphrase-env")
        {
            Description = $"Environment variable holding the share-file passphrase (default {Passphrase.DefaultVariable}).",
            DefaultValueFactory = _ => Passphrase.DefaultVariable,
        };

        public Option<bool> InsecurePlaintext { get; } = new("--insecure-plaintext")
        {
            Description = "INSECURE: write/accept unencrypted share files (marked as such in their header).",
        };

        public Option<int?> KdfIterations { get; } = new("--kdf-iterations")
        {
            Description = $"PBKDF2 iterations for new share files (default {ShareWriteOptions.DefaultIterations}; lower values only for tests).",
        };

        public void AddTo(Command cmd, bool writes)
        {
            cmd.Options.Add(PassphraseEnv);
            cmd.Options.Add(InsecurePlaintext);
            if (writes)
            {
                cmd.Options.Add(KdfIterations);
            }
        }

        public PassphraseSource Source(ParseResult parse) => new(parse.GetValue(PassphraseEnv)!);

        public ShareWriteOptions WriteOptions(ParseResult parse)
        {
            var iterations = parse.GetValue(KdfIterations);
            if (iterations is < 1 or > ShareFileHeader.MaxIterations)
            {
                throw new CliException($"--kdf-iterations must be in 1..{ShareFileHeader.MaxIterations}");
            }

            var plaintext = parse.GetValue(InsecurePlaintext);
            if (plaintext && iterations is not null)
            {
                throw new CliException("--kdf-iterations has no effect with --insecure-plaintext");
            }

            return new ShareWriteOptions
            {
                Protection = plaintext ? ShareProtection.Plaintext : ShareProtection.Pbkdf2Sha256AesGcm,
                Iterations = iterations ?? ShareWriteOptions.DefaultIterations,
            };
        }
    }

    /// <summary>
    /// Reads the passphrase variable once, when first needed; zeroes it on dispose. Thread-safe:
    /// ShareDirectory.Load asks from parallel workers, and a second copy would never be zeroed.
    /// </summary>
    internal sealed class PassphraseSource(string variable) : IDisposable
    {
        private readonly Lock _gate = new();
        private Passphrase? _value;

        public Passphrase Get()
        {
            lock (_gate)
            {
                return _value ??= Passphrase.FromEnvironment(variable);
            }
        }

        /// <summary>The passphrase for writing, or null for plaintext.</summary>
        public Passphrase? ForWriting(ShareWriteOptions options) => options.Protection == ShareProtection.Plaintext ? null : Get();

        public void Dispose() => _value?.Dispose();
    }

    /// <summary>Runs a command body: store errors and bad inputs become one-line user errors (exit 2).</summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (ShareFileException e)
        {
            throw new CliException(e.Message, e);
        }
    }

    /// <summary>
    /// Runs one protocol on every member over a fresh in-memory network (indices up to the largest
    /// member; non-members stay idle). Returns each member's result; the first failure is rethrown, blame first.
    /// </summary>
    public static async Task<IReadOnlyDictionary<PartyIndex, KeyShare?>> RunAllAsync(
        IReadOnlyList<PartyIndex> members, Func<PartyIndex, IDelivery, CancellationToken, Task<KeyShare?>> protocol, CancellationToken ct)
    {
        var network = new InMemoryNetwork(members.Max().Value);
        var outcomes = await network.RunAllAsync(
            (party, delivery, token) => members.Contains(party) ? protocol(party, delivery, token) : Task.FromResult<KeyShare?>(null),
            TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        var failed = outcomes.Where(o => !o.Succeeded).Select(o => o.Error!).ToList();
        if (failed.Count > 0 || ct.IsCancellationRequested)
        {
            DisposeAll(outcomes.Select(o => o.Result));
            ct.ThrowIfCancellationRequested();
            throw failed.OfType<ProtocolException>().OrderByDescending(e => e.Blame.Count).FirstOrDefault() ?? failed[0];
        }

        return outcomes.Where(o => members.Contains(o.Party)).ToDictionary(o => o.Party, o => o.Result);
    }

    public static MpcSessionOptions SessionOptions { get; } = new() { RoundTimeout = TimeSpan.FromSeconds(120) };

    /// <summary>"1,3" → parties (ascending, distinct, non-zero).</summary>
    public static IReadOnlyList<PartyIndex> ParseParties(string text, string option)
    {
        var result = new SortedSet<PartyIndex>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!ushort.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v == 0)
            {
                throw new CliException($"{option}: '{part}' is not a party index (1..65535)");
            }

            if (!result.Add(new PartyIndex(v)))
            {
                throw new CliException($"{option}: party {v} listed twice");
            }
        }

        return [.. result];
    }

    /// <summary>Checks a chosen signer set against the directory's committee and threshold.</summary>
    public static void CheckSigners(IReadOnlyList<PartyIndex> signers, KeyManifest manifest, string option)
    {
        foreach (var s in signers)
        {
            if (!manifest.PublicShares.Any(p => p.Party == s.Value))
            {
                var members = string.Join(",", manifest.PublicShares.Select(p => p.Party));
                throw new CliException($"{option}: unknown signer index {s.Value} (the committee is {members})");
            }
        }

        if (signers.Count < manifest.Threshold)
        {
            throw new CliException($"{option}: {signers.Count} signer(s) given, the key needs at least t = {manifest.Threshold}");
        }
    }

    /// <summary>The confirmation option of --force: the key id of the key it destroys.</summary>
    public static Option<string?> DestroyKeyOption() => new("--destroy-key")
    {
        Description = "With --force over an existing key: its key id (printed by the refusal), to confirm that it is destroyed.",
        HelpName = "KEYID",
    };

    /// <summary>
    /// Checks a target directory before the slow protocol runs: not a file, inside a directory (not a
    /// file), writable, and holding no key — unless --force together with --destroy-key naming the
    /// key id it holds (printed on stderr before it goes).
    /// </summary>
    public static void CheckTarget(ParseResult parse, string dir, bool force, string? destroyKey)
    {
        if (File.Exists(dir))
        {
            throw new CliException($"--out {dir} is a file, not a directory");
        }

        var existing = Path.GetFullPath(dir);
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new CliException($"--out {dir}: {existing} is a file, not a directory");
            }

            existing = Path.GetDirectoryName(existing) ?? throw new CliException($"--out {dir}: no existing parent directory");
        }

        CheckWritable(dir, existing);
        var files = ShareDirectory.ExistingKeyFiles(dir);
        if (files.Count == 0)
        {
            return;
        }

        var held = ShareDirectory.DescribeKey(dir);
        if (!force)
        {
            throw new CliException($"{dir} already holds key {held.KeyId} ({string.Join(", ", files)}); use --force to overwrite them");
        }

        if (!string.Equals(destroyKey, held.KeyId, StringComparison.Ordinal))
        {
            throw new CliException($"--force would destroy key {held.KeyId} ({held.Summary}) in {dir}: add --destroy-key {held.KeyId} to confirm");
        }

        parse.InvocationConfiguration.Error.WriteLine($"dltsigner: warning: destroying key {held.KeyId} ({held.Summary}) in {dir}");
    }

    /// <summary>Creates and removes a probe file: permissions, a read-only file system and quotas all show here, before the protocol.</summary>
    private static void CheckWritable(string dir, string directory)
    {
        var probe = Path.Combine(directory, $".dltsigner-probe-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
            }

            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--out {dir}: cannot write in {directory} ({CliErrors.Describe(e).Message.Split(": ")[^1]})");
        }
    }

    /// <summary>Loud warnings (stderr) for settings that weaken a key being written; called after every check has passed.</summary>
    public static void WarnWeak(ParseResult parse, ShareWriteOptions options, Passphrase? passphrase, int threshold)
    {
        var error = parse.InvocationConfiguration.Error;
        if (options.Protection != ShareProtection.Plaintext && options.Iterations < ShareWriteOptions.DefaultIterations)
        {
            error.WriteLine($"dltsigner: warning: --kdf-iterations {options.Iterations} is below {ShareWriteOptions.DefaultIterations}: a stolen share file is that much cheaper to brute-force (for tests only)");
        }

        if (passphrase is not null && passphrase.Bytes.Length < Passphrase.RecommendedLength)
        {
            error.WriteLine($"dltsigner: warning: the passphrase is shorter than {Passphrase.RecommendedLength} bytes: a stolen share file can be brute-forced");
        }

        if (threshold == 1)
        {
            error.WriteLine("dltsigner: warning: threshold 1: any single share signs alone (no threshold protection)");
        }
    }

    /// <summary>Loads the shares of <paramref name="parties"/> after the directory-wide consistency check, warning on stderr.</summary>
    public static KeyShare[] Load(ParseResult parse, DirectoryState state, IReadOnlyList<PartyIndex> parties, PassphraseSource passphrase, bool allowPlaintext) =>
        ShareDirectory.Load(state, parties, passphrase.Get, allowPlaintext, w => parse.InvocationConfiguration.Error.WriteLine($"dltsigner: warning: {w}"));

    /// <summary>A progress line on stderr (stdout carries only the JSON result).</summary>
    public static void Progress(ParseResult parse, string line) => parse.InvocationConfiguration.Error.WriteLine(line);

    public static string Seconds(Stopwatch watch) => watch.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    public static void DisposeAll(IEnumerable<KeyShare?> shares)
    {
        foreach (var s in shares)
        {
            s?.Dispose();
        }
    }
}
