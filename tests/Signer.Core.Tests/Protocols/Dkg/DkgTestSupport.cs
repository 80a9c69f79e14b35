using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Ot;
using DltSigner.Core.Protocols.Dkg;
using DltSigner.Core.Tests.Keys;
using DltSigner.TestKit.Keys;

namespace DltSigner.Core.Tests.Protocols.Dkg;

/// <summary>Runs key-generation protocols over the in-memory network and checks their outputs.</summary>
internal static class DkgTestSupport
{
    public static MpcSessionOptions Options(InMemoryNetwork network) => DkgKeys.Options(network);

    public static Task<IReadOnlyList<PartyOutcome<KeyShare>>> RunDkg(
        InMemoryNetwork network, int threshold, SessionId? session = null, TimeSpan? runTimeout = null) =>
        RunDkg(network, _ => threshold, session, runTimeout);

    /// <summary>Per-party threshold, so a test can make one party run different parameters.</summary>
    public static Task<IReadOnlyList<PartyOutcome<KeyShare>>> RunDkg(
        InMemoryNetwork network, Func<PartyIndex, int> threshold, SessionId? session = null, TimeSpan? runTimeout = null) =>
        DkgKeys.RunAsync(network, threshold, session, Options(network), runTimeout ?? TimeSpan.FromMinutes(5));

    public static KeyShare[] Succeeded(IReadOnlyList<PartyOutcome<KeyShare>> outcomes)
    {
        foreach (var o in outcomes)
        {
            Assert.True(o.Succeeded, $"{o.Party}: {o.Error}");
        }

        return [.. outcomes.Select(o => o.Result!)];
    }

    /// <summary>Agreement on PK, chain code, public shares and digest; every t-subset (sampled) reconstructs the key.</summary>
    public static void AssertConsistent(IReadOnlyList<KeyShare> shares, int threshold)
    {
        var first = shares[0];
        foreach (var s in shares)
        {
            Assert.Equal(threshold, s.Threshold);
            Assert.Equal(first.GroupKey, s.GroupKey);
            Assert.True(first.ChainCode.SequenceEqual(s.ChainCode));
            Assert.Equal(first.PublicShares, s.PublicShares);
            Assert.True(first.SamePublicState(s));
            Assert.Equal(s.Secret.PublicPoint(), s.PublicShare(s.Self));
        }

        // Windows of t consecutive parties (wrapping) cover every party in some subset.
        for (var start = 0; start < shares.Count; start++)
        {
            var subset = Enumerable.Range(0, threshold).Select(k => shares[(start + k) % shares.Count]);
            Assert.Equal(first.GroupKey.Point, Point.BaseMul(TestKeyShares.Reconstruct(subset)));
        }
    }

    /// <summary>Alice's setup of a with Bob's setup of b works in an RVOLE multiplication, for the given ordered pairs.</summary>
    public static void AssertRvoleWorks(IReadOnlyList<KeyShare> shares, IEnumerable<(int Alice, int Bob)> pairs)
    {
        foreach (var (a, b) in pairs)
        {
            var alice = shares[a];
            var bob = shares[b];
            var session = new OtSession("dkg-test-rvole"u8, alice.Self.Value, bob.Self.Value);
            using var bobRun = RvoleBob.Start(session, bob.PairwiseWith(alice.Self).AsReceiver);
            var b0 = bobRun.B; // read before Finish, which clears it
            Scalar[] input = [Scalar.Random(), Scalar.Random()];
            var (reply, c) = RvoleAlice.Respond(session, alice.PairwiseWith(bob.Self).AsSender, bobRun.Message, input);
            var d = bobRun.Finish(reply);
            for (var k = 0; k < input.Length; k++)
            {
                Assert.Equal(input[k] * b0, c[k] + d[k]);
            }

            Assert.True(alice.PairwiseWith(bob.Self).ZeroSeed.SequenceEqual(bob.PairwiseWith(alice.Self).ZeroSeed));
        }
    }

    /// <summary>Every pair in both directions for small n; a ring plus its reverse for larger n.</summary>
    public static IEnumerable<(int, int)> Pairs(int n) =>
        n <= 5
            ? from a in Enumerable.Range(0, n) from b in Enumerable.Range(0, n) where a != b select (a, b)
            : Enumerable.Range(0, n).SelectMany(a => new[] { (a, (a + 1) % n), ((a + 1) % n, a) });

    public static Envelope WithPayload(Envelope e, byte[] payload) => new(e.Session, e.Protocol, e.Round, e.Sender, e.Recipient, payload);

    /// <summary>Flips one bit of the payload at <paramref name="offset"/> (negative: from the end).</summary>
    public static Func<Envelope, Envelope> FlipAt(int offset, int bit = 0) => e =>
    {
        var payload = e.Payload.ToArray();
        var at = offset >= 0 ? offset : payload.Length + offset;
        payload[at] ^= (byte)(1 << bit);
        return WithPayload(e, payload);
    };

    /// <summary>Asserts every listed party failed naming <paramref name="culprit"/> with the given check (prefix) and round.</summary>
    public static void AssertBlamed<T>(IReadOnlyList<PartyOutcome<T>> outcomes, IEnumerable<PartyIndex> victims, PartyIndex culprit, string check, int? round = null, ProtocolErrorKind? kind = null)
    {
        foreach (var v in victims)
        {
            var o = outcomes.Single(x => x.Party == v);
            var error = Assert.IsType<ProtocolException>(o.Error);
            if (kind is not null)
            {
                Assert.Equal(kind, error.Kind);
            }

            Assert.NotEmpty(error.Blame);
            foreach (var blame in error.Blame)
            {
                Assert.Equal(culprit, blame.Party);
                Assert.StartsWith(check, blame.Check, StringComparison.Ordinal);
                if (round is not null)
                {
                    Assert.Equal(round, blame.Round);
                }
            }
        }
    }

    public static void DisposeAll<T>(IReadOnlyList<PartyOutcome<T>> outcomes)
        where T : class, IDisposable
    {
        foreach (var o in outcomes)
        {
            o.Result?.Dispose();
        }
    }
}
