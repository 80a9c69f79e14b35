using System.Collections.Concurrent;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Protocols.Dkg;

namespace DltSigner.TestKit.Keys;

/// <summary>
/// Threshold test keys made by the real DKG (protocol.md §4) over the <see cref="InMemoryNetwork"/>:
/// the product has no dealer, so neither do the tests that only need a key. <see cref="Shared"/> runs
/// the DKG once per (t, n) per test run (signing never changes a share) and hands the same key out.
/// </summary>
public static class DkgKeys
{
    /// <summary>Bounds a whole run (every party), so a hung DKG fails the test instead of the CI job.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    private static readonly ConcurrentDictionary<(int T, int N), Lazy<Task<DkgKey>>> Cache = new();

    /// <summary>
    /// Session options for test runs on <paramref name="network"/>: timeouts run on its
    /// <see cref="InMemoryNetwork.Clock"/>, so one fires only when the awaited message can no longer
    /// come, never because the shared machine was slow.
    /// </summary>
    public static MpcSessionOptions Options(InMemoryNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new() { RoundTimeout = TimeSpan.FromMinutes(1), TimeProvider = network.Clock };
    }

    /// <summary>The cached t-of-n key of this test run (parties 1..n). Shared: never dispose its shares.</summary>
    public static DkgKey Shared(int t, int n) => SharedAsync(t, n).GetAwaiter().GetResult();

    /// <inheritdoc cref="Shared"/>
    public static Task<DkgKey> SharedAsync(int t, int n) =>
        Cache.GetOrAdd((t, n), k => new Lazy<Task<DkgKey>>(() => GenerateAsync(k.T, k.N))).Value;

    /// <summary>A fresh t-of-n key (its own DKG run); the caller owns (and may dispose) its shares.</summary>
    public static async Task<DkgKey> GenerateAsync(int t, int n)
    {
        var outcomes = await RunAsync(new InMemoryNetwork(n), _ => t).ConfigureAwait(false);
        var failed = outcomes.Where(o => !o.Succeeded).ToList();
        if (failed.Count > 0)
        {
            foreach (var o in outcomes)
            {
                o.Result?.Dispose();
            }

            throw new InvalidOperationException($"test DKG {t}-of-{n} failed: " + string.Join("; ", failed.Select(o => $"{o.Party}: {o.Error}")), failed[0].Error);
        }

        return new DkgKey([.. outcomes.Select(o => o.Result!)]);
    }

    /// <summary>
    /// Runs the DKG for every party of <paramref name="network"/> (which may carry fault rules) and
    /// returns each party's outcome; <paramref name="threshold"/> per party lets a test make one party deviate.
    /// The whole run is bounded by <paramref name="runTimeout"/> (default <see cref="RunTimeout"/>).
    /// </summary>
    public static Task<IReadOnlyList<PartyOutcome<KeyShare>>> RunAsync(
        InMemoryNetwork network, Func<PartyIndex, int> threshold, SessionId? session = null, MpcSessionOptions? options = null, TimeSpan? runTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(threshold);
        var sid = session ?? SessionId.Random();
        var sessionOptions = options ?? Options(network);
        return network.RunAllAsync(
            (party, delivery, ct) => Dkg.RunAsync(new MpcSession(delivery, sid, Dkg.ProtocolName, party, network.Parties, sessionOptions), threshold(party), ct),
            runTimeout ?? RunTimeout);
    }
}
