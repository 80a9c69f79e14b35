using System.Buffers.Binary;
using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Ot;
using DltSigner.Core.Proofs;

namespace DltSigner.Core.Protocols.Dkg;

/// <summary>
/// Everything one party sets up with one counterparty j during key generation, in six stages that
/// ride on the P2P rounds of the run: the base OTs of both directions (§3.1; this party is Bob in
/// direction (j → Alice) and Alice in direction (this → Alice)) and the F_Zero seed by pairwise
/// commit-then-reveal (DKLs23 Functionality 3.4): seed = H(sid, low, high, s_low, s_high), where
/// each side commits to its s before seeing the other's. Stages:
/// <code>
/// 1 out: m1 (as Bob) ‖ Com(s)                    2 in: j's stage 1 → out: m2 (as Alice) ‖ s ‖ nonce
/// 3 in: j's m2, s_j (check Com) → out: m3        4 in: j's m3 → out: m4
/// 5 in: j's m4 → out: m5 (Bob's setup ready)     6 in: j's m5 → Alice's setup ready → PairwiseSetup
/// </code>
/// OT-layer failures surface as <see cref="OtProtocolException"/>; the caller blames j.
/// </summary>
internal sealed class PairwiseExchange : IDisposable
{
    public const int Stage1Length = BaseOtSenderMessage.EncodedLength + HashCommitment.Size;
    public const int Stage2Length = BaseOtReceiverMessage.EncodedLength + SeedLength + HashCommitment.NonceSize;
    public const int Stage3Length = BaseOtChallengeMessage.EncodedLength;
    public const int Stage4Length = BaseOtResponseMessage.EncodedLength;
    public const int Stage5Length = BaseOtOpeningMessage.EncodedLength;

    private const int SeedLength = PairwiseSetup.ZeroSeedLength;
    private const string SeedLabel = "dkls23/dkg/fzero-seed";

    private readonly SessionId _session;
    private readonly PartyIndex _self;
    private readonly BaseOtSender _asBob;
    private readonly byte[] _seed;
    private readonly byte[] _seedNonce;
    private readonly HashCommitment _seedCommitment;
    private BaseOtReceiver? _asAlice;
    private HashCommitment? _theirSeedCommitment;
    private byte[]? _jointSeed;
    private OtExtensionReceiverSetup? _receiverSetup;

    public PairwiseExchange(SessionId session, PartyIndex self, PartyIndex counterparty)
    {
        _session = session;
        _self = self;
        Counterparty = counterparty;
        _asBob = new BaseOtSender(new OtSession(session.Bytes, counterparty.Value, self.Value));
        _seed = RandomNumberGenerator.GetBytes(SeedLength);
        _seedCommitment = HashCommitment.Commit(SeedContext(self), SeedData(counterparty, _seed), out _seedNonce);
    }

    public PartyIndex Counterparty { get; }

    public byte[] Stage1() => [.. _asBob.Message.Encode(), .. _seedCommitment.Value];

    public byte[] Stage2(ReadOnlySpan<byte> theirStage1)
    {
        Expect(theirStage1, Stage1Length, "stage 1");
        var m1 = BaseOtSenderMessage.Decode(theirStage1[..BaseOtSenderMessage.EncodedLength]);
        _theirSeedCommitment = HashCommitment.Decode(theirStage1[BaseOtSenderMessage.EncodedLength..]);
        _asAlice = BaseOtReceiver.Respond(new OtSession(_session.Bytes, _self.Value, Counterparty.Value), m1);
        return [.. _asAlice.Message.Encode(), .. _seed, .. _seedNonce];
    }

    public byte[] Stage3(ReadOnlySpan<byte> theirStage2)
    {
        Expect(theirStage2, Stage2Length, "stage 2");
        var m2 = BaseOtReceiverMessage.Decode(theirStage2[..BaseOtReceiverMessage.EncodedLength]);
        var theirSeed = theirStage2.Slice(BaseOtReceiverMessage.EncodedLength, SeedLength);
        var theirNonce = theirStage2[(BaseOtReceiverMessage.EncodedLength + SeedLength)..];
        if (_theirSeedCommitment is null || !_theirSeedCommitment.Verify(SeedContext(Counterparty), theirNonce, SeedData(_self, theirSeed)))
        {
            // Same channel as the OT checks: a pairwise failure that blames the counterparty.
            throw new OtProtocolException(DkgChecks.ZeroSeed);
        }

        _jointSeed = JointSeed(theirSeed);
        return _asBob.Challenge(m2).Encode();
    }

    public byte[] Stage4(ReadOnlySpan<byte> theirStage3)
    {
        Expect(theirStage3, Stage3Length, "stage 3");
        return Alice.Answer(BaseOtChallengeMessage.Decode(theirStage3)).Encode();
    }

    public byte[] Stage5(ReadOnlySpan<byte> theirStage4)
    {
        Expect(theirStage4, Stage4Length, "stage 4");
        var (m5, setup) = _asBob.Finish(BaseOtResponseMessage.Decode(theirStage4));
        _receiverSetup = setup;
        return m5.Encode();
    }

    /// <summary>Last stage: Alice's setup; the result owns both setups and a copy of the seed.</summary>
    public PairwiseSetup Finish(ReadOnlySpan<byte> theirStage5)
    {
        Expect(theirStage5, Stage5Length, "stage 5");
        var senderSetup = Alice.Finish(BaseOtOpeningMessage.Decode(theirStage5));
        if (_receiverSetup is null || _jointSeed is null)
        {
            senderSetup.Dispose();
            throw new InvalidOperationException("pairwise exchange: stages out of order");
        }

        var result = new PairwiseSetup(Counterparty, senderSetup, _receiverSetup, _jointSeed);
        _receiverSetup = null; // owned by the result now
        return result;
    }

    public void Dispose()
    {
        _asBob.Dispose();
        _asAlice?.Dispose();
        _receiverSetup?.Dispose();
        CryptographicOperations.ZeroMemory(_seed);
        CryptographicOperations.ZeroMemory(_seedNonce);
        if (_jointSeed is not null)
        {
            CryptographicOperations.ZeroMemory(_jointSeed);
        }
    }

    private BaseOtReceiver Alice => _asAlice ?? throw new InvalidOperationException("pairwise exchange: stages out of order");

    private ProofContext SeedContext(PartyIndex committer) => new(SeedLabel, _session, committer);

    // The commitment names the recipient, so j cannot reflect i's own commitment back to i.
    private static byte[] SeedData(PartyIndex recipient, ReadOnlySpan<byte> seed)
    {
        var data = new byte[2 + SeedLength];
        BinaryPrimitives.WriteUInt16BigEndian(data, recipient.Value);
        seed.CopyTo(data.AsSpan(2));
        return data;
    }

    private byte[] JointSeed(ReadOnlySpan<byte> theirSeed)
    {
        var selfLow = _self < Counterparty;
        var t = new Transcript("DltSigner/DKLs23/fzero-seed/v1")
            .Append("sid", _session.Bytes)
            .Append("low", selfLow ? _self.Value : Counterparty.Value)
            .Append("high", selfLow ? Counterparty.Value : _self.Value)
            .Append("seed-low", selfLow ? _seed : theirSeed)
            .Append("seed-high", selfLow ? theirSeed : _seed);
        return t.Challenge("seed", SeedLength);
    }

    private static void Expect(ReadOnlySpan<byte> payload, int length, string stage)
    {
        if (payload.Length != length)
        {
            throw new CryptoFormatException($"dkg pairwise {stage}: length {payload.Length}, expected {length}");
        }
    }
}
