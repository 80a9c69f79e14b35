using DltSigner.Core.Keys;
using DltSigner.Node.Store;
using DltSigner.TestKit.Keys;

namespace DltSigner.Node.Tests.Store;

/// <summary>Key shares from a real DKG (TestKit's, run once per test process) and temp directories.</summary>
internal static class StoreTestSupport
{
    /// <summary>Shared 2-of-3 shares: never dispose them.</summary>
    public static async Task<KeyShare[]> Shares() => [.. (await DkgKeys.SharedAsync(2, 3)).Shares];

    public static ShareWriteOptions Fast(Action<string>? failPoint = null) => new() { Iterations = 1000, FailPoint = failPoint };

    public static ShareWriteOptions Plain => new() { Protection = ShareProtection.Plaintext };

    public static Passphrase Pass(string text = "correct horse battery staple") => new(text);

    /// <summary>One root per test process, removed when the process exits: tests leave no share files behind.</summary>
    private static readonly Lazy<string> RunRoot = new(() =>
    {
        var root = Directory.CreateTempSubdirectory("dltsigner-tests-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort at exit; the folder holds test keys only.
            }
        };
        return root;
    });

    public static string TempDir()
    {
        var dir = Path.Combine(RunRoot.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A fresh t-of-n key (its own DKG run).</summary>
    public static async Task<KeyShare[]> RunDkg(int t, int n) => [.. (await DkgKeys.GenerateAsync(t, n)).Shares];

    /// <summary>Every file of a directory and its bytes (to prove a command left them untouched).</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string dir) =>
        new(Directory.EnumerateFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes), StringComparer.Ordinal);

    public static void AssertSame(SortedDictionary<string, byte[]> before, SortedDictionary<string, byte[]> after)
    {
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (name, bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed");
        }
    }
}
