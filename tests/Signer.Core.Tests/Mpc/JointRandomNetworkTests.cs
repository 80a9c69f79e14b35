using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.Examples;
using DltSigner.Core.Mpc.InMemory;

namespace DltSigner.Core.Tests.Mpc;

/// <summary>The example protocol over the in-memory network, honest and under each fault.</summary>
public sealed class JointRandomNetworkTests
{
    private static readonly PartyIndex P1 = new(1);
    private static readonly PartyIndex P2 = new(2);
    private static readonly PartyIndex P3 = new(3);

    private static Task<IReadOnlyList<PartyOutcome<byte[]>>> Run(InMemoryNetwork network, SessionId? session = null)
    {
        var sid = session ?? SessionId.Derive(JointRandom.ProtocolName, [1]);
        var options = new MpcSessionOptions { TimeProvider = network.Clock };
        return network.RunAllAsync(
            (party, delivery, ct) => JointRandom.RunAsync(new MpcSession(delivery, sid, JointRandom.ProtocolName, party, network.Parties, options), ct),
            TimeSpan.FromSeconds(60));
    }

    private static Envelope WithPayload(Envelope e, byte[] payload) => new(e.Session, e.Protocol, e.Round, e.Sender, e.Recipient, payload);

    private static Envelope FlipFirstByte(Envelope e)
    {
        var payload = e.Payload.ToArray();
        payload[0] ^= 1;
        return WithPayload(e, payload);
    }

    private static void AssertAllAgree(IReadOnlyList<PartyOutcome<byte[]>> outcomes)
    {
        foreach (var o in outcomes)
        {
            Assert.True(o.Succeeded, $"{o.Party}: {o.Error}");
            Assert.Equal(JointRandom.ValueSize, o.Result!.Length);
            Assert.Equal(outcomes[0].Result, o.Result);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Honest_parties_agree(int n)
    {
        var outcomes = await Run(new InMemoryNetwork(n, seed: n));
        Assert.Equal(n, outcomes.Count);
        AssertAllAgree(outcomes);
    }

    [Fact]
    public async Task Fresh_runs_give_fresh_output()
    {
        var a = await Run(new InMemoryNetwork(3));
        var b = await Run(new InMemoryNetwork(3));
        Assert.NotEqual(a[0].Result, b[0].Result);
    }

    [Fact]
    public async Task Tampered_reveal_makes_every_receiver_blame_the_sender()
    {
        var network = new InMemoryNetwork(3).AddRule(new FaultRule(FaultAction.Tamper) { From = P1, Round = JointRandom.RevealRound, Tamper = FlipFirstByte });
        var outcomes = await Run(network);
        foreach (var o in outcomes.Where(o => o.Party != P1))
        {
            var error = Assert.IsType<ProtocolException>(o.Error);
            Assert.Equal(ProtocolErrorKind.Aborted, error.Kind);
            var blame = Assert.Single(error.Blame);
            Assert.Equal(P1, blame.Party);
            Assert.Equal("commitment mismatch", blame.Check);
            Assert.Equal(JointRandom.RevealRound, blame.Round);
        }
    }

    [Fact]
    public async Task Dropped_message_times_out_naming_the_missing_party()
    {
        var network = new InMemoryNetwork(3).AddRule(new FaultRule(FaultAction.Drop) { From = P2, To = P3, Round = JointRandom.CommitRound });
        var outcomes = await Run(network);
        var error = Assert.IsType<ProtocolException>(outcomes[2].Error);
        Assert.Equal(ProtocolErrorKind.Timeout, error.Kind);
        var blame = Assert.Single(error.Blame);
        Assert.Equal(P2, blame.Party);
        Assert.Equal(JointRandom.CommitRound, blame.Round);
        Assert.Contains("P2", error.Message, StringComparison.Ordinal);

        // P1 and P2 then wait in vain for P3's echo.
        foreach (var o in outcomes.Take(2))
        {
            var e = Assert.IsType<ProtocolException>(o.Error);
            Assert.Equal(ProtocolErrorKind.Timeout, e.Kind);
            Assert.Equal(P3, Assert.Single(e.Blame).Party);
        }

        Assert.Equal(1, network.Dropped);
    }

    [Fact]
    public async Task Identical_duplicates_are_tolerated()
    {
        var outcomes = await Run(new InMemoryNetwork(3).AddRule(new FaultRule(FaultAction.Duplicate)));
        AssertAllAgree(outcomes);
    }

    [Fact]
    public async Task Reordering_and_delay_are_tolerated()
    {
        var network = new InMemoryNetwork(5, seed: 7)
            .AddRule(new FaultRule(FaultAction.Reorder))
            .AddRule(new FaultRule(FaultAction.Delay) { Round = JointRandom.CommitRound, Probability = 0.5 });
        AssertAllAgree(await Run(network));
    }

    [Fact]
    public async Task Equivocating_commitment_is_caught_by_the_echo_round()
    {
        // P1's commitment reaches P2 altered but P3 intact: P2 and P3 hold different views of round 1.
        var network = new InMemoryNetwork(3).AddRule(new FaultRule(FaultAction.Tamper) { From = P1, To = P2, Round = JointRandom.CommitRound, Tamper = FlipFirstByte, Times = 1 });
        var outcomes = await Run(network);
        foreach (var o in outcomes)
        {
            var error = Assert.IsType<ProtocolException>(o.Error);
            Assert.Equal(ProtocolErrorKind.Aborted, error.Kind);
            Assert.NotEmpty(error.Blame);
            Assert.All(error.Blame, b =>
            {
                Assert.Equal(P1, b.Party);
                Assert.StartsWith("echo broadcast: inconsistent broadcast", b.Check, StringComparison.Ordinal);
            });
        }
    }

    [Fact]
    public async Task Wrong_session_id_is_rejected_blaming_the_sender()
    {
        var other = SessionId.Derive(JointRandom.ProtocolName, [2]);
        var network = new InMemoryNetwork(3).AddRule(new FaultRule(FaultAction.Tamper)
        {
            From = P1,
            To = P2,
            Round = JointRandom.CommitRound,
            Tamper = e => new Envelope(other, e.Protocol, e.Round, e.Sender, e.Recipient, e.Payload),
        });
        var outcomes = await Run(network);
        var error = Assert.IsType<ProtocolException>(outcomes[1].Error);
        Assert.Equal(ProtocolErrorKind.InvalidMessage, error.Kind);
        var blame = Assert.Single(error.Blame);
        Assert.Equal(P1, blame.Party);
        Assert.Equal("wrong session id", blame.Check);
        Assert.All(outcomes, o => Assert.False(o.Succeeded));
    }

    [Fact]
    public async Task Fault_decisions_are_deterministic_given_the_seed()
    {
        async Task<int> DeliveredWith(int seed)
        {
            var network = new InMemoryNetwork(4, seed).AddRule(new FaultRule(FaultAction.Duplicate) { Probability = 0.5 });
            AssertAllAgree(await Run(network));
            return network.Delivered;
        }

        // 4 parties × 3 other recipients × 3 broadcasts (commit, echo, reveal) = 36 copies plus seeded duplicates.
        var first = await DeliveredWith(11);
        Assert.Equal(first, await DeliveredWith(11));
        Assert.InRange(first, 37, 71);
    }

    [Fact]
    public async Task Wrong_protocol_name_is_rejected_blaming_the_sender()
    {
        var network = new InMemoryNetwork(2).AddRule(new FaultRule(FaultAction.Tamper)
        {
            From = P2,
            Tamper = e => new Envelope(e.Session, "other/protocol", e.Round, e.Sender, e.Recipient, e.Payload),
        });
        var outcomes = await Run(network);
        var error = Assert.IsType<ProtocolException>(outcomes[0].Error);
        Assert.Equal("wrong protocol", Assert.Single(error.Blame).Check);
    }
}
