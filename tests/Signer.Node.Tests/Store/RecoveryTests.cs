using System.Text.Json;
using DltSigner.Core.Keys;
using DltSigner.Node.Store;
using DltSigner.Node.Tests.Cli;
using static DltSigner.Node.Tests.Store.StoreTestSupport;

namespace DltSigner.Node.Tests.Store;

/// <summary>ShareDirectory.Recover / `local recover`: an interrupted refresh is finished or rolled back and no staged or temporary file lingers.</summary>
public sealed class RecoveryTests
{
    private sealed class CrashException : Exception
    {
    }

    /// <summary>A directory holding the old shares, with Replace (towards <paramref name="next"/>) crashed at <paramref name="point"/>.</summary>
    private static async Task<(string Dir, KeyShare[] Old, KeyShare[] Next)> Crashed(string point, int occurrence = 1)
    {
        var old = await Shares();
        var next = await RunDkg(2, 3); // stands in for the refreshed epoch
        var dir = TempDir();
        using var pass = Pass();
        ShareDirectory.WriteNew(dir, old, pass, Fast(), force: false);
        var seen = 0;
        Assert.Throws<CrashException>(() => ShareDirectory.Replace(ShareDirectory.Inspect(dir), next, pass, Fast(p =>
        {
            if (p == point && ++seen == occurrence)
            {
                throw new CrashException();
            }
        })));
        // What a real crash inside AtomicFile.Write leaves behind.
        await File.WriteAllTextAsync(Path.Combine(dir, "party-2.share.next.tmp-0123456789ab"), "partial");
        return (dir, old, next);
    }

    private static void AssertLoads(string dir, KeyShare[] expected)
    {
        using var pass = Pass();
        var state = ShareDirectory.Inspect(dir);
        Assert.Empty(state.StagedFiles);
        Assert.DoesNotContain(Directory.EnumerateFiles(dir), f => f.Contains(".tmp-", StringComparison.Ordinal) || f.EndsWith(".next", StringComparison.Ordinal));
        var loaded = ShareDirectory.Load(state, [.. expected.Select(s => s.Self)], () => pass, false, w => Assert.Fail(w));
        Assert.All(loaded.Zip(expected), p => Assert.True(p.First.SamePublicState(p.Second)));
        DisposeAll(loaded);
    }

    private static void DisposeAll(KeyShare[] shares)
    {
        foreach (var s in shares)
        {
            s.Dispose();
        }
    }

    [Fact]
    public async Task A_completely_staged_refresh_is_finished_by_default()
    {
        var (dir, _, next) = await Crashed(ShareDirectory.Staged);
        var result = ShareDirectory.Recover(dir, rollback: false);
        Assert.Equal(RecoveryAction.Finished, result.Action);
        Assert.Equal(4, result.Renamed.Count);
        Assert.Equal(["party-2.share.next.tmp-0123456789ab"], result.Removed);
        AssertLoads(dir, next);
    }

    [Fact]
    public async Task A_completely_staged_refresh_is_rolled_back_on_request()
    {
        var (dir, old, _) = await Crashed(ShareDirectory.Staged);
        var result = ShareDirectory.Recover(dir, rollback: true);
        Assert.Equal(RecoveryAction.RolledBack, result.Action);
        Assert.Equal(5, result.Removed.Count);
        AssertLoads(dir, old);
    }

    [Fact]
    public async Task An_incompletely_staged_refresh_is_rolled_back()
    {
        // Crashed right after the first staged share was renamed into place (party-1.share.next only).
        var (dir, old, _) = await Crashed(AtomicFile.Renamed);
        Assert.Equal(RecoveryAction.RolledBack, ShareDirectory.Recover(dir, rollback: false).Action);
        AssertLoads(dir, old);
    }

    [Theory]
    [InlineData("renamed:1")]
    [InlineData("renamed:3")]
    public async Task A_refresh_interrupted_between_renames_is_finished_and_cannot_be_rolled_back(string point)
    {
        var (dir, _, next) = await Crashed(point);
        var e = Assert.Throws<ShareFileException>(() => ShareDirectory.Recover(dir, rollback: true));
        Assert.Contains("run without --rollback to finish it", e.Message, StringComparison.Ordinal);
        Assert.Equal(RecoveryAction.Finished, ShareDirectory.Recover(dir, rollback: false).Action);
        AssertLoads(dir, next);
    }

    [Fact]
    public async Task A_staged_set_that_does_not_fit_together_changes_nothing()
    {
        var (dir, _, _) = await Crashed("renamed:1");
        var other = await RunDkg(2, 3);
        using (var pass = Pass())
        {
            ShareFile.Write(Path.Combine(dir, "party-3.share.next"), other[2], pass, Fast());
        }

        var before = Snapshot(dir);
        var e = Assert.Throws<ShareFileException>(() => ShareDirectory.Recover(dir, rollback: false));
        Assert.Contains("party-3.share.next is not the epoch-0 share of party 3", e.Message, StringComparison.Ordinal);
        AssertSame(before, Snapshot(dir));
    }

    [Fact]
    public async Task Local_recover_finishes_the_refresh_and_prints_what_it_did()
    {
        var (dir, _, _) = await Crashed("renamed:2");
        var (code, stdout, stderr) = await CliRunner.RunAsync("local", "recover", "--shares", dir);
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("finished", json.GetProperty("action").GetString());
        Assert.Contains("recover: finished the interrupted refresh", stderr, StringComparison.Ordinal);

        (code, stdout, _) = await CliRunner.RunAsync("local", "recover", "--shares", dir);
        Assert.Equal(0, code);
        Assert.Equal("none", JsonDocument.Parse(stdout).RootElement.GetProperty("action").GetString());
    }
}
