using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Protocols.Dkg;
using DltSigner.Core.Protocols.Refresh;
using DltSigner.Core.Tests.Keys;
using DltSigner.Core.Tests.Protocols.Dkg;

namespace DltSigner.Core.Tests.Protocols.Refresh;

public sealed class ReshareTests
{
    private static readonly PartyIndex P1 = new(1);
    private static readonly PartyIndex P2 = new(2);
    private static readonly PartyIndex P3 = new(3);
    private static readonly PartyIndex P4 = new(4);
    private static readonly PartyIndex P5 = new(5);

    [Fact]
    public async Task Two_of_three_to_three_of_four_adding_and_removing_parties()
    {
        // Old {1,2,3} t=2; dealers {1,2}; new {2,3,4,5} t'=3: P1 leaves, P4 and P5 join.
        var old = TestKeyShares.Deal(2, 3, epoch: 2);
        var parameters = new ReshareParameters([P1, P2], [P2, P3, P4, P5], 3);
        var outcomes = await RefreshTestSupport.RunReshare(old, parameters);
        try
        {
            var fresh = RefreshTestSupport.Results(outcomes);
            Assert.Null(outcomes.Single(o => o.Party == P1).Result);
            Assert.Equal([P2, P3, P4, P5], fresh.Select(s => s.Self));
            DkgTestSupport.AssertConsistent(fresh, 3);
            Assert.All(fresh, s =>
            {
                Assert.Equal(old[0].GroupKey, s.GroupKey);
                Assert.Equal(old[0].KeyId, s.KeyId);
                Assert.Equal(3u, s.Epoch);
                Assert.True(old[0].ChainCode.SequenceEqual(s.ChainCode));
                Assert.Equal(parameters.NewCommittee, s.Parties);
            });
            DkgTestSupport.AssertRvoleWorks(fresh, [(0, 3), (3, 0), (1, 2)]);

            // The removed party's old share (and any old share) does not combine with the new ones.
            RefreshTests.AssertOldAndNewDoNotMix(old, fresh.Take(2).ToList(), 3);
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
            RefreshTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Three_of_five_to_two_of_two_within_the_old_committee()
    {
        var old = TestKeyShares.Deal(3, 5);
        var parameters = new ReshareParameters([P1, P3, P5], [P3, P4], 2);
        var outcomes = await RefreshTestSupport.RunReshare(old, parameters);
        try
        {
            var fresh = RefreshTestSupport.Results(outcomes);
            DkgTestSupport.AssertConsistent(fresh, 2);
            Assert.Equal(old[0].GroupKey, fresh[0].GroupKey);
            DkgTestSupport.AssertRvoleWorks(fresh, [(0, 1), (1, 0)]);
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
            RefreshTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Dealer_that_deals_its_raw_share_instead_of_lambda_x_is_blamed()
    {
        var old = TestKeyShares.Deal(2, 3);
        var parameters = new ReshareParameters([P1, P2], [P2, P3, P4], 2);
        var outcomes = await RefreshTestSupport.RunReshare(old, parameters, P1, (plan, _) => (plan, old[0].Secret.Value));
        try
        {
            DkgTestSupport.AssertBlamed(outcomes, [P2, P3, P4], P1, DkgChecks.TransferConstant, 2, ProtocolErrorKind.Aborted);
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
            RefreshTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Dealer_that_forwards_a_wrong_chain_code_is_blamed()
    {
        var old = TestKeyShares.Deal(2, 3);
        var parameters = new ReshareParameters([P1, P2], [P2, P3, P4], 2);
        var outcomes = await RefreshTestSupport.RunReshare(
            old, parameters, P1, (plan, constant) => (plan with { ChainCodeValue = new byte[32] }, constant));
        try
        {
            DkgTestSupport.AssertBlamed(outcomes, [P2, P3, P4], P1, DkgChecks.ChainCode, 2, ProtocolErrorKind.Aborted);
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
            RefreshTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Joining_party_with_a_different_view_of_the_old_key_is_blamed_on_the_parameters()
    {
        var old = TestKeyShares.Deal(2, 3);
        var other = TestKeyShares.Deal(2, 3);
        var parameters = new ReshareParameters([P1, P2], [P2, P3, P4], 2);
        // P4 runs with another key's public state.
        var outcomes = await RefreshTestSupport.RunReshare(
            old, parameters, P4, (_, constant) => throw new InvalidOperationException("unused"), stateOf: p => p == P4 ? other[0].PublicState : null);
        try
        {
            DkgTestSupport.AssertBlamed(outcomes, [P1, P2, P3], P4, DkgChecks.Parameters, 1, ProtocolErrorKind.Aborted);
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
            TestKeyShares.DisposeAll(other);
            RefreshTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Reshare_share_inconsistent_with_the_commitments_is_blamed()
    {
        // Transfer dealing for t' = 2: C_0, C_1 ‖ chain code ‖ nonce ‖ share; P1 leaves, so no pairwise bytes follow.
        var shareLastByte = DealerMessage.EncodedLength(2, DealingKind.Transfer, carriesChainCode: true) - 1;
        var old = TestKeyShares.Deal(2, 3);
        var parameters = new ReshareParameters([P1, P2], [P2, P3, P4], 2);
        var rule = new Core.Mpc.InMemory.FaultRule(Core.Mpc.InMemory.FaultAction.Tamper) { From = P1, Round = 2, Tamper = DkgTestSupport.FlipAt(shareLastByte) };
        var outcomes = await RefreshTestSupport.RunReshare(old, parameters, rule: rule);
        try
        {
            DkgTestSupport.AssertBlamed(outcomes, [P2, P3, P4], P1, DkgChecks.FeldmanShare, 2, ProtocolErrorKind.Aborted);
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
            RefreshTestSupport.DisposeAll(outcomes);
        }
    }

    [Fact]
    public async Task Wrong_number_of_dealers_is_rejected_locally()
    {
        var old = TestKeyShares.Deal(2, 3);
        try
        {
            var outcomes = await RefreshTestSupport.RunReshare(old, new ReshareParameters([P1], [P1, P2], 2));
            Assert.All(outcomes.Where(o => o.Party.Value <= 2), o => Assert.Equal(ProtocolErrorKind.InvalidInput, Assert.IsType<ProtocolException>(o.Error).Kind));
        }
        finally
        {
            TestKeyShares.DisposeAll(old);
        }
    }
}
