using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Protocols.Dkg;
using DltSigner.Node.Store;

namespace DltSigner.Node.Tests.Store;

/// <summary>Key shares from a real DKG (run once per test process) and temp directories.</summary>
internal static class StoreTestSupport
{
    private static readonly Lazy<Task<KeyShare[]>> Dkg2Of3 = new(() => RunDkg(2, 3));

    /// <summary>Shared 2-of-3 shares: never dispose them.</summary>
    public static Task<KeyShare[]> Shares() => Dkg2Of3.Value;

    public static ShareWriteOptions Fast(Action<string>? failPoint = null) => new() { Iterations = 1000, FailPoint = failPoint };

    public static ShareWriteOptions Plain => new() { Protection = ShareProtection.Plaintext };

    public static Passphrase Pass(string text = "correct horse battery staple") => new(text);

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dltsigner-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static async Task<KeyShare[]> RunDkg(int t, int n)
    {
        var network = new InMemoryNetwork(n);
        var sid = SessionId.Random();
        var outcomes = await network.RunAllAsync(
            (party, delivery, ct) => Dkg.RunAsync(new MpcSession(delivery, sid, Dkg.ProtocolName, party, network.Parties), t, ct),
            TimeSpan.FromMinutes(5));
        return [.. outcomes.Select(o => o.Result ?? throw new InvalidOperationException($"{o.Party}: {o.Error}"))];
    }

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
