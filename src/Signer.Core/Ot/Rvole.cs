using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Math;

namespace DltSigner.Core.Ot;

/// <summary>
/// Bob in π^ℓ_RVOLE (DKLs23 Protocol 5.2, realising F_RVOLE, Functionality 3.5): samples
/// β ← {0,1}^ξ, his random input b = ⟨g, β⟩, and sends the OT-extension message with choice bits β.
/// On Alice's reply he checks μ and outputs d ∈ Z_q^ℓ with c + d = a·b.
/// </summary>
public sealed class RvoleBob : IDisposable
{
    private readonly OtSession _session;
    private readonly RandomOtReceiverOutput _ot;
    private bool _finished;

    private RvoleBob(OtSession session, OtExtensionMessage message, RandomOtReceiverOutput ot, Scalar b)
    {
        _session = session;
        Message = message;
        _ot = ot;
        B = b;
    }

    /// <summary>Bob's message to Alice (Protocol 5.2 step 1: the F_COTe call with choice bits β).</summary>
    public OtExtensionMessage Message { get; }

    /// <summary>Bob's random input b = ⟨g, β⟩ (χ_{i,j} in DKLs23 Protocol 3.6). Secret; zeroed by <see cref="Dispose"/>.</summary>
    public Scalar B { get; private set; }

    /// <summary>Bob, round 1. The session id must be fresh for this setup (see <see cref="OtExtension"/>).</summary>
    public static RvoleBob Start(OtSession session, OtExtensionReceiverSetup setup)
    {
        ArgumentNullException.ThrowIfNull(session);
        var beta = new byte[(OtParameters.Xi + 7) / 8];
        try
        {
            RandomNumberGenerator.Fill(beta);
            var gadget = Gadget.Vector;
            var b = Scalar.Zero;
            for (var j = 0; j < OtParameters.Xi; j++)
            {
                b += Scalar.Select(Scalar.Zero, gadget[j], BitOps.GetBit(beta, j) == 1);
            }

            var (message, output) = OtExtension.Receive(session, setup, beta, OtParameters.OtWidth);
            return new RvoleBob(session, message, output, b);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(beta);
        }
    }

    /// <summary>Bob, on Alice's message: the μ check (Protocol 5.2 step 6), then his shares d.</summary>
    public Scalar[] Finish(RvoleMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_finished, this);
        const int w = OtParameters.OtWidth;
        Scalar[] d = [];
        var checkValues = new byte[OtParameters.Xi * OtParameters.Rho * OtParameters.ScalarBytes];
        try
        {
            // d_j = v_{β_j, j} + β_j·ã_j = v⁰_j + β_j·(a ‖ â)
            d = CorrelatedOt.Apply(_ot, message.ATilde);

            var transcript = Rvole.ThetaTranscript(_session, Message.Encoded, message.EncodeATilde());
            var theta = Rvole.Theta(transcript);

            // μ'_j = d̂_j + θ·ḋ_j − β_j·η must equal Alice's μ_j = v̂⁰_j + θ·v̇⁰_j
            for (var j = 0; j < OtParameters.Xi; j++)
            {
                var bit = BitOps.GetBit(_ot.Choices, j) == 1;
                for (var r = 0; r < OtParameters.Rho; r++)
                {
                    var m = Rvole.CheckValue(theta, r, d.AsSpan(j * w, w));
                    m = Scalar.Select(m, m - message.Eta[r], bit);
                    m.WriteBytes(checkValues.AsSpan(((j * OtParameters.Rho) + r) * OtParameters.ScalarBytes, OtParameters.ScalarBytes));
                }
            }

            var mu = Rvole.Digest(transcript, message.Eta, checkValues);
            if (!CryptographicOperations.FixedTimeEquals(mu, message.Mu))
            {
                throw new OtProtocolException(OtChecks.RvoleConsistency);
            }

            return Rvole.GadgetCombine(d, negate: false);
        }
        finally
        {
            // one Finish per Start: the OT outputs are gone whatever the outcome; B stays readable
            // (signing's check S2/S3 needs χ after the multiplication) until Dispose
            Array.Clear(d);
            CryptographicOperations.ZeroMemory(checkValues);
            _ot.Dispose();
            _finished = true;
        }
    }

    public void Dispose()
    {
        _ot.Dispose();
        B = Scalar.Zero;
        _finished = true;
    }
}

/// <summary>Alice in π^ℓ_RVOLE (DKLs23 Protocol 5.2): one message in reply to Bob's.</summary>
public static class RvoleAlice
{
    /// <summary>
    /// Alice, on Bob's OT-extension message, with input a ∈ Z_q^ℓ: checks the extension (KOS),
    /// returns her reply and her shares c with c_i + d_i = a_i·b.
    /// </summary>
    public static (RvoleMessage Message, Scalar[] Shares) Respond(
        OtSession session, OtExtensionSenderSetup setup, OtExtensionMessage bobMessage, ReadOnlySpan<Scalar> a)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(bobMessage);
        if (a.Length != OtParameters.Ell)
        {
            throw new ArgumentException("Alice's input must have ℓ scalars", nameof(a));
        }

        var input = a.ToArray();
        try
        {
            return Respond(session, setup, bobMessage, input, (_, k) => input[k]);
        }
        finally
        {
            Array.Clear(input);
        }
    }

    /// <summary>
    /// The protocol body. rowInput(j, k) is the a_k Alice puts into OT row j: always a[k] for an
    /// honest Alice; tests pass row-dependent values to play the selective-failure adversary.
    /// </summary>
    internal static (RvoleMessage Message, Scalar[] Shares) Respond(
        OtSession session, OtExtensionSenderSetup setup, OtExtensionMessage bobMessage, Scalar[] a, Func<int, int, Scalar> rowInput)
    {
        const int w = OtParameters.OtWidth;
        using var ot = OtExtension.Send(session, setup, bobMessage, w);
        var pad = new Scalar[OtParameters.Rho];
        var checkValues = new byte[OtParameters.Xi * OtParameters.Rho * OtParameters.ScalarBytes];
        try
        {
            for (var r = 0; r < pad.Length; r++)
            {
                pad[r] = Scalar.Random();
            }

            // ã_j = v⁰_j − v¹_j + (a ‖ â): the correlated-OT correction (Protocol 5.2 step 3)
            var aTilde = CorrelatedOt.Corrections(ot, (j, k) => k < OtParameters.Ell ? rowInput(j, k) : pad[k - OtParameters.Ell]);

            var message0 = new RvoleMessage(aTilde, [], []);
            var transcript = Rvole.ThetaTranscript(session, bobMessage.Encoded, message0.EncodeATilde());
            var theta = Rvole.Theta(transcript);

            // η = â + θ·a; μ_j = v̂⁰_j + θ·v̇⁰_j (Protocol 5.2 steps 4–5)
            var eta = new Scalar[OtParameters.Rho];
            for (var r = 0; r < eta.Length; r++)
            {
                var acc = pad[r];
                for (var i = 0; i < OtParameters.Ell; i++)
                {
                    acc += theta[(r * OtParameters.Ell) + i] * a[i];
                }

                eta[r] = acc;
            }

            for (var j = 0; j < OtParameters.Xi; j++)
            {
                for (var r = 0; r < OtParameters.Rho; r++)
                {
                    Rvole.CheckValue(theta, r, ot.V0.AsSpan(j * w, w))
                        .WriteBytes(checkValues.AsSpan(((j * OtParameters.Rho) + r) * OtParameters.ScalarBytes, OtParameters.ScalarBytes));
                }
            }

            var mu = Rvole.Digest(transcript, eta, checkValues);
            return (new RvoleMessage(aTilde, eta, mu), Rvole.GadgetCombine(ot.V0, negate: true));
        }
        finally
        {
            Array.Clear(pad);
            CryptographicOperations.ZeroMemory(checkValues);
        }
    }
}

/// <summary>The pieces of Protocol 5.2 both roles compute identically.</summary>
internal static class Rvole
{
    internal static Transcript ThetaTranscript(OtSession session, ReadOnlySpan<byte> encodedOtMessage, ReadOnlySpan<byte> encodedATilde)
    {
        var t = session.NewTranscript("rvole");
        t.Append("ote-message", encodedOtMessage);
        t.Append("a-tilde", encodedATilde);
        return t;
    }

    /// <summary>θ ∈ Z_q^{ρ×ℓ} from the transcript (Fiat–Shamir; Protocol 5.2 step 4).</summary>
    internal static Scalar[] Theta(Transcript t)
    {
        return ChallengeScalars(t, "theta", OtParameters.Rho * OtParameters.Ell);
    }

    /// <summary>count scalars from one challenge, 64 bytes each reduced mod n (bias below 2^-256).</summary>
    internal static Scalar[] ChallengeScalars(Transcript t, string label, int count)
    {
        var bytes = t.Challenge(label, count * 64);
        var result = new Scalar[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = Scalar.FromBytesReduced(bytes.AsSpan(i * 64, 64));
        }

        return result;
    }

    /// <summary>row[ℓ + r] + Σ_i θ_{r,i}·row[i].</summary>
    internal static Scalar CheckValue(Scalar[] theta, int r, ReadOnlySpan<Scalar> row)
    {
        var acc = row[OtParameters.Ell + r];
        for (var i = 0; i < OtParameters.Ell; i++)
        {
            acc += theta[(r * OtParameters.Ell) + i] * row[i];
        }

        return acc;
    }

    internal static byte[] Digest(Transcript t, Scalar[] eta, byte[] checkValues)
    {
        foreach (var e in eta)
        {
            t.Append("eta", e);
        }

        t.Append("check-values", checkValues);
        return t.Challenge("mu", RvoleMessage.DigestBytes);
    }

    /// <summary>±Σ_j g_j·row_j[i] for i in [ℓ]: the gadget decoding of the OT outputs.</summary>
    internal static Scalar[] GadgetCombine(Scalar[] rows, bool negate)
    {
        var gadget = Gadget.Vector;
        var result = new Scalar[OtParameters.Ell];
        for (var j = 0; j < OtParameters.Xi; j++)
        {
            for (var i = 0; i < OtParameters.Ell; i++)
            {
                result[i] += gadget[j] * rows[(j * OtParameters.OtWidth) + i];
            }
        }

        if (negate)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = -result[i];
            }
        }

        return result;
    }
}

/// <summary>
/// The public gadget vector g ∈ Z_q^ξ of Protocol 5.2, derived once from a fixed domain tag
/// (nothing-up-my-sleeve; public and the same for every session).
/// </summary>
internal static class Gadget
{
    private static readonly Lazy<Scalar[]> Lazy = new(() =>
    {
        var t = new Transcript($"DltSigner/DKLs23/rvole-gadget/v{OtParameters.Version}");
        return Rvole.ChallengeScalars(t, "g", OtParameters.Xi);
    });

    public static Scalar[] Vector => Lazy.Value;
}
