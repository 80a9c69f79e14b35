using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Ot;
using DltSigner.Core.Protocols.Dkg;

namespace DltSigner.Core.Tests.Protocols.Dkg;

/// <summary>
/// One test per DKG check: party 1 deviates (its message is altered in flight, which is what a
/// deviating party would send) and every honest party aborts naming P1 and the check.
/// </summary>
public sealed class DkgFaultTests
{
    private static readonly PartyIndex P1 = new(1);
    private static readonly PartyIndex P2 = new(2);
    private static readonly PartyIndex P3 = new(3);

    // Round-2 payload layout for t = 2 (fresh dealing): C_0, C_1 ‖ cc ‖ nonce ‖ PoK (R, z) ‖ share ‖ m1 (B, R, z) ‖ Com(seed).
    private static readonly int DealingLength = DealerMessage.EncodedLength(2, DealingKind.Fresh, carriesChainCode: true);

    private const int NonceOffset = (2 * 33) + 32;
    private const int ProofResponseLastByte = NonceOffset + 32 + 65 - 1;

    private static async Task<IReadOnlyList<Core.Mpc.InMemory.PartyOutcome<Core.Keys.KeyShare>>> RunWith(int n, FaultRule rule)
    {
        var outcomes = await DkgTestSupport.RunDkg(new InMemoryNetwork(n).AddRule(rule), 2);
        DkgTestSupport.DisposeAll(outcomes);
        return outcomes;
    }

    private static FaultRule Tamper(ushort round, Func<Envelope, Envelope> tamper, PartyIndex? to = null) =>
        new(FaultAction.Tamper) { From = P1, To = to, Round = round, Tamper = tamper };

    [Fact]
    public async Task Parameter_digest_mismatch_blames_the_party()
    {
        // P1 runs 3-of-3 while the others run 2-of-3.
        var outcomes = await DkgTestSupport.RunDkg(new InMemoryNetwork(3), p => p == P1 ? 3 : 2);
        DkgTestSupport.DisposeAll(outcomes);
        DkgTestSupport.AssertBlamed(outcomes, [P2, P3], P1, DkgChecks.Parameters, 1, ProtocolErrorKind.Aborted);
    }

    [Fact]
    public async Task Commitment_broadcast_to_one_party_only_is_caught_by_the_echo()
    {
        var outcomes = await RunWith(3, Tamper(1, DkgTestSupport.FlipAt(40), to: P2));
        DkgTestSupport.AssertBlamed(outcomes, [P2, P3], P1, "echo broadcast: inconsistent broadcast", kind: ProtocolErrorKind.Aborted);
    }

    [Fact]
    public async Task Opening_that_differs_from_the_commitment_blames_the_dealer()
    {
        var outcomes = await RunWith(3, Tamper(2, DkgTestSupport.FlipAt(NonceOffset)));
        DkgTestSupport.AssertBlamed(outcomes, [P2, P3], P1, DkgChecks.Commitment, 2, ProtocolErrorKind.Aborted);
    }

    [Fact]
    public async Task Bad_proof_of_knowledge_blames_the_dealer()
    {
        var outcomes = await RunWith(3, Tamper(2, DkgTestSupport.FlipAt(ProofResponseLastByte)));
        DkgTestSupport.AssertBlamed(outcomes, [P2, P3], P1, DkgChecks.ProofOfKnowledge, 2, ProtocolErrorKind.Aborted);
    }

    [Fact]
    public async Task Share_inconsistent_with_the_commitments_blames_the_dealer()
    {
        // Only P3's share is wrong: P3 blames P1; P2 proceeds and later misses P3.
        var outcomes = await RunWith(3, Tamper(2, DkgTestSupport.FlipAt(DealingLength - 1), to: P3));
        DkgTestSupport.AssertBlamed(outcomes, [P3], P1, DkgChecks.FeldmanShare, 2, ProtocolErrorKind.Aborted);
        DkgTestSupport.AssertBlamed(outcomes, [P2], P3, "no message before the timeout", kind: ProtocolErrorKind.Timeout);
    }

    [Fact]
    public async Task Malformed_dealing_is_rejected_with_blame()
    {
        var outcomes = await RunWith(3, Tamper(2, e => DkgTestSupport.WithPayload(e, e.Payload[..^1].ToArray())));
        DkgTestSupport.AssertBlamed(outcomes, [P2, P3], P1, DkgChecks.Malformed, 2, ProtocolErrorKind.InvalidMessage);
    }

    [Fact]
    public async Task Commitment_point_off_the_curve_is_malformed()
    {
        var outcomes = await RunWith(3, Tamper(2, e =>
        {
            var p = e.Payload.ToArray();
            p.AsSpan(1, 32).Fill(0xFF); // x ≥ p: not a field element
            return DkgTestSupport.WithPayload(e, p);
        }));
        DkgTestSupport.AssertBlamed(outcomes, [P2, P3], P1, DkgChecks.Malformed, 2, ProtocolErrorKind.InvalidMessage);
    }

    [Fact]
    public async Task Base_ot_sender_proof_failure_blames_the_counterparty()
    {
        var outcomes = await RunWith(2, Tamper(2, DkgTestSupport.FlipAt(DealingLength + 97)));
        DkgTestSupport.AssertBlamed(outcomes, [P2], P1, OtChecks.BaseOtSenderProof, 2, ProtocolErrorKind.Aborted);
    }

    [Fact]
    public async Task F_zero_seed_that_does_not_open_blames_the_counterparty()
    {
        var outcomes = await RunWith(2, Tamper(3, DkgTestSupport.FlipAt(BaseOtReceiverMessage.EncodedLength)));
        DkgTestSupport.AssertBlamed(outcomes, [P2], P1, DkgChecks.ZeroSeed, 3, ProtocolErrorKind.Aborted);
    }

    [Fact]
    public async Task Base_ot_receiver_response_failure_blames_the_counterparty()
    {
        var outcomes = await RunWith(2, Tamper(5, DkgTestSupport.FlipAt(0)));
        DkgTestSupport.AssertBlamed(outcomes, [P2], P1, OtChecks.BaseOtReceiverResponse, 5, ProtocolErrorKind.Aborted);
    }

    [Fact]
    public async Task Base_ot_sender_opening_failure_blames_the_counterparty()
    {
        var outcomes = await RunWith(2, Tamper(6, DkgTestSupport.FlipAt(0)));
        DkgTestSupport.AssertBlamed(outcomes, [P2], P1, OtChecks.BaseOtSenderOpening, 6, ProtocolErrorKind.Aborted);
    }

    [Fact]
    public async Task Confirmation_mismatch_blames_the_party()
    {
        var outcomes = await RunWith(2, Tamper(KeyGenerationRun.ConfirmRound, DkgTestSupport.FlipAt(0)));
        DkgTestSupport.AssertBlamed(outcomes, [P2], P1, DkgChecks.Confirmation, KeyGenerationRun.ConfirmRound, ProtocolErrorKind.Aborted);
    }

    [Fact]
    public async Task Wrong_session_id_is_rejected_blaming_the_sender()
    {
        var other = SessionId.Random();
        var outcomes = await RunWith(3, Tamper(2, e => new Envelope(other, e.Protocol, e.Round, e.Sender, e.Recipient, e.Payload), to: P2));
        DkgTestSupport.AssertBlamed(outcomes, [P2], P1, "wrong session id", 2, ProtocolErrorKind.InvalidMessage);
    }

    [Fact]
    public async Task Message_for_the_wrong_round_leaves_the_round_incomplete_and_the_timeout_names_the_sender()
    {
        var outcomes = await RunWith(3, Tamper(2, e => new Envelope(e.Session, e.Protocol, 20, e.Sender, e.Recipient, e.Payload), to: P3));
        DkgTestSupport.AssertBlamed(outcomes, [P3], P1, "no message before the timeout", 2, ProtocolErrorKind.Timeout);
    }

    [Fact]
    public async Task Missing_sender_times_out_naming_it()
    {
        var outcomes = await RunWith(3, new FaultRule(FaultAction.Drop) { From = P1, To = P3, Round = 2 });
        DkgTestSupport.AssertBlamed(outcomes, [P3], P1, "no message before the timeout", 2, ProtocolErrorKind.Timeout);
    }

    [Fact]
    public async Task Invalid_threshold_is_rejected_locally()
    {
        var outcomes = await DkgTestSupport.RunDkg(new InMemoryNetwork(2), 3);
        Assert.All(outcomes, o => Assert.Equal(ProtocolErrorKind.InvalidInput, Assert.IsType<ProtocolException>(o.Error).Kind));
    }
}
