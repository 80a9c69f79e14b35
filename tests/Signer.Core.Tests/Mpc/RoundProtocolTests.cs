using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.Examples;
using DltSigner.Core.Mpc.InMemory;

namespace DltSigner.Core.Tests.Mpc;

/// <summary>The steppable form: driving <see cref="JointRandomMachine"/> by hand and through the runner.</summary>
public sealed class RoundProtocolTests
{
    private static readonly SessionId Sid = SessionId.Derive(JointRandom.ProtocolName, [3]);

    private static List<JointRandomMachine> Machines(int n) =>
        [.. PartyIndex.Range(n).Select(p => new JointRandomMachine(Sid, p, PartyIndex.Range(n)))];

    /// <summary>Routes every outgoing message by hand, in a seeded order, until all machines finish.</summary>
    private static byte[]?[] DriveByHand(List<JointRandomMachine> machines, int seed, Func<Envelope, Envelope>? tamper = null)
    {
        var random = new Random(seed);
        var results = new byte[]?[machines.Count];
        var pending = new List<Envelope>();

        void Collect(int i, RoundStep<byte[]> step)
        {
            foreach (var e in step.Outgoing)
            {
                pending.Add(tamper is null ? e : tamper(e));
            }

            if (step.IsComplete)
            {
                results[i] = step.Result;
            }
        }

        for (var i = 0; i < machines.Count; i++)
        {
            Collect(i, machines[i].Start());
        }

        while (pending.Count > 0)
        {
            var pick = random.Next(pending.Count);
            var message = pending[pick];
            pending.RemoveAt(pick);
            foreach (var m in machines.Where(m => m.Self != message.Sender && (message.Recipient is null || message.Recipient == m.Self)))
            {
                var index = machines.IndexOf(m);
                Collect(index, m.Handle(Envelope.Decode(message.Encode())));
            }
        }

        return results;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    public void Stepping_by_hand_in_any_order_agrees(int n, int seed)
    {
        var results = DriveByHand(Machines(n), seed);
        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.Equal(JointRandom.ValueSize, results[0]!.Length);
    }

    [Fact]
    public void Single_party_completes_on_start()
    {
        var step = Machines(1)[0].Start();
        Assert.True(step.IsComplete);
        Assert.NotNull(step.Result);
    }

    [Fact]
    public void Tampered_reveal_is_blamed_in_the_step_that_receives_it()
    {
        static Envelope Tamper(Envelope e)
        {
            if (e.Sender.Value != 2 || e.Round != JointRandom.RevealRound)
            {
                return e;
            }

            var payload = e.Payload.ToArray();
            payload[^1] ^= 0x80;
            return new Envelope(e.Session, e.Protocol, e.Round, e.Sender, e.Recipient, payload);
        }

        var ex = Assert.Throws<ProtocolException>(() => DriveByHand(Machines(3), 5, Tamper));
        Assert.Equal(ProtocolErrorKind.Aborted, ex.Kind);
        Assert.Equal(new PartyIndex(2), Assert.Single(ex.Blame).Party);
        Assert.Equal("commitment mismatch", ex.Blame[0].Check);
    }

    [Fact]
    public void Waiting_for_names_the_parties_still_missing()
    {
        var machines = Machines(3);
        var starts = machines.Select(m => m.Start()).ToList();
        Assert.Equal(JointRandom.CommitRound, machines[0].CurrentRound);
        Assert.Equal([new PartyIndex(2), new PartyIndex(3)], machines[0].WaitingFor);
        machines[0].Handle(starts[1].Outgoing[0]);
        Assert.Equal([new PartyIndex(3)], machines[0].WaitingFor);
    }

    [Fact]
    public void Messages_before_start_are_a_bug()
    {
        var machines = Machines(2);
        var first = machines[0].Start().Outgoing[0];
        Assert.Equal(ProtocolErrorKind.Bug, Assert.Throws<ProtocolException>(() => machines[1].Handle(first)).Kind);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Runner_executes_the_machine_over_the_network(int n)
    {
        var network = new InMemoryNetwork(n, seed: n).AddRule(new FaultRule(FaultAction.Reorder)).AddRule(new FaultRule(FaultAction.Duplicate) { Probability = 0.3 });
        var outcomes = await network.RunAllAsync(
            (party, delivery, ct) => RoundProtocolRunner.RunAsync(new JointRandomMachine(Sid, party, network.Parties), delivery, null, ct));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.ToString()));
        Assert.All(outcomes, o => Assert.Equal(outcomes[0].Result, o.Result));
    }

    [Fact]
    public async Task Runner_timeout_names_the_missing_party_and_round()
    {
        var network = new InMemoryNetwork(3).AddRule(new FaultRule(FaultAction.Drop) { From = new PartyIndex(3), To = new PartyIndex(1) });
        var options = new MpcSessionOptions { TimeProvider = network.Clock };
        var outcomes = await network.RunAllAsync(
            (party, delivery, ct) => RoundProtocolRunner.RunAsync(new JointRandomMachine(Sid, party, network.Parties), delivery, options, ct));
        var error = Assert.IsType<ProtocolException>(outcomes[0].Error);
        Assert.Equal(ProtocolErrorKind.Timeout, error.Kind);
        var blame = Assert.Single(error.Blame);
        Assert.Equal(new PartyIndex(3), blame.Party);
        Assert.Equal(JointRandom.CommitRound, blame.Round);
    }
}
