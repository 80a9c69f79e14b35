using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Protocols.Dkg;
using DltSigner.Core.Sharing;
using DltSigner.Core.Tests.Keys;
using DltSigner.Core.Tests.Protocols.Dkg;

namespace DltSigner.Core.Tests.Protocols.Refresh;

public sealed class RefreshTests
{
    private static readonly PartyIndex P1 = new(1);
    private static readonly PartyIndex P2 = new(2);
    private static readonly PartyIndex P3 = new(3);

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(1, 2)]
    public async Task Refresh_keeps_the_key_and_replaces_the_shares(int t, int n)
    {
        var old = TestKeyShares.Deal(t, n, epoch: 4);
        var outcomes = await RefreshTestSupport.RunRefresh(old);
        try
        {
            var fresh = DkgTestSupport.Succeeded(outcomes);
            DkgTestSupport.AssertConsistent(fresh, t);
            Assert.All(fresh, s =>
            {
                Assert.Equal(old[0].GroupKey, s.GroupKey);
                Assert.Equal(old[0].KeyId, s.KeyId);
                Assert.Equal(5u, s.Epoch);
                Assert.True(old[0].ChainCode.SequenceEqual(s.ChainCode));
                Assert.False(old[0].SamePublicState(s));
            });
            if (t > 1)
            {
                Assert.NotEqual(old[0].Secret.Value, fresh[0].Secret.Value);
                Assert.NotEqual(old[0].PublicShares, fresh[0].PublicShares);
            }

            DkgTestSupport.AssertRvoleWorks(fresh, DkgTestSupport.Pairs(n).Take(4));
            if (t >= 2)
            {
                AssertOldAndNewDoNotMix(old, fresh, t);
            }
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
            DkgTestSupport.DisposeAll(outcomes);
        }
    }

    /// <summary>t−1 new shares plus one old share: neither the secrets nor the public shares give the key.</summary>
    internal static void AssertOldAndNewDoNotMix(IReadOnlyList<KeyShare> old, IReadOnlyList<KeyShare> fresh, int t)
    {
        var mixed = fresh.Take(t - 1).Append(old.First(o => fresh.Take(t - 1).All(f => f.Self != o.Self))).ToList();
        Assert.NotEqual(old[0].GroupKey.Point, Point.BaseMul(TestKeyShares.Reconstruct(mixed)));
        var indices = mixed.Select(s => (int)s.Self.Value).ToArray();
        var points = mixed.Select(s => s.PublicShare(s.Self)).ToArray();
        Assert.NotEqual(old[0].GroupKey.Point, Interpolation.AtZero(indices, points));

        // A share claiming the mixed public state does not validate.
        var publicShares = fresh[0].PublicShares.ToArray();
        var oldPosition = old[0].PositionOf(mixed[^1].Self);
        publicShares[oldPosition] = old[0].PublicShares[oldPosition];
        var e = Assert.ThrowsAny<ArgumentException>(() => _ = new KeyPublicState(
            fresh[0].KeyId, fresh[0].Epoch, t, fresh[0].Parties, fresh[0].GroupKey, publicShares, fresh[0].PublicDigest));
        Assert.Contains("inconsistent", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dkg_then_refresh_end_to_end()
    {
        var dkg = await DkgTestSupport.RunDkg(new InMemoryNetwork(2), 2);
        var shares = DkgTestSupport.Succeeded(dkg);
        var outcomes = await RefreshTestSupport.RunRefresh(shares);
        try
        {
            var fresh = DkgTestSupport.Succeeded(outcomes);
            DkgTestSupport.AssertConsistent(fresh, 2);
            Assert.Equal(shares[0].GroupKey, fresh[0].GroupKey);
            Assert.Equal(1u, fresh[0].Epoch);
            DkgTestSupport.AssertRvoleWorks(fresh, [(0, 1), (1, 0)]);
        }
        finally
        {
            DkgTestSupport.DisposeAll(dkg);
            DkgTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Party_with_a_stale_epoch_share_is_blamed_on_the_parameters()
    {
        var old = TestKeyShares.Deal(2, 3);
        var first = await RefreshTestSupport.RunRefresh(old);
        var fresh = DkgTestSupport.Succeeded(first);
        var second = await RefreshTestSupport.RunRefresh(fresh, shareOf: p => p == P1 ? old[0] : fresh[p.Value - 1]);
        try
        {
            DkgTestSupport.AssertBlamed(second, [P2, P3], P1, DkgChecks.Parameters, 1, ProtocolErrorKind.Aborted);
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
            DkgTestSupport.DisposeAll(first);
            DkgTestSupport.DisposeAll(second);
        }
    }

    [Fact]
    public async Task Dealer_with_a_nonzero_constant_is_blamed()
    {
        var old = TestKeyShares.Deal(2, 3);
        var outcomes = await RefreshTestSupport.RunRefresh(old, deviant: P1, deviation: (plan, _) => (plan, Scalar.RandomNonZero()));
        try
        {
            DkgTestSupport.AssertBlamed(outcomes, [P2, P3], P1, DkgChecks.ZeroConstant, 2, ProtocolErrorKind.Aborted);
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
            DkgTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Refresh_share_inconsistent_with_the_commitments_is_blamed()
    {
        // Zero-sharing layout for t = 2: C_0 (33 zero bytes), C_1 ‖ nonce ‖ share ‖ pairwise stage 1.
        var shareLastByte = DealerMessage.EncodedLength(2, DealingKind.Zero, carriesChainCode: false) - 1;
        var old = TestKeyShares.Deal(2, 3);
        var outcomes = await RefreshTestSupport.RunRefresh(old, rule: new FaultRule(FaultAction.Tamper) { From = P1, Round = 2, Tamper = DkgTestSupport.FlipAt(shareLastByte) });
        try
        {
            DkgTestSupport.AssertBlamed(outcomes, [P2, P3], P1, DkgChecks.FeldmanShare, 2, ProtocolErrorKind.Aborted);
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
            DkgTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Refresh_opening_that_differs_from_the_commitment_is_blamed()
    {
        var old = TestKeyShares.Deal(2, 3);
        var outcomes = await RefreshTestSupport.RunRefresh(old, rule: new FaultRule(FaultAction.Tamper) { From = P1, Round = 2, Tamper = DkgTestSupport.FlipAt(2 * 33) });
        try
        {
            DkgTestSupport.AssertBlamed(outcomes, [P2, P3], P1, DkgChecks.Commitment, 2, ProtocolErrorKind.Aborted);
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
            DkgTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Session_that_is_not_the_committee_is_rejected()
    {
        var old = TestKeyShares.Deal(2, 3);
        try
        {
            var network = new InMemoryNetwork(2);
            var session = new MpcSession(network.Delivery(P1), SessionId.Random(), Core.Protocols.Refresh.Refresh.ProtocolName, P1, network.Parties);
            var e = await Assert.ThrowsAsync<ProtocolException>(() => Core.Protocols.Refresh.Refresh.RunAsync(session, old[0]));
            Assert.Equal(ProtocolErrorKind.InvalidInput, e.Kind);
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
        }
    }
}
