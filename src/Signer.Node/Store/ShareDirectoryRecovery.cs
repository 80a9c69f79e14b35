using System.Globalization;

namespace DltSigner.Node.Store;

/// <summary>What <see cref="ShareDirectory.Recover"/> did.</summary>
public enum RecoveryAction
{
    /// <summary>No staged or temporary files: nothing to do.</summary>
    None,

    /// <summary>The staged new epoch was completed (the remaining renames done, manifest last).</summary>
    Finished,

    /// <summary>The staged files were removed; the old epoch, never replaced, stays in force.</summary>
    RolledBack,
}

public sealed record RecoveryResult(RecoveryAction Action, uint Epoch, IReadOnlyList<string> Renamed, IReadOnlyList<string> Removed);

public static partial class ShareDirectory
{
    /// <summary>
    /// Finishes or rolls back a refresh that <see cref="Replace"/> left half done, from the files alone
    /// (headers and manifests: no passphrase), and removes orphaned "*.tmp-*" files of interrupted
    /// atomic writes. Once a rename has happened the old epoch is partly gone, so the new one must be
    /// finished; before that, the default finishes a completely staged set and rolls back an incomplete
    /// one, and <paramref name="rollback"/> rolls back a complete one too. Every file the new set would
    /// use is checked (one key id, the staged manifest's epoch, the whole committee) before anything
    /// is renamed; if the check fails nothing is changed. After the decision no staged file remains.
    /// </summary>
    public static RecoveryResult Recover(string directory, bool rollback)
    {
        if (!Directory.Exists(directory))
        {
            throw new ShareFileException(ShareFileError.Files, $"share directory {directory} does not exist");
        }

        var names = Directory.EnumerateFiles(directory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        var temps = names.Where(n => n.Contains(".tmp-", StringComparison.Ordinal)).ToList();
        var staged = names.Where(n => n.EndsWith(StagedSuffix, StringComparison.Ordinal) && !temps.Contains(n)).ToList();
        var oldIntact = TryInspect(directory) is not null;
        var manifestNext = Path.Combine(directory, ManifestFileName + StagedSuffix);
        var complete = staged.Contains(ManifestFileName + StagedSuffix);

        RecoveryAction action;
        List<string> renamed = [];
        if (staged.Count == 0)
        {
            action = RecoveryAction.None;
        }
        else if (oldIntact && (rollback || !complete))
        {
            action = RecoveryAction.RolledBack;
        }
        else if (!complete)
        {
            throw new ShareFileException(ShareFileError.Inconsistent,
                $"{directory}: the old epoch is no longer intact and the staged set has no {ManifestFileName}{StagedSuffix}: cannot finish or roll back; restore the key directory from a backup");
        }
        else
        {
            if (rollback)
            {
                throw new ShareFileException(ShareFileError.Inconsistent,
                    $"{directory}: the refresh already replaced some files, so the old epoch cannot be restored; run without --rollback to finish it");
            }

            CheckStagedSet(directory, manifestNext);
            // Shares first, the manifest last, as Replace does.
            foreach (var name in staged.OrderBy(n => n == ManifestFileName + StagedSuffix))
            {
                AtomicFile.Rename(Path.Combine(directory, name), Path.Combine(directory, name[..^StagedSuffix.Length]));
                renamed.Add(name);
            }

            action = RecoveryAction.Finished;
        }

        var removed = new List<string>(temps);
        if (action == RecoveryAction.RolledBack)
        {
            removed.AddRange(staged);
        }

        foreach (var name in removed)
        {
            File.Delete(Path.Combine(directory, name));
        }

        AtomicFile.SyncDirectory(directory);
        var state = Inspect(directory);
        return new RecoveryResult(action, state.Manifest.Epoch, renamed, removed);
    }

    private static DirectoryState? TryInspect(string directory)
    {
        try
        {
            return Inspect(directory);
        }
        catch (ShareFileException)
        {
            return null;
        }
    }

    /// <summary>The set after the renames: for each member of the staged manifest, its staged file or else its current one, all at that key id and epoch.</summary>
    private static void CheckStagedSet(string directory, string manifestNext)
    {
        var manifest = KeyManifest.Parse(RegularFile.ReadAllBytes(manifestNext), ManifestFileName + StagedSuffix);
        foreach (var member in manifest.PublicShares)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"party-{member.Party}.share");
            var path = Path.Combine(directory, name);
            var file = File.Exists(path + StagedSuffix) ? path + StagedSuffix : path;
            var header = File.Exists(file)
                ? ShareFile.ReadHeader(file)
                : throw new ShareFileException(ShareFileError.Inconsistent, $"{directory}: neither {name}{StagedSuffix} nor {name} exists: cannot finish the refresh");
            if (header.KeyId.ToString() != manifest.KeyId || header.Epoch != manifest.Epoch || header.Party.Value != member.Party)
            {
                throw new ShareFileException(ShareFileError.Inconsistent,
                    $"{directory}: {Path.GetFileName(file)} is not the epoch-{manifest.Epoch} share of party {member.Party} that {ManifestFileName}{StagedSuffix} describes: nothing changed");
            }
        }
    }
}
