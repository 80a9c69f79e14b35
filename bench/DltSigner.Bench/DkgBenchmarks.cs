using BenchmarkDotNet.Attributes;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Protocols.Dkg;
using DltSigner.Core.Protocols.Refresh;

namespace DltSigner.Bench;

/// <summary>
/// DKG and refresh over the in-memory network, all n parties in one process (so the time of one
/// run is the time of all parties sharing the machine's cores; divide by n for CPU per party).
/// Bytes sent per party (encoded envelopes, broadcasts once per recipient) are printed at setup.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class DkgBenchmarks
{
    private KeyShare[] _shares = [];

    [Params("2-of-3", "3-of-5", "5-of-9")]
    public string Committee { get; set; } = "2-of-3";

    private int T => int.Parse(Committee.Split("-of-")[0], System.Globalization.CultureInfo.InvariantCulture);

    private int N => int.Parse(Committee.Split("-of-")[1], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        var (shares, dkgBytes) = RunDkg(T, N).GetAwaiter().GetResult();
        _shares = shares;
        var (refreshed, refreshBytes) = RunRefresh(_shares).GetAwaiter().GetResult();
        Array.ForEach(refreshed, s => s.Dispose());
        Console.WriteLine($"// {Committee}: bytes sent per party — DKG {string.Join(", ", dkgBytes)}; refresh {string.Join(", ", refreshBytes)}");
    }

    [GlobalCleanup]
    public void Cleanup() => Array.ForEach(_shares, s => s.Dispose());

    [Benchmark]
    public void Dkg()
    {
        var (shares, _) = RunDkg(T, N).GetAwaiter().GetResult();
        Array.ForEach(shares, s => s.Dispose());
    }

    [Benchmark]
    public void Refresh()
    {
        var (shares, _) = RunRefresh(_shares).GetAwaiter().GetResult();
        Array.ForEach(shares, s => s.Dispose());
    }

    /// <summary>A DKG run; returns the shares and the bytes each party sent.</summary>
    public static Task<(KeyShare[] Shares, long[] Bytes)> RunDkg(int t, int n) =>
        Run(n, Core.Protocols.Dkg.Dkg.ProtocolName, (session, _) => Core.Protocols.Dkg.Dkg.RunAsync(session, t));

    public static Task<(KeyShare[] Shares, long[] Bytes)> RunRefresh(KeyShare[] shares) =>
        Run(shares.Length, Core.Protocols.Refresh.Refresh.ProtocolName, (session, p) => Core.Protocols.Refresh.Refresh.RunAsync(session, shares[p.Value - 1]));

    private static async Task<(KeyShare[] Shares, long[] Bytes)> Run(int n, string protocol, Func<MpcSession, PartyIndex, Task<KeyShare>> run)
    {
        var network = new InMemoryNetwork(n);
        var sid = SessionId.Random();
        var counters = new CountingDelivery[n];
        var outcomes = await network.RunAllAsync(
            (party, delivery, _) =>
            {
                var counting = counters[party.Value - 1] = new CountingDelivery(delivery, n - 1);
                return run(new MpcSession(counting, sid, protocol, party, network.Parties), party);
            },
            TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        var failed = outcomes.FirstOrDefault(o => !o.Succeeded);
        if (failed is not null)
        {
            throw new InvalidOperationException($"{protocol} failed at {failed.Party}", failed.Error);
        }

        return ([.. outcomes.Select(o => o.Result!)], [.. counters.Select(c => c.BytesSent)]);
    }
}
