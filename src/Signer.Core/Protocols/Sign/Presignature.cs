using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Signatures;

namespace DltSigner.Core.Protocols.Sign;

/// <summary>
/// One signer's state after DKLs23 rounds 1–2 and checks S1–S4: the joint nonce point R and this
/// party's shares u_i of u = r·φ and v_i of v = sk·φ, plus φ_i. Message-independent, so it may be
/// produced ahead of time — and must be used for at most ONE message: two partials from one
/// presignature reveal the key. <see cref="CreatePartial"/> consumes it in memory and calls
/// <see cref="SignOptions.BeforeReleasePartial"/> so the host can mark it used durably first.
/// Secret; zeroed on <see cref="Dispose"/>.
/// </summary>
public sealed class Presignature : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SignOptions _options;
    private Scalar _u;
    private Scalar _v;
    private Scalar _phi;
    private SignRound3? _own;
    private byte[]? _hash;
    private bool _consumed;
    private bool _combined;

    internal Presignature(SignSession session, PartyIndex self, PublicKey publicKey, Point bigR, Scalar u, Scalar v, Scalar phi, SignOptions options)
    {
        Session = session;
        Self = self;
        PublicKey = publicKey;
        R = bigR;
        _u = u;
        _v = v;
        _phi = phi;
        _options = options;
    }

    public SignSession Session { get; }

    public SessionId SessionId => Session.Id;

    public PartyIndex Self { get; }

    /// <summary>The key the signature will verify under (derived along <see cref="SignSession.Path"/>).</summary>
    public PublicKey PublicKey { get; }

    /// <summary>The joint nonce point R = Σ R_i (public).</summary>
    public Point R { get; }

    /// <summary>True once a partial signature was created (whether or not it left).</summary>
    public bool IsConsumed
    {
        get
        {
            lock (_gate)
            {
                return _consumed;
            }
        }
    }

    /// <summary>
    /// Round 3 (Protocol 3.6 step 9): w_i = m·φ_i + r·v_i; returns the broadcast payload (u_i, w_i).
    /// Single use: a second call throws. <see cref="SignOptions.BeforeReleasePartial"/> runs first.
    /// </summary>
    public byte[] CreatePartial(ReadOnlySpan<byte> hash32)
    {
        if (hash32.Length != Ecdsa.HashLength)
        {
            throw new ArgumentException("message hash must be 32 bytes", nameof(hash32));
        }

        lock (_gate)
        {
            if (_consumed)
            {
                throw new ProtocolException(ProtocolErrorKind.InvalidInput, SignChecks.PresignatureUsed);
            }

            _consumed = true;
        }

        // Throwing here keeps the partial back; the presignature stays consumed regardless.
        _options.BeforeReleasePartial?.Invoke(SessionId);
        var m = Scalar.FromBytesReduced(hash32);
        var w = (m * _phi) + (NonceX() * _v);
        var deviation = _options.Deviation;
        var own = new SignRound3(_u + (deviation?.UOffset ?? Scalar.Zero), w + (deviation?.WOffset ?? Scalar.Zero));
        _own = own;
        _hash = hash32.ToArray();
        _phi = _v = Scalar.Zero;
        return own.Encode();
    }

    /// <summary>
    /// Output (step 10): s = Σw / Σu, check S5 (the signature verifies under <see cref="PublicKey"/>),
    /// low-S with the recovery id of R. Blames a sender only for malformed partials; a wrong partial is
    /// caught by S5 without a single culprit.
    /// </summary>
    public RecoverableSignature Combine(IReadOnlyDictionary<PartyIndex, ReadOnlyMemory<byte>> partials)
    {
        ArgumentNullException.ThrowIfNull(partials);
        if (_own is not { } own || _hash is null || _combined)
        {
            throw new ProtocolException(ProtocolErrorKind.Bug, "sign: combine needs exactly one partial of our own first");
        }

        _combined = true;
        var expected = Session.Signers.Where(p => p != Self).ToList();
        var wrong = expected.Where(p => !partials.ContainsKey(p)).Select(p => new Blame(p, "missing message", 3))
            .Concat(partials.Keys.Where(p => !expected.Contains(p)).Select(p => new Blame(p, "sender is not a signer", 3))).ToList();
        if (wrong.Count > 0)
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidMessage, "round 3: wrong sender set", wrong);
        }

        var u = own.U;
        var w = own.W;
        var malformed = new List<Blame>();
        foreach (var (j, payload) in partials)
        {
            try
            {
                var partial = SignRound3.Decode(payload.Span);
                u += partial.U;
                w += partial.W;
            }
            catch (CryptoFormatException ex)
            {
                malformed.Add(new Blame(j, SignChecks.Malformed + ": " + ex.Check, 3));
            }
        }

        if (malformed.Count > 0)
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidMessage, SignChecks.Malformed, malformed);
        }

        var r = NonceX();
        var s = w * u.InvertVar(); // u = r·φ is public once the partials are out
        if (u.IsZero || s.IsZero || r.IsZero)
        {
            throw new ProtocolException(ProtocolErrorKind.Aborted, SignChecks.S5Signature + " (zero value; no single culprit)");
        }

        var signature = new EcdsaSignature(r, s);
        if (!Ecdsa.Verify(PublicKey, _hash, signature))
        {
            throw new ProtocolException(ProtocolErrorKind.Aborted, SignChecks.S5Signature + " (a partial was wrong; no single culprit)");
        }

        // Recovery id from R: parity of R.y, and whether R.x ≥ n (r = R.x − n).
        var overflow = !Scalar.TryFromBytes(R.XBytes(), out _);
        var recoveryId = (R.HasOddY ? 1 : 0) | (overflow ? 2 : 0);
        return new RecoverableSignature(signature, recoveryId).NormalizeLowS();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _consumed = true;
        }

        _u = _v = _phi = Scalar.Zero;
    }

    public override string ToString() => $"Presignature({SessionId}, {Self}, consumed={IsConsumed}, redacted)";

    private Scalar NonceX() => Scalar.FromBytesReduced(R.XBytes());
}
