using System.Buffers.Binary;
using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Math;

namespace DltSigner.Core.Ot;

/// <summary>
/// λ_c random base OTs: DKLs18 Protocol 7, "Verified Simplest OT" — Chou–Orlandi 2015 with the
/// sender's Schnorr proof of knowledge of b, then a hash-only challenge/response/opening in which
/// the receiver proves it holds the key of its choice and the sender proves its two keys are
/// consistent. Every key is hashed with the session, both indices, B and the receiver's whole
/// message. Bob is the base-OT sender (his (k⁰_i, k¹_i) become the OT-extension receiver's seed
/// pairs); Alice is the base-OT receiver with random choice bits Δ (her k^{Δ_i}_i become the
/// OT-extension sender's seeds). Messages: Bob m1 → Alice m2 → Bob m3 → Alice m4 → Bob m5.
/// </summary>
public sealed class BaseOtSender : IDisposable
{
    private readonly OtSession _session;
    private Scalar _b;
    private byte[][]? _seeds0;
    private byte[][]? _seeds1;
    private byte[]? _expectedResponses;
    private bool _finished;

    /// <summary>Bob, message 1 (Protocol 7 step 1): samples b, proves knowledge of it.</summary>
    public BaseOtSender(OtSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _b = Scalar.RandomNonZero();
        var bigB = Point.BaseMul(_b);
        var k = Scalar.RandomNonZero();
        var commitment = Point.BaseMul(k);
        var e = BaseOt.ProofChallenge(session, bigB, commitment);
        Message = new BaseOtSenderMessage(bigB, commitment, k + (e * _b));
    }

    public BaseOtSenderMessage Message { get; }

    /// <summary>Bob, message 3 (steps 3–4): both keys of every OT, and the challenges ξ_i.</summary>
    public BaseOtChallengeMessage Challenge(BaseOtReceiverMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_finished || _seeds0 is not null, this);
        var binding = BaseOt.KeyBinding(_session, Message, message);
        var bB = _b * Message.B; // b·(A_i − B) = b·A_i − b·B: one multiplication per OT
        _seeds0 = new byte[OtParameters.LambdaC][];
        _seeds1 = new byte[OtParameters.LambdaC][];
        _expectedResponses = new byte[OtParameters.LambdaC * 32];
        var challenges = new byte[OtParameters.LambdaC][];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            var bA = _b * message.Points[i];
            _seeds0[i] = BaseOt.DeriveKey(binding, i, bA);
            _seeds1[i] = BaseOt.DeriveKey(binding, i, bA - bB);
            var r0 = BaseOt.H2(BaseOt.H1(_seeds0[i]));
            var r1 = BaseOt.H2(BaseOt.H1(_seeds1[i]));
            r0.CopyTo(_expectedResponses, i * 32);
            BitOps.ConditionalXor(r1, r0, 1);
            challenges[i] = r1;
        }

        _b = Scalar.Zero;
        return BaseOtChallengeMessage.Create(challenges);
    }

    /// <summary>
    /// Bob, message 5 (steps 6): checks every response ρ'_i = H'(H(k⁰_i)), then opens
    /// (H(k⁰_i), H(k¹_i)) and keeps both keys as his OT-extension setup.
    /// </summary>
    public (BaseOtOpeningMessage Message, OtExtensionReceiverSetup Setup) Finish(BaseOtResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_seeds0 is null || _seeds1 is null || _expectedResponses is null)
        {
            throw new InvalidOperationException("base OT: Challenge must run before Finish");
        }

        var ok = true;
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            ok &= CryptographicOperations.FixedTimeEquals(response.Item(i), _expectedResponses.AsSpan(i * 32, 32));
        }

        if (!ok)
        {
            Dispose();
            throw new OtProtocolException(OtChecks.BaseOtReceiverResponse);
        }

        var openings = new byte[2 * OtParameters.LambdaC][];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            openings[2 * i] = BaseOt.H1(_seeds0[i]);
            openings[(2 * i) + 1] = BaseOt.H1(_seeds1[i]);
        }

        var setup = new OtExtensionReceiverSetup(_seeds0, _seeds1);
        _seeds0 = null; // ownership moves to the setup
        _seeds1 = null;
        Dispose();
        return (BaseOtOpeningMessage.Create(openings), setup);
    }

    public void Dispose()
    {
        _b = Scalar.Zero;
        foreach (var seeds in new[] { _seeds0, _seeds1 })
        {
            if (seeds is not null)
            {
                foreach (var s in seeds)
                {
                    CryptographicOperations.ZeroMemory(s);
                }
            }
        }

        if (_expectedResponses is not null)
        {
            CryptographicOperations.ZeroMemory(_expectedResponses);
        }

        _seeds0 = _seeds1 = null;
        _finished = true;
    }
}

/// <summary>Alice's side of <see cref="BaseOtSender"/>: random choice bits Δ, one key per OT.</summary>
public sealed class BaseOtReceiver : IDisposable
{
    private readonly byte[] _delta;
    private readonly byte[][] _seeds;
    private byte[]? _challenges;
    private bool _finished;

    private BaseOtReceiver(BaseOtReceiverMessage message, byte[] delta, byte[][] seeds)
    {
        Message = message;
        _delta = delta;
        _seeds = seeds;
    }

    /// <summary>Alice's message 2.</summary>
    public BaseOtReceiverMessage Message { get; }

    /// <summary>
    /// Alice, on Bob's message 1 (step 2): verifies his proof, picks Δ, computes
    /// A_i = a_i·G + Δ_i·B and her keys k^{Δ_i}_i = H(a_i·B).
    /// </summary>
    public static BaseOtReceiver Respond(OtSession session, BaseOtSenderMessage senderMessage)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(senderMessage);
        BaseOt.VerifyProof(session, senderMessage);

        var delta = new byte[OtParameters.LambdaC / 8];
        RandomNumberGenerator.Fill(delta);
        var scalars = new Scalar[OtParameters.LambdaC];
        var encoded = new byte[BaseOtReceiverMessage.EncodedLength];
        Span<byte> enc0 = stackalloc byte[OtParameters.PointBytes];
        Span<byte> enc1 = stackalloc byte[OtParameters.PointBytes];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            Point a, aPlusB;
            do
            {
                // a_i = −b (A_i + B at infinity) has probability 2^-256; resample rather than special-case
                scalars[i] = Scalar.RandomNonZero();
                a = Point.BaseMul(scalars[i]);
                aPlusB = a + senderMessage.B;
            }
            while (aPlusB.IsInfinity);

            a.WriteCompressed(enc0);
            aPlusB.WriteCompressed(enc1);
            BitOps.ConditionalCopy(enc0, enc1, BitOps.GetBit(delta, i), encoded.AsSpan(i * OtParameters.PointBytes, OtParameters.PointBytes));
        }

        CryptographicOperations.ZeroMemory(enc0);
        CryptographicOperations.ZeroMemory(enc1);
        var message = BaseOtReceiverMessage.FromOwnEncoding(encoded);
        var binding = BaseOt.KeyBinding(session, senderMessage, message);
        var seeds = new byte[OtParameters.LambdaC][];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            seeds[i] = BaseOt.DeriveKey(binding, i, scalars[i] * senderMessage.B);
            scalars[i] = Scalar.Zero;
        }

        return new BaseOtReceiver(message, delta, seeds);
    }

    /// <summary>Alice, message 4 (step 5): ρ'_i = H'(H(k^{Δ_i}_i)) ⊕ Δ_i·ξ_i, which equals H'(H(k⁰_i)) for either choice.</summary>
    public BaseOtResponseMessage Answer(BaseOtChallengeMessage challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ObjectDisposedException.ThrowIf(_finished || _challenges is not null, this);
        _challenges = challenge.Encode();
        var responses = new byte[OtParameters.LambdaC][];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            responses[i] = BaseOt.H2(BaseOt.H1(_seeds[i]));
            BitOps.ConditionalXor(responses[i], challenge.Item(i), BitOps.GetBit(_delta, i));
        }

        return BaseOtResponseMessage.Create(responses);
    }

    /// <summary>
    /// Alice, on message 5 (step 7): checks H(k^{Δ_i}_i) against the opening of her choice and
    /// ξ_i = H'(opening⁰_i) ⊕ H'(opening¹_i); returns her OT-extension setup.
    /// </summary>
    public OtExtensionSenderSetup Finish(BaseOtOpeningMessage opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_challenges is null)
        {
            throw new InvalidOperationException("base OT: Answer must run before Finish");
        }

        var ok = true;
        Span<byte> chosen = stackalloc byte[32];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            var open0 = opening.Item(2 * i);
            var open1 = opening.Item((2 * i) + 1);
            BitOps.ConditionalCopy(open0, open1, BitOps.GetBit(_delta, i), chosen);
            var own = BaseOt.H1(_seeds[i]);
            ok &= CryptographicOperations.FixedTimeEquals(own, chosen);
            var xi = BaseOt.H2(open0.ToArray());
            BitOps.ConditionalXor(xi, BaseOt.H2(open1.ToArray()), 1);
            ok &= CryptographicOperations.FixedTimeEquals(xi, _challenges.AsSpan(i * 32, 32));
            CryptographicOperations.ZeroMemory(own);
        }

        CryptographicOperations.ZeroMemory(chosen);
        if (!ok)
        {
            Dispose();
            throw new OtProtocolException(OtChecks.BaseOtSenderOpening);
        }

        _finished = true; // ownership of Δ and the seeds moves to the setup
        return new OtExtensionSenderSetup(_delta, _seeds);
    }

    public void Dispose()
    {
        if (_finished)
        {
            return;
        }

        CryptographicOperations.ZeroMemory(_delta);
        foreach (var s in _seeds)
        {
            CryptographicOperations.ZeroMemory(s);
        }

        _finished = true;
    }
}

/// <summary>Hashes shared by both base-OT roles.</summary>
internal static class BaseOt
{
    internal static Scalar ProofChallenge(OtSession session, Point b, Point commitment)
    {
        var t = session.NewTranscript("base-ot-pok");
        t.Append("B", b);
        t.Append("R", commitment);
        return t.ChallengeScalar("e");
    }

    internal static void VerifyProof(OtSession session, BaseOtSenderMessage m)
    {
        var e = ProofChallenge(session, m.B, m.ProofCommitment);
        // z·G − e·B must equal R
        if (Point.DoubleMulVar(m.ProofResponse, -e, m.B) != m.ProofCommitment)
        {
            throw new OtProtocolException(OtChecks.BaseOtSenderProof);
        }
    }

    /// <summary>One digest binding session, roles, B, the proof and all A_i; every key hashes it.</summary>
    internal static byte[] KeyBinding(OtSession session, BaseOtSenderMessage senderMessage, BaseOtReceiverMessage receiverMessage)
    {
        var t = session.NewTranscript("base-ot-keys");
        t.Append("sender-msg", senderMessage.Encode());
        t.Append("receiver-msg", receiverMessage.EncodedSpan);
        return t.Challenge("binding", 32);
    }

    /// <summary>H of Protocol 7's verification (key → opening).</summary>
    internal static byte[] H1(ReadOnlySpan<byte> key) => Hashes.TaggedHash("DltSigner/DKLs23/base-ot/H1", key);

    /// <summary>H' of Protocol 7's verification (opening → challenge share).</summary>
    internal static byte[] H2(ReadOnlySpan<byte> opening) => Hashes.TaggedHash("DltSigner/DKLs23/base-ot/H2", opening);

    /// <summary>k = SHA-256(binding ‖ i ‖ enc(P)), infinity encoded as 33 zero bytes.</summary>
    internal static byte[] DeriveKey(byte[] binding, int index, Point p)
    {
        Span<byte> input = stackalloc byte[32 + 4 + OtParameters.PointBytes];
        binding.CopyTo(input);
        BinaryPrimitives.WriteInt32BigEndian(input[32..], index);
        if (p.IsInfinity)
        {
            // only reachable for the key the receiver cannot know (A_i = B); public condition
            input[36..].Clear();
        }
        else
        {
            p.WriteCompressed(input[36..]);
        }

        try
        {
            return Hashes.Sha256(input);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }
}
