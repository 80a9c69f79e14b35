using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Protocols.Dkg;
using Xunit.Abstractions;

namespace DltSigner.Core.Tests.Protocols.Dkg;

public sealed class DkgSizeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Bytes_sent_per_party_match_the_message_layout()
    {
        const int t = 2, n = 3;
        var network = new InMemoryNetwork(n);
        var sid = SessionId.Random();
        var counters = new CountingDelivery[n];
        var outcomes = await network.RunAllAsync(
            (party, delivery, ct) =>
            {
                var counting = counters[party.Value - 1] = new CountingDelivery(delivery, n - 1);
                return Core.Protocols.Dkg.Dkg.RunAsync(new MpcSession(counting, sid, Core.Protocols.Dkg.Dkg.ProtocolName, party, network.Parties, DkgTestSupport.Options(network)), t, ct);
            },
            TimeSpan.FromSeconds(300));
        DkgTestSupport.DisposeAll(outcomes);
        DkgTestSupport.Succeeded(outcomes);

        // Payload bytes per counterparty: R1 (64) + echo (32·n), R2 dealing + pairwise stage 1, R3–R6 base OT m2–m5 (+ seed reveal), R7 (32).
        var perPeer = 64 + (32 * n) + DealerMessage.EncodedLength(t, DealingKind.Fresh, true) + PairwiseExchange.Stage1Length
            + PairwiseExchange.Stage2Length + PairwiseExchange.Stage3Length + PairwiseExchange.Stage4Length + PairwiseExchange.Stage5Length + 32;
        foreach (var c in counters)
        {
            output.WriteLine($"DKG {t}-of-{n}: {c.BytesSent} bytes in {c.MessagesSent} messages per party ({perPeer * (n - 1)} payload bytes)");
            Assert.Equal(8 * (n - 1), c.MessagesSent);
            Assert.InRange(c.BytesSent - (perPeer * (n - 1)), 0, c.MessagesSent * 128); // envelope headers
        }
    }

    [Fact]
    public void Combined_key_that_changed_is_rejected()
    {
        // The sum check (refresh/reshare) and the identity check (DKG) of the combined key.
        var network = new InMemoryNetwork(1);
        var session = new MpcSession(network.Delivery(new PartyIndex(1)), SessionId.Random(), "dkls23/dkg", new PartyIndex(1), network.Parties);
        using var polynomial = Core.Sharing.Polynomial.Random(1, Scalar.One);
        var dealing = new DealerMessage(polynomial.Commit(), new byte[32], new byte[32], null, Scalar.One);
        var plan = new DealingPlan
        {
            Kind = DealingKind.Transfer,
            Dealers = [new PartyIndex(1)],
            Receivers = [new PartyIndex(1)],
            Threshold = 1,
            ParameterDigest = new byte[32],
            ChainCode = ChainCodeSource.Forward,
            KeyId = session.SessionId,
            Epoch = 1,
            ExpectedGroupKey = Point.BaseMul(Scalar.FromUInt64(2)),
        };
        var e = Assert.Throws<ProtocolException>(() => DealingRounds.Combine(session, plan, Scalar.Zero, [(new PartyIndex(1), dealing)]));
        Assert.Contains(DkgChecks.GroupKey, e.Message, StringComparison.Ordinal);
        var zero = plan with { BaseGroupKey = -Point.Generator, ExpectedGroupKey = null };
        Assert.Throws<ProtocolException>(() => DealingRounds.Combine(session, zero, Scalar.Zero, [(new PartyIndex(1), dealing)]));
    }
}
