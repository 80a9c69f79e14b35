using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.Examples;
using DltSigner.Core.Mpc.InMemory;

namespace DltSigner.Core.Tests.Mpc;

/// <summary>
/// The in-memory network's clock (<see cref="InMemoryNetwork.Clock"/>): timeouts fire only when no
/// running party can send any more, so timeout tests do not depend on the machine's load.
/// </summary>
public sealed class InMemoryClockTests
{
    private static readonly SessionId Sid = SessionId.Derive(JointRandom.ProtocolName, [9]);

    [Fact]
    public async Task A_slow_party_is_waited_for_however_short_the_timeout()
    {
        var network = new InMemoryNetwork(3);
        var options = new MpcSessionOptions { RoundTimeout = TimeSpan.FromTicks(1), TimeProvider = network.Clock };
        var outcomes = await network.RunAllAsync(async (party, delivery, ct) =>
        {
            if (party == new PartyIndex(3))
            {
                // Busy (not waiting on its mailbox): the others' timers must not fire meanwhile.
                await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System, ct);
            }

            return await JointRandom.RunAsync(new MpcSession(delivery, Sid, JointRandom.ProtocolName, party, network.Parties, options), ct);
        });
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.ToString()));
        Assert.All(outcomes, o => Assert.Equal(outcomes[0].Result, o.Result));
    }

    [Fact]
    public async Task Timeouts_fire_once_every_running_party_waits_and_blame_only_the_silent_one()
    {
        var network = new InMemoryNetwork(4).AddRule(new FaultRule(FaultAction.Drop) { From = new PartyIndex(4) });
        var options = new MpcSessionOptions { RoundTimeout = TimeSpan.FromDays(1), TimeProvider = network.Clock };
        var outcomes = await network.RunAllAsync(
            (party, delivery, ct) => JointRandom.RunAsync(new MpcSession(delivery, Sid, JointRandom.ProtocolName, party, network.Parties, options), ct));
        foreach (var o in outcomes.Take(3))
        {
            var error = Assert.IsType<ProtocolException>(o.Error);
            Assert.Equal(ProtocolErrorKind.Timeout, error.Kind);
            Assert.Equal(new PartyIndex(4), Assert.Single(error.Blame).Party);
        }

        // P4 heard everyone in round 1 but then nobody: the others had already given up on it.
        var last = Assert.IsType<ProtocolException>(outcomes[3].Error);
        Assert.Equal(ProtocolErrorKind.Timeout, last.Kind);
    }

    [Fact]
    public async Task Parties_that_do_not_run_stay_silent_and_a_subset_can_run()
    {
        var network = new InMemoryNetwork(3);
        var subset = new[] { new PartyIndex(1), new PartyIndex(3) };
        var options = new MpcSessionOptions { TimeProvider = network.Clock };
        var outcomes = await network.RunPartiesAsync(
            subset, (party, delivery, ct) => JointRandom.RunAsync(new MpcSession(delivery, Sid, JointRandom.ProtocolName, party, subset, options), ct));
        Assert.Equal(subset, outcomes.Select(o => o.Party));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.ToString()));
        await Assert.ThrowsAsync<ArgumentException>(() => network.RunPartiesAsync([new PartyIndex(1), new PartyIndex(1)], (_, _, _) => Task.FromResult(0)));
    }

    [Fact]
    public async Task A_party_cannot_run_twice_at_once()
    {
        var network = new InMemoryNetwork(2);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = network.RunPartiesAsync([new PartyIndex(1)], (_, _, _) => release.Task);
        await Assert.ThrowsAsync<InvalidOperationException>(() => network.RunPartiesAsync([new PartyIndex(1)], (_, _, _) => Task.FromResult(0)));
        release.SetResult(1);
        Assert.Equal(1, (await first)[0].Result);
    }
}
