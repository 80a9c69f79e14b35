using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Protocols.Dkg;
using DltSigner.Core.Protocols.Sign;
using DltSigner.Core.Signatures;
using DltSigner.P2P.Delivery;
using DltSigner.P2P.Host;
using DltSigner.P2P.Streams;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Tests.Support;

namespace DltSigner.P2P.Tests.Delivery;

/// <summary>
/// One protocol suite (STYLE.md pattern 9): a 2-of-3 DKG and signatures by every pair of signers, run
/// over each delivery below. Each implementation runs the parties of one session and returns their results.
/// </summary>
public abstract class ThresholdProtocolSuite
{
    protected static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    protected abstract Task<IReadOnlyList<T>> RunAsync<T>(
        SessionId session, IReadOnlyList<PartyIndex> parties, Func<PartyIndex, IDelivery, MpcSessionOptions, CancellationToken, Task<T>> protocol);

    [Fact]
    public async Task Dkg_2_of_3_then_every_pair_signs()
    {
        var all = PartyIndex.Range(3);
        var dkg = SessionId.Random();
        var shares = await RunAsync(dkg, all, (p, d, o, ct) => Dkg.RunAsync(new MpcSession(d, dkg, Dkg.ProtocolName, p, all, o), 2, ct));
        try
        {
            var groupKey = shares[0].GroupKey;
            Assert.All(shares, s => Assert.Equal(groupKey, s.GroupKey));
            foreach (var pair in new[] { new[] { 1, 2 }, [1, 3], [2, 3] })
            {
                var signers = pair.Select(PartyIndex.FromInt32).ToList();
                var subset = signers.Select(s => shares[s.Value - 1]).ToList();
                var sign = SignSession.Create(subset[0], signers);
                var hash = RandomNumberGenerator.GetBytes(32);
                var signatures = await RunAsync(sign.Id, signers, (p, d, o, ct) =>
                    DklsSign.RunAsync(new MpcSession(d, sign.Id, SignSession.ProtocolName, p, signers, o), subset.Single(s => s.Self == p), sign, hash, null, ct));
                Assert.All(signatures, s => Assert.True(Ecdsa.Verify(groupKey, hash, s.Signature, requireLowS: true)));
            }
        }
        finally
        {
            foreach (var s in shares)
            {
                s.Dispose();
            }
        }
    }

    protected static IReadOnlyList<T> Unwrap<T>(IReadOnlyList<PartyOutcome<T>> outcomes)
    {
        var failed = outcomes.FirstOrDefault(o => !o.Succeeded);
        return failed is null ? [.. outcomes.Select(o => o.Result!)] : throw new InvalidOperationException($"{failed.Party} failed", failed.Error);
    }
}

/// <summary>The suite over Signer.Core's in-memory network.</summary>
public sealed class InMemoryNetworkProtocolTests : ThresholdProtocolSuite
{
    protected override async Task<IReadOnlyList<T>> RunAsync<T>(
        SessionId session, IReadOnlyList<PartyIndex> parties, Func<PartyIndex, IDelivery, MpcSessionOptions, CancellationToken, Task<T>> protocol)
    {
        var network = new InMemoryNetwork(parties.Max().Value);
        var options = new MpcSessionOptions { RoundTimeout = TimeSpan.FromMinutes(1), TimeProvider = network.Clock };
        return Unwrap(await network.RunPartiesAsync(parties, (p, d, ct) => protocol(p, d, options, ct), RunTimeout));
    }
}

/// <summary>The suite over <see cref="MpcDeliveryHub"/>: authenticated peer streams (in-memory pipes here; TCP+Noise+yamux in the host tests).</summary>
public sealed class MpcDeliveryProtocolTests : ThresholdProtocolSuite
{
    protected override async Task<IReadOnlyList<T>> RunAsync<T>(
        SessionId session, IReadOnlyList<PartyIndex> parties, Func<PartyIndex, IDelivery, MpcSessionOptions, CancellationToken, Task<T>> protocol)
    {
        await using var streams = new InMemoryStreams();
        var keys = parties.ToDictionary(p => p, _ => IdentityKey.Generate());
        try
        {
            var map = keys.ToDictionary(k => k.Key, k => k.Value.PeerId);
            var hubs = parties.ToDictionary(p => p, p => new MpcDeliveryHub(map[p], streams.DialerFor(map[p])));
            foreach (var (p, hub) in hubs)
            {
                streams.Register(map[p], hub.Handler);
            }

            var options = new MpcSessionOptions { RoundTimeout = TimeSpan.FromMinutes(1) };
            using var cts = new CancellationTokenSource(RunTimeout);
            var runs = parties.Select(async p =>
            {
                using var delivery = hubs[p].Open(session, p, map);
                return await protocol(p, delivery, options, cts.Token);
            });
            return await Task.WhenAll(runs);
        }
        finally
        {
            foreach (var k in keys.Values)
            {
                k.Dispose();
            }
        }
    }
}

/// <summary>The suite over real libp2p: one host per party on loopback TCP (Noise, yamux), the delivery on <see cref="HostStreams"/>.</summary>
public sealed class Libp2pDeliveryProtocolTests
{
    [Fact]
    public Task Dkg_2_of_3_then_every_pair_signs() => new Suite().Dkg_2_of_3_then_every_pair_signs();

    private sealed class Suite : ThresholdProtocolSuite
    {
        protected override async Task<IReadOnlyList<T>> RunAsync<T>(
            SessionId session, IReadOnlyList<PartyIndex> parties, Func<PartyIndex, IDelivery, MpcSessionOptions, CancellationToken, Task<T>> protocol)
        {
            var hosts = new Dictionary<PartyIndex, P2PHost>();
            try
            {
                foreach (var p in parties)
                {
                    hosts[p] = P2PHost.CreateBuilder().WithIdentity(IdentityKey.Generate()).ListenOn("/ip4/127.0.0.1/tcp/0").Build();
                }

                var map = hosts.ToDictionary(h => h.Key, h => h.Value.PeerId);
                var hubs = new Dictionary<PartyIndex, MpcDeliveryHub>();
                foreach (var (p, host) in hosts)
                {
                    var streams = new HostStreams(host);
                    hubs[p] = new MpcDeliveryHub(host.PeerId, streams);
                    streams.Register(hubs[p].Handler);
                    await host.StartAsync();
                }

                using var cts = new CancellationTokenSource(RunTimeout);
                for (var i = 0; i < parties.Count; i++)
                {
                    for (var j = i + 1; j < parties.Count; j++)
                    {
                        await hosts[parties[i]].DialAsync(hosts[parties[j]].ListenAddresses[0], cts.Token);
                    }
                }

                // A dial returns once its side is upgraded; the listener registers the connection a moment later.
                while (hosts.Any(h => hosts.Keys.Any(q => q != h.Key && h.Value.ConnectionsTo(map[q]).Count == 0)))
                {
                    await Task.Delay(10, cts.Token);
                }

                var options = new MpcSessionOptions { RoundTimeout = TimeSpan.FromMinutes(1) };
                var runs = parties.Select(async p =>
                {
                    using var delivery = hubs[p].Open(session, p, map);
                    return await protocol(p, delivery, options, cts.Token);
                });
                return await Task.WhenAll(runs);
            }
            finally
            {
                foreach (var host in hosts.Values)
                {
                    await host.DisposeAsync();
                }
            }
        }
    }
}
