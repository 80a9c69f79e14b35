using DltSigner.Node.Store;
using static DltSigner.Node.Tests.Store.StoreTestSupport;

namespace DltSigner.Node.Tests.Store;

/// <summary>Simulated crashes (an exception thrown from an injected failure point) at every step of a write.</summary>
public sealed class AtomicityTests
{
    private sealed class CrashException : Exception
    {
        public CrashException()
            : base("simulated crash")
        {
        }
    }

    private static Action<string> CrashAt(string point) => p =>
    {
        if (p == point)
        {
            throw new CrashException();
        }
    };

    [Theory]
    [InlineData(AtomicFile.TempCreated, false)]
    [InlineData(AtomicFile.TempWritten, false)]
    [InlineData(AtomicFile.TempFlushed, false)]
    [InlineData(AtomicFile.Renamed, true)]
    public void A_crash_leaves_the_old_file_or_the_new_one_never_a_torn_one(string point, bool expectNew)
    {
        var dir = TempDir();
        var path = Path.Combine(dir, "target");
        byte[] old = [1, 2, 3, 4];
        byte[] fresh = [.. Enumerable.Range(0, 100_000).Select(i => (byte)i)];
        AtomicFile.Write(path, old);
        Assert.Throws<CrashException>(() => AtomicFile.Write(path, fresh, CrashAt(point)));
        Assert.Equal(expectNew ? fresh : old, File.ReadAllBytes(path));
        // No temp file survives an in-process failure (after a real crash one may, and it is ignored).
        Assert.Equal(["target"], Directory.EnumerateFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_crash_during_keygen_writing_leaves_a_directory_the_loader_refuses()
    {
        var shares = await Shares();
        var dir = TempDir();
        using var pass = Pass();
        var crashes = 0;
        Assert.Throws<CrashException>(() => ShareDirectory.WriteNew(dir, shares, pass, Fast(p =>
        {
            if (p == AtomicFile.TempFlushed && ++crashes == 2)
            {
                throw new CrashException();
            }
        }), force: false));
        var e = Assert.Throws<ShareFileException>(() => ShareDirectory.Inspect(dir));
        Assert.Equal(ShareFileError.Inconsistent, e.Error);
        Assert.Contains("no manifest.json", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Replace (refresh) crashed at each step: before the first rename the old set is intact and loads;
    /// after it the directory mixes epochs (or the manifest lags) and is refused as a whole.
    /// </summary>
    [Theory]
    [InlineData(ShareDirectory.Staged, true)]
    [InlineData("renamed:1", false)]
    [InlineData("renamed:2", false)]
    [InlineData("renamed:3", false)]
    public async Task A_crash_during_replace_leaves_all_old_files_or_a_refused_mix(string point, bool oldIntact)
    {
        var old = await Shares();
        var next = await RunDkg(2, 3); // stands in for the refreshed epoch: another key id
        var dir = TempDir();
        using var pass = Pass();
        ShareDirectory.WriteNew(dir, old, pass, Fast(), force: false);
        var before = Snapshot(dir);
        var state = ShareDirectory.Inspect(dir);
        Assert.Throws<CrashException>(() => ShareDirectory.Replace(state, next, pass, Fast(CrashAt(point))));
        if (oldIntact)
        {
            var after = Snapshot(dir);
            foreach (var name in before.Keys)
            {
                Assert.Equal(before[name], after[name]);
            }

            var reloaded = ShareDirectory.Inspect(dir);
            Assert.Equal(4, reloaded.StagedFiles.Count);
            var warnings = new List<string>();
            var loaded = ShareDirectory.Load(reloaded, [old[0].Self], () => pass, false, warnings.Add);
            Assert.True(loaded[0].SamePublicState(old[0]));
            Assert.Contains("interrupted refresh", Assert.Single(warnings), StringComparison.Ordinal);
        }
        else
        {
            var e = Assert.Throws<ShareFileException>(() => ShareDirectory.Inspect(dir));
            Assert.Equal(ShareFileError.Inconsistent, e.Error);
            Assert.Contains(".next", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Finishing_the_renames_of_an_interrupted_replace_gives_the_new_set()
    {
        var old = await Shares();
        var next = await RunDkg(2, 3);
        var dir = TempDir();
        using var pass = Pass();
        ShareDirectory.WriteNew(dir, old, pass, Fast(), force: false);
        Assert.Throws<CrashException>(() => ShareDirectory.Replace(ShareDirectory.Inspect(dir), next, pass, Fast(CrashAt("renamed:2"))));
        foreach (var staged in Directory.EnumerateFiles(dir, "*" + ShareDirectory.StagedSuffix))
        {
            File.Move(staged, staged[..^ShareDirectory.StagedSuffix.Length], overwrite: true);
        }

        var state = ShareDirectory.Inspect(dir);
        var loaded = ShareDirectory.Load(state, next.Select(s => s.Self).ToList(), () => pass, false, _ => { });
        Assert.All(loaded.Zip(next), p => Assert.True(p.First.SamePublicState(p.Second)));
    }

    [Fact]
    public async Task Existing_key_files_are_not_overwritten_without_force()
    {
        var shares = await Shares();
        var dir = TempDir();
        using var pass = Pass();
        ShareDirectory.WriteNew(dir, shares, pass, Fast(), force: false);
        var before = Snapshot(dir);
        var e = Assert.Throws<ShareFileException>(() => ShareDirectory.WriteNew(dir, shares, pass, Fast(), force: false));
        Assert.Contains("--force", e.Message, StringComparison.Ordinal);
        AssertSame(before, Snapshot(dir));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"format\":\"dltsigner-key-manifest/v1\",\"key_id\":\"00\",\"parties\":1,\"public_key\":\"02\",\"public_shares\":[null]}")]
    public async Task A_malformed_manifest_is_a_format_error(string json)
    {
        var dir = TempDir();
        using var pass = Pass();
        ShareDirectory.WriteNew(dir, await Shares(), pass, Fast(), force: false);
        File.WriteAllText(Path.Combine(dir, ShareDirectory.ManifestFileName), json);
        Assert.Equal(ShareFileError.Format, Assert.Throws<ShareFileException>(() => ShareDirectory.Inspect(dir)).Error);
    }
}
