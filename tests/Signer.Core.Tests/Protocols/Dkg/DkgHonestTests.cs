using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;

namespace DltSigner.Core.Tests.Protocols.Dkg;

public sealed class DkgHonestTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(1, 3)]
    [InlineData(5, 9)]
    public async Task Honest_parties_agree_and_any_t_reconstruct(int t, int n)
    {
        var sid = SessionId.Random();
        var outcomes = await DkgTestSupport.RunDkg(new InMemoryNetwork(n, seed: n), t, sid);
        try
        {
            var shares = DkgTestSupport.Succeeded(outcomes);
            DkgTestSupport.AssertConsistent(shares, t);
            Assert.All(shares, s => Assert.Equal(sid, s.KeyId));
            Assert.All(shares, s => Assert.Equal(0u, s.Epoch));
            DkgTestSupport.AssertRvoleWorks(shares, DkgTestSupport.Pairs(n));
            foreach (var s in shares)
            {
                using var decoded = Core.Keys.KeyShare.Decode(s.Encode());
                Assert.True(decoded.SamePublicState(s));
            }
        }
        finally
        {
            DkgTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Two_of_two_setups_multiply()
    {
        var outcomes = await DkgTestSupport.RunDkg(new InMemoryNetwork(2), 2);
        try
        {
            DkgTestSupport.AssertRvoleWorks(DkgTestSupport.Succeeded(outcomes), [(0, 1), (1, 0)]);
        }
        finally
        {
            DkgTestSupport.DisposeAll(outcomes);
        }
    }

    // The upper size: 16 parties, 240 pairwise base-OT directions (seconds in Release).
    [Fact]
    public async Task Sixteen_parties()
    {
        var outcomes = await DkgTestSupport.RunDkg(new InMemoryNetwork(16, seed: 16), 6, runTimeout: TimeSpan.FromMinutes(40));
        try
        {
            var shares = DkgTestSupport.Succeeded(outcomes);
            DkgTestSupport.AssertConsistent(shares, 6);
            DkgTestSupport.AssertRvoleWorks(shares, [(0, 15), (15, 0), (7, 8)]);
        }
        finally
        {
            DkgTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Fresh_runs_give_different_keys_and_chain_codes()
    {
        var a = await DkgTestSupport.RunDkg(new InMemoryNetwork(2), 2);
        var b = await DkgTestSupport.RunDkg(new InMemoryNetwork(2), 2);
        try
        {
            Assert.NotEqual(a[0].Result!.GroupKey, b[0].Result!.GroupKey);
            Assert.False(a[0].Result!.ChainCode.SequenceEqual(b[0].Result!.ChainCode));
        }
        finally
        {
            DkgTestSupport.DisposeAll(a);
            DkgTestSupport.DisposeAll(b);
        }
    }

    [Fact]
    public async Task Reordering_delay_and_duplicates_are_tolerated()
    {
        var network = new InMemoryNetwork(3, seed: 5)
            .AddRule(new FaultRule(FaultAction.Reorder))
            .AddRule(new FaultRule(FaultAction.Duplicate) { Probability = 0.3 })
            .AddRule(new FaultRule(FaultAction.Delay) { Probability = 0.3 });
        var outcomes = await DkgTestSupport.RunDkg(network, 2);
        try
        {
            DkgTestSupport.AssertConsistent(DkgTestSupport.Succeeded(outcomes), 2);
        }
        finally
        {
            DkgTestSupport.DisposeAll(outcomes);
        }
    }
}
