using System.Buffers.Binary;
using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Math;

namespace DltSigner.Core.Ot;

/// <summary>
/// λ_c random base OTs: "Simplest OT" (Chou–Orlandi 2015) with the sender's Schnorr proof of
/// knowledge of b, as in the first step of DKLs18 Protocol 7, and every key hashed with the session,
/// both indices, B and the receiver's whole message (see docs/protocol.md §3.1 for what this does
/// and does not give). Bob is the base-OT sender; his outputs (k⁰_i, k¹_i) become the
/// OT-extension receiver's seed pairs. Alice is the base-OT receiver with random choice bits Δ;
/// her outputs k^{Δ_i}_i become the OT-extension sender's seeds.
/// </summary>
public sealed class BaseOtSender : IDisposable
{
    private readonly OtSession _session;
    private Scalar _b;
    private bool _finished;

    /// <summary>Bob, round 1: samples b and builds message 1.</summary>
    public BaseOtSender(OtSession session)
    {
        _session = session;
        _b = Scalar.RandomNonZero();
        var bigB = Point.BaseMul(_b);
        var k = Scalar.RandomNonZero();
        var commitment = Point.BaseMul(k);
        var e = BaseOt.ProofChallenge(session, bigB, commitment);
        Message = new BaseOtSenderMessage(bigB, commitment, k + (e * _b));
    }

    public BaseOtSenderMessage Message { get; }

    /// <summary>Bob, on Alice's message: both keys of every OT.</summary>
    public OtExtensionReceiverSetup Finish(BaseOtReceiverMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_finished, this);
        var binding = BaseOt.KeyBinding(_session, Message, message);
        var bB = _b * Message.B; // y·(A_i − B) = y·A_i − y·B: one multiplication per OT
        var seeds0 = new byte[OtParameters.LambdaC][];
        var seeds1 = new byte[OtParameters.LambdaC][];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            var bA = _b * message.Points[i];
            seeds0[i] = BaseOt.DeriveKey(binding, i, bA);
            seeds1[i] = BaseOt.DeriveKey(binding, i, bA - bB);
        }

        Dispose();
        return new OtExtensionReceiverSetup(seeds0, seeds1);
    }

    public void Dispose()
    {
        _b = Scalar.Zero;
        _finished = true;
    }
}

/// <summary>Alice's side of <see cref="BaseOtSender"/>: random choice bits Δ, one key per OT.</summary>
public static class BaseOtReceiver
{
    /// <summary>
    /// Alice, on Bob's message 1: verifies his proof, picks Δ, returns her message 2 and her
    /// OT-extension sender setup (Δ and the chosen keys).
    /// </summary>
    public static (BaseOtReceiverMessage Message, OtExtensionSenderSetup Setup) Respond(OtSession session, BaseOtSenderMessage senderMessage)
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
            scalars[i] = Scalar.RandomNonZero();
            var a = Point.BaseMul(scalars[i]);
            var aPlusB = a + senderMessage.B;
            a.WriteCompressed(enc0);
            if (aPlusB.IsInfinity)
            {
                // a_i = −b: probability 2^-256, and only an honest receiver gets here; resample
                i--;
                continue;
            }

            aPlusB.WriteCompressed(enc1);
            var choice = (byte)((delta[i >> 3] >> (i & 7)) & 1);
            BitOps.ConditionalCopy(enc0, enc1, choice, encoded.AsSpan(i * OtParameters.PointBytes, OtParameters.PointBytes));
        }

        CryptographicOperations.ZeroMemory(enc0);
        CryptographicOperations.ZeroMemory(enc1);
        var message = BaseOtReceiverMessage.Decode(encoded);
        var binding = BaseOt.KeyBinding(session, senderMessage, message);
        var seeds = new byte[OtParameters.LambdaC][];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            seeds[i] = BaseOt.DeriveKey(binding, i, scalars[i] * senderMessage.B);
            scalars[i] = Scalar.Zero;
        }

        return (message, new OtExtensionSenderSetup(delta, seeds));
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
