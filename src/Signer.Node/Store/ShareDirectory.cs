using System.Globalization;
using System.Text.RegularExpressions;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;

namespace DltSigner.Node.Store;

/// <summary>The public state of a key directory: its manifest and the header of every share file.</summary>
public sealed record DirectoryState(string Directory, KeyManifest Manifest, IReadOnlyDictionary<PartyIndex, ShareFileHeader> Headers, IReadOnlyList<string> StagedFiles);

/// <summary>
/// A key directory: party-&lt;i&gt;.share per party plus manifest.json (public). Loading checks the
/// whole directory first — every share file at one key id and epoch, matching the manifest — so
/// a crash in the middle of a refresh (some files at the new epoch, some at the old) is refused
/// instead of half-used (docs/SECURITY.md "Key shares at rest").
/// </summary>
public static partial class ShareDirectory
{
    public const string ManifestFileName = "manifest.json";

    /// <summary>Suffix of the staged files of a refresh that has not been committed yet.</summary>
    public const string StagedSuffix = ".next";

    /// <summary>Crash-injection points of <see cref="Replace"/> (besides <see cref="AtomicFile"/>'s, and "renamed:&lt;i&gt;").</summary>
    public const string Staged = "staged";

    public static string FileName(PartyIndex party) => string.Create(CultureInfo.InvariantCulture, $"party-{party.Value}.share");

    /// <summary>Reads the manifest and every share header (no passphrase needed) and checks they belong together.</summary>
    public static DirectoryState Inspect(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ShareFileException(ShareFileError.Files, File.Exists(directory)
                ? $"{directory} is a file, not a key directory"
                : $"share directory {directory} does not exist");
        }

        var manifestPath = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            throw new ShareFileException(ShareFileError.Inconsistent, $"{directory}: no {ManifestFileName} (not a key directory, or keygen was interrupted)");
        }

        var manifest = KeyManifest.Parse(RegularFile.ReadAllBytes(manifestPath), ManifestFileName);
        var headers = new SortedDictionary<PartyIndex, ShareFileHeader>();
        var staged = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(StagedSuffix, StringComparison.Ordinal))
            {
                staged.Add(name);
                continue;
            }

            var m = ShareName().Match(name);
            if (!m.Success)
            {
                continue;
            }

            var header = ShareFile.ReadHeader(path);
            if (!ushort.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index == 0 || header.Party.Value != index)
            {
                throw new ShareFileException(ShareFileError.Inconsistent, $"{name}: holds the share of {header.Party}, not of the party its name says");
            }

            headers[header.Party] = header;
        }

        CheckConsistent(directory, manifest, headers, staged);
        return new DirectoryState(directory, manifest, headers, staged);
    }

    /// <summary>
    /// Loads the shares of <paramref name="parties"/> after <see cref="Inspect"/>; each decrypted share
    /// must also match the manifest's public data. Warnings (plaintext shares, staged leftovers) go to <paramref name="warn"/>.
    /// </summary>
    public static KeyShare[] Load(DirectoryState state, IReadOnlyList<PartyIndex> parties, Func<Passphrase> passphrase, bool allowPlaintext, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(warn);
        if (state.StagedFiles.Count > 0)
        {
            warn($"ignoring staged files of an interrupted refresh that never took effect: {string.Join(", ", state.StagedFiles)} (`dltsigner local recover --shares {state.Directory}` finishes or removes them)");
        }

        var exposed = state.Headers.Keys.Select(FileName).Where(n => RegularFile.IsExposed(Path.Combine(state.Directory, n))).ToList();
        if (exposed.Count > 0)
        {
            warn($"{string.Join(", ", exposed)} can be read or written by other users (share files are written 0600): chmod 600 them");
        }

        foreach (var party in parties)
        {
            if (!state.Headers.TryGetValue(party, out var header))
            {
                throw new ShareFileException(ShareFileError.Files, $"{state.Directory}: no share file for party {party.Value} ({FileName(party)})");
            }

            if (!header.IsEncrypted && allowPlaintext)
            {
                warn($"{FileName(party)} is stored UNENCRYPTED (insecure plaintext mode)");
            }
        }

        // One PBKDF2 per file dominates: derive in parallel (the passphrase is read-only here).
        var shares = new KeyShare?[parties.Count];
        var errors = new Exception?[parties.Count];
        Parallel.For(0, parties.Count, k =>
        {
            try
            {
                shares[k] = ShareFile.Load(Path.Combine(state.Directory, FileName(parties[k])), passphrase, allowPlaintext);
                if (!state.Manifest.Describes(shares[k]!))
                {
                    throw new ShareFileException(ShareFileError.Inconsistent, $"{state.Directory}: {ManifestFileName} does not describe the key in {FileName(parties[k])}");
                }
            }
            catch (Exception e) when (e is ShareFileException or IOException or UnauthorizedAccessException)
            {
                errors[k] = e;
            }
        });
        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            foreach (var share in shares)
            {
                share?.Dispose();
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }

        return shares!;
    }

    /// <summary>
    /// Writes a new key directory (keygen, reshare): every share atomically, the manifest last, so an
    /// interrupted write leaves no manifest and is refused. Existing key files are an error unless
    /// <paramref name="force"/>, which also removes share files of parties not in the new committee.
    /// </summary>
    public static IReadOnlyList<string> WriteNew(string directory, IReadOnlyList<KeyShare> shares, Passphrase? passphrase, ShareWriteOptions options, bool force)
    {
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(directory);
        var existing = ExistingKeyFiles(directory);
        if (existing.Count > 0 && !force)
        {
            throw new ShareFileException(ShareFileError.Files, $"{directory} already holds key files ({string.Join(", ", existing)}); use --force to overwrite them");
        }

        // With --force the old manifest goes first: a crash from here on leaves a directory without one (refused).
        AtomicFile.TryDelete(Path.Combine(directory, ManifestFileName));
        var written = shares.Select(s => Path.Combine(directory, FileName(s.Self))).ToList();
        WriteAll(written, shares, passphrase, options);

        foreach (var stale in existing.Where(n => n != ManifestFileName && !written.Any(w => Path.GetFileName(w) == n)))
        {
            File.Delete(Path.Combine(directory, stale));
        }

        AtomicFile.Write(Path.Combine(directory, ManifestFileName), KeyManifest.For(shares[0], options.Protection != ShareProtection.Plaintext).ToJson(), options.FailPoint);
        return written;
    }

    /// <summary>
    /// Replaces the whole committee's shares in place (refresh): (1) every new share and the new
    /// manifest are written as complete "*.next" files (fsynced); (2) each is renamed over its
    /// target, shares first and the manifest last; (3) the directory is fsynced. A crash in (1)
    /// leaves all old files in force (the staged ones are ignored); a crash in (2) leaves files of
    /// two epochs, or new shares under the old manifest, which <see cref="Inspect"/> refuses — and
    /// the remaining "*.next" files complete the new set (rename them to finish).
    /// </summary>
    public static void Replace(DirectoryState current, IReadOnlyList<KeyShare> shares, Passphrase? passphrase, ShareWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(options);
        var dir = current.Directory;
        var targets = shares.Select(s => Path.Combine(dir, FileName(s.Self))).Append(Path.Combine(dir, ManifestFileName)).ToList();
        WriteAll([.. targets.Take(shares.Count).Select(t => t + StagedSuffix)], shares, passphrase, options);

        AtomicFile.Write(targets[^1] + StagedSuffix, KeyManifest.For(shares[0], options.Protection != ShareProtection.Plaintext).ToJson(), options.FailPoint);
        options.FailPoint?.Invoke(Staged);
        for (var k = 0; k < targets.Count; k++)
        {
            AtomicFile.Rename(targets[k] + StagedSuffix, targets[k]);
            options.FailPoint?.Invoke(string.Create(CultureInfo.InvariantCulture, $"renamed:{k + 1}"));
        }

        AtomicFile.SyncDirectory(dir);
    }

    /// <summary>The key a directory holds, for messages: its id and "t-of-n, epoch e" from the manifest, else from a share header, else unknown.</summary>
    public static (string KeyId, string Summary) DescribeKey(string directory)
    {
        try
        {
            var m = KeyManifest.Parse(RegularFile.ReadAllBytes(Path.Combine(directory, ManifestFileName)), ManifestFileName);
            return (m.KeyId, string.Create(CultureInfo.InvariantCulture, $"{m.Threshold}-of-{m.Parties}, epoch {m.Epoch}"));
        }
        catch (Exception e) when (e is ShareFileException or IOException or UnauthorizedAccessException)
        {
            foreach (var name in ExistingKeyFiles(directory).Where(n => n != ManifestFileName))
            {
                try
                {
                    var h = ShareFile.ReadHeader(Path.Combine(directory, name));
                    return (h.KeyId.ToString(), string.Create(CultureInfo.InvariantCulture, $"{h.Threshold}-of-{h.PartyCount}, epoch {h.Epoch}"));
                }
                catch (Exception inner) when (inner is ShareFileException or IOException or UnauthorizedAccessException)
                {
                    // Try the next file.
                }
            }

            return ("unknown", "unreadable key files");
        }
    }

    /// <summary>The share files and manifest already in <paramref name="directory"/> (names, sorted).</summary>
    public static IReadOnlyList<string> ExistingKeyFiles(string directory) =>
        !Directory.Exists(directory)
            ? []
            : [.. Directory.EnumerateFiles(directory)
                .Select(f => Path.GetFileName(f))
                .Where(n => ShareName().IsMatch(n) || n == ManifestFileName)
                .Order(StringComparer.Ordinal)];

    /// <summary>Seals every share in parallel (PBKDF2 dominates), then writes each atomically in order.</summary>
    private static void WriteAll(IReadOnlyList<string> paths, IReadOnlyList<KeyShare> shares, Passphrase? passphrase, ShareWriteOptions options)
    {
        var files = new byte[shares.Count][];
        try
        {
            Parallel.For(0, shares.Count, k => files[k] = ShareFile.Seal(shares[k], passphrase, options));
            for (var k = 0; k < shares.Count; k++)
            {
                AtomicFile.Write(paths[k], files[k], options.FailPoint);
            }
        }
        finally
        {
            foreach (var f in files)
            {
                if (f is not null)
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(f);
                }
            }
        }
    }

    private static void CheckConsistent(string directory, KeyManifest manifest, SortedDictionary<PartyIndex, ShareFileHeader> headers, List<string> staged)
    {
        var hint = staged.Count > 0
            ? $" — an interrupted refresh: the staged files ({string.Join(", ", staged)}) complete the new set; `dltsigner local recover --shares {directory}` finishes it"
            : " — shares of different generations must never be combined";
        if (headers.Count == 0)
        {
            throw new ShareFileException(ShareFileError.Files, $"{directory}: no share files (party-<i>.share)");
        }

        var epochs = headers.Values.Select(h => h.Epoch).Append(manifest.Epoch).Distinct().ToList();
        if (epochs.Count > 1)
        {
            var list = string.Join(", ", headers.Select(h => $"{FileName(h.Key)}: epoch {h.Value.Epoch}").Append($"{ManifestFileName}: epoch {manifest.Epoch}"));
            throw new ShareFileException(ShareFileError.Inconsistent, $"{directory} mixes key epochs ({list}){hint}");
        }

        foreach (var (party, h) in headers)
        {
            if (h.KeyId.ToString() != manifest.KeyId || h.Threshold != manifest.Threshold || h.PartyCount != manifest.Parties)
            {
                throw new ShareFileException(ShareFileError.Inconsistent, $"{directory}: {FileName(party)} belongs to another key than {ManifestFileName} (key id, t or n differ){hint}");
            }

            if (!manifest.PublicShares.Any(p => p.Party == party.Value))
            {
                throw new ShareFileException(ShareFileError.Inconsistent, $"{directory}: {FileName(party)} is not a member of the committee in {ManifestFileName}");
            }
        }
    }

    [GeneratedRegex(@"^party-([1-9][0-9]{0,4})\.share$", RegexOptions.CultureInvariant)]
    private static partial Regex ShareName();
}
