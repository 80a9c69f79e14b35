using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Ot;
using DltSigner.Core.Protocols.Sign;
using DltSigner.Core.Signatures;
using DltSigner.Core.Tests.Keys;
using DltSigner.TestKit.Keys;

namespace DltSigner.Core.Tests.Protocols.Sign;

/// <summary>
/// One signer (P2) deviates — through tamper rules on its outgoing messages or a deviating party —
/// and the honest signers (P1, P3) abort, naming P2 and the check where the protocol can tell.
/// </summary>
public sealed class DeviationTests
{
    private const int Culprit = 2;

    // Round-2 layout: R 0..33, nonce 33..65, pk 65..98, Γu 98..131, Γv 131..164, ψ 164..196, RVOLE 196..
    private const int R2Nonce = 33;
    private const int R2Pk = 65;
    private const int R2GammaU = 98;
    private const int R2GammaV = 131;
    private const int R2Psi = 164;
    private const int R2Rvole = 196;

    // Round-1 layout: epoch 0..4, digest 4..36, commitment 36..68, OT-extension message 68..
    private const int R1Ote = 68;

    private static IReadOnlyList<KeyShare> Signers => DkgKeys.Shared(2, 3).Shares;

    public static TheoryData<string, ushort, int> ByteFlips => new()
    {
        { SignChecks.S1NonceCommitment, 2, R2Nonce + 3 },
        { SignChecks.S1NonceCommitment, 1, 40 }, // the commitment itself
        { OtChecks.KosConsistency, 1, R1Ote + 100 },
        { OtChecks.KosConsistency, 1, R1Ote + OtExtensionMessage.EncodedLength - 1 }, // t̃
        { OtChecks.RvoleConsistency, 2, R2Rvole + 5000 }, // ã
        { OtChecks.RvoleConsistency, 2, R2Rvole + RvoleMessage.EncodedLength - 1 }, // μ
    };

    [Theory]
    [MemberData(nameof(ByteFlips))]
    public async Task Flipped_bytes_are_blamed_on_the_sender(string check, ushort round, int offset)
    {
        var outcomes = await RunTampered(round, p => Flip(p, offset));
        AssertBlamed(outcomes, ProtocolErrorKind.Aborted, check);
    }

    [Theory]
    [InlineData(0, SignChecks.S1NonceCommitment)] // R
    [InlineData(R2GammaU, SignChecks.S2NonceConsistency)]
    [InlineData(R2GammaV, SignChecks.S3KeyConsistency)]
    [InlineData(R2Pk, SignChecks.S3KeyConsistency)]
    public async Task A_shifted_point_is_blamed_on_the_sender(int offset, string check)
    {
        var outcomes = await RunTampered(2, p => ReplacePoint(p, offset));
        AssertBlamed(outcomes, ProtocolErrorKind.Aborted, check);
    }

    [Fact]
    public async Task Wrong_key_share_fails_S4_without_a_culprit()
    {
        var outcomes = await SignHarness.RunAsync(
            Signers, Hash(), options: p => p.Value == Culprit ? new SignOptions { Deviation = new SignDeviation { SkOffset = Scalar.One } } : null, deviators: [Culprit]);
        AssertAbortedWithoutCulprit(outcomes, SignChecks.S4PublicKey);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Wrong_partial_fails_S5_without_a_culprit(bool inU)
    {
        var deviation = inU ? new SignDeviation { UOffset = Scalar.One } : new SignDeviation { WOffset = Scalar.One };
        var outcomes = await SignHarness.RunAsync(
            Signers, Hash(), options: p => p.Value == Culprit ? new SignOptions { Deviation = deviation } : null, deviators: [Culprit]);
        AssertAbortedWithoutCulprit(outcomes, SignChecks.S5Signature);
    }

    [Fact]
    public async Task Tampered_psi_fails_S5()
    {
        var outcomes = await RunTampered(2, p => AddOneToScalar(p, R2Psi));
        AssertAbortedWithoutCulprit(outcomes, SignChecks.S5Signature);
    }

    [Fact]
    public async Task Tampered_broadcast_partial_fails_S5()
    {
        var outcomes = await RunTampered(3, p => AddOneToScalar(p, 32));
        AssertAbortedWithoutCulprit(outcomes, SignChecks.S5Signature);
    }

    [Theory]
    [InlineData(1, -1)] // truncated
    [InlineData(2, 0)] // R not a point
    [InlineData(2, R2Psi)] // ψ ≥ n
    [InlineData(3, 0)] // u ≥ n
    public async Task Malformed_messages_are_blamed_on_the_sender(ushort round, int offset)
    {
        var outcomes = await RunTampered(round, p =>
        {
            if (offset < 0)
            {
                return p[..^1];
            }

            var copy = (byte[])p.Clone();
            copy.AsSpan(offset, 32).Fill(0xFF);
            return copy;
        });
        AssertBlamed(outcomes, ProtocolErrorKind.InvalidMessage, SignChecks.Malformed);
    }

    [Fact]
    public async Task Wrong_session_id_is_blamed_on_the_sender()
    {
        var other = SessionId.Random();
        var outcomes = await SignHarness.RunAsync(Signers, Hash(), n => n.AddRule(new FaultRule(FaultAction.Tamper)
        {
            From = new PartyIndex(Culprit),
            Round = 1,
            Tamper = e => new Envelope(other, e.Protocol, e.Round, e.Sender, e.Recipient, e.Payload),
        }), deviators: [Culprit]);
        AssertBlamed(outcomes, ProtocolErrorKind.InvalidMessage, "wrong session id");
    }

    [Fact]
    public async Task Wrong_round_is_blamed_on_the_sender()
    {
        // P2's round-1 messages arrive labelled round 3 (a broadcast round): P2P in a broadcast round
        // or, before round 3 is reached, a missing round-1 message — either way P2 is named.
        var outcomes = await SignHarness.RunAsync(Signers, Hash(), n => n.AddRule(new FaultRule(FaultAction.Tamper)
        {
            From = new PartyIndex(Culprit),
            Round = 1,
            Tamper = e => new Envelope(e.Session, e.Protocol, 3, e.Sender, e.Recipient, e.Payload),
        }), deviators: [Culprit]);
        AssertBlamedAnyKind(outcomes);
    }

    [Fact]
    public async Task Missing_sender_times_out_naming_it()
    {
        var outcomes = await SignHarness.RunAsync(
            Signers, Hash(), n => n.AddRule(new FaultRule(FaultAction.Drop) { From = new PartyIndex(Culprit), Round = 2 }), deviators: [Culprit]);
        AssertBlamed(outcomes, ProtocolErrorKind.Timeout, "no message before the timeout");
    }

    [Fact]
    public async Task Identical_duplicates_are_ignored()
    {
        var hash = Hash();
        var outcomes = await SignHarness.RunAsync(Signers, hash, n => n.AddRule(new FaultRule(FaultAction.Duplicate)).AddRule(new FaultRule(FaultAction.Reorder)));
        Assert.All(outcomes.Values, o => ThresholdSignTests.AssertValid(Signers[0].GroupKey, hash, o.Result));
    }

    [Fact]
    public async Task Equivocating_sender_is_blamed()
    {
        var outcomes = await SignHarness.RunAsync(
            Signers, Hash(), wrap: (p, d) => p.Value == Culprit ? new EquivocatingDelivery(d, 1) : d, deviators: [Culprit]);
        AssertBlamed(outcomes, ProtocolErrorKind.InvalidMessage, "equivocation");
    }

    [Fact]
    public async Task A_non_signer_injecting_messages_is_blamed()
    {
        var key = Signers;
        var session = SignSession.Create(key[0], [new(1), new(2)]);
        var network = new InMemoryNetwork(3);
        await network.Delivery(new(3)).SendAsync(new Envelope(session.Id, SignSession.ProtocolName, 1, new(3), new PartyIndex(1), new byte[SignRound1.EncodedLength]), default);
        var outcome = await Record.ExceptionAsync(() =>
            DklsSign.RunAsync(DklsSign.OpenSession(network.Delivery(new(1)), new(1), session), key[0], session, Hash()));
        var ex = Assert.IsType<ProtocolException>(outcome);
        Assert.Equal(ProtocolErrorKind.InvalidMessage, ex.Kind);
        Assert.Contains(ex.Blame, b => b.Party == new PartyIndex(3) && b.Check.Contains("unknown sender", StringComparison.Ordinal));
    }

    [Fact]
    public void Mixed_epochs_are_rejected_with_a_typed_error()
    {
        var old = DkgKeys.Shared(2, 3);
        var refreshed = TestKeyShares.Deal(2, 3, epoch: 1, keyId: old[1].KeyId, chainCode: old[1].ChainCode.ToArray(), secret: TestKeyShares.Reconstruct(old.Shares))[1]; // party 2
        var ex = Assert.Throws<ProtocolException>(() => new ThresholdSigner([old[1], refreshed]));
        Assert.Equal(ProtocolErrorKind.InvalidKeyShare, ex.Kind);
        var session = SignSession.Create(old[1], [new(1), new(2)]);
        var local = Assert.Throws<ProtocolException>(() => SignParty.Start(refreshed, session));
        Assert.Equal(ProtocolErrorKind.InvalidKeyShare, local.Kind);
    }

    [Fact]
    public async Task Counterparty_with_other_key_state_is_blamed()
    {
        // Same key id and epoch but another sharing (e.g. a stale or forked share): round 1 says so.
        var honest = DkgKeys.Shared(2, 3);
        var forked = TestKeyShares.Deal(2, 3, keyId: honest[1].KeyId, chainCode: honest[1].ChainCode.ToArray(), secret: TestKeyShares.Reconstruct(honest.Shares))[1]; // party 2
        var outcomes = await SignHarness.RunAsync([honest[1], forked, honest[3]], Hash(), deviators: [Culprit]);
        AssertBlamed(outcomes, ProtocolErrorKind.InvalidKeyShare, SignChecks.KeyState);
    }

    private static Task<Dictionary<PartyIndex, PartyOutcome<RecoverableSignature>>> RunTampered(ushort round, Func<byte[], byte[]> edit) =>
        SignHarness.RunAsync(Signers, Hash(), n => n.AddRule(new FaultRule(FaultAction.Tamper)
        {
            From = new PartyIndex(Culprit),
            Round = round,
            Tamper = SignHarness.Edit(edit),
        }), deviators: [Culprit]);

    private static byte[] Hash() => RandomNumberGenerator.GetBytes(32);

    private static byte[] Flip(byte[] payload, int offset)
    {
        var copy = (byte[])payload.Clone();
        copy[offset] ^= 0x02;
        return copy;
    }

    private static byte[] ReplacePoint(byte[] payload, int offset)
    {
        var copy = (byte[])payload.Clone();
        (Point.Decode(copy.AsSpan(offset, 33)) + Point.Generator).WriteCompressed(copy.AsSpan(offset, 33));
        return copy;
    }

    private static byte[] AddOneToScalar(byte[] payload, int offset)
    {
        var copy = (byte[])payload.Clone();
        (Scalar.FromBytes(copy.AsSpan(offset, 32)) + Scalar.One).WriteBytes(copy.AsSpan(offset, 32));
        return copy;
    }

    private static void AssertBlamed(Dictionary<PartyIndex, PartyOutcome<RecoverableSignature>> outcomes, ProtocolErrorKind kind, string check)
    {
        foreach (var (party, outcome) in outcomes.Where(o => o.Key.Value != Culprit))
        {
            var ex = Assert.IsType<ProtocolException>(outcome.Error);
            Assert.Equal(kind, ex.Kind);
            var blame = Assert.Single(ex.Blame);
            Assert.Equal(new PartyIndex(Culprit), blame.Party);
            Assert.Contains(check, blame.Check, StringComparison.Ordinal);
        }
    }

    private static void AssertBlamedAnyKind(Dictionary<PartyIndex, PartyOutcome<RecoverableSignature>> outcomes)
    {
        foreach (var (_, outcome) in outcomes.Where(o => o.Key.Value != Culprit))
        {
            var ex = Assert.IsType<ProtocolException>(outcome.Error);
            Assert.All(ex.Blame, b => Assert.Equal(new PartyIndex(Culprit), b.Party));
            Assert.NotEmpty(ex.Blame);
        }
    }

    private static void AssertAbortedWithoutCulprit(Dictionary<PartyIndex, PartyOutcome<RecoverableSignature>> outcomes, string check)
    {
        foreach (var (_, outcome) in outcomes.Where(o => o.Key.Value != Culprit))
        {
            var ex = Assert.IsType<ProtocolException>(outcome.Error);
            Assert.Equal(ProtocolErrorKind.Aborted, ex.Kind);
            Assert.Empty(ex.Blame);
            Assert.Contains(check, ex.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>Sends every message of one round twice, the second copy with a different payload.</summary>
    private sealed class EquivocatingDelivery(IDelivery inner, ushort round) : IDelivery
    {
        public async ValueTask SendAsync(Envelope message, CancellationToken cancellationToken)
        {
            await inner.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (message.Round == round)
            {
                var other = message.Payload.ToArray();
                other[^1] ^= 1;
                await inner.SendAsync(new Envelope(message.Session, message.Protocol, message.Round, message.Sender, message.Recipient, other), cancellationToken).ConfigureAwait(false);
            }
        }

        public ValueTask<Envelope> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);
    }
}
