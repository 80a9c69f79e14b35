using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Ot;
using DltSigner.Core.Proofs;
using DltSigner.Core.Protocols.Derivation;
using DltSigner.Core.Sharing;

namespace DltSigner.Core.Protocols.Sign;

/// <summary>
/// One signer's rounds 1–2 of DKLs23 Protocol 3.6 (the message-independent presigning) as plain
/// functions over payloads: <see cref="Start"/> produces round 1, <see cref="Round2"/> consumes
/// round 1 and produces round 2, <see cref="Finish"/> consumes round 2, runs checks S1–S4 and
/// returns a single-use <see cref="Presignature"/>. <see cref="DklsSign"/> drives it over a network.
/// </summary>
public sealed class SignParty : IDisposable
{
    private const string CommitLabel = "dkls23/sign/nonce-commitment";

    private readonly KeyShare _share;
    private readonly SignSession _session;
    private readonly SignOptions _options;
    private readonly byte[] _binding;
    private readonly DerivedKey _key;
    private readonly Dictionary<PartyIndex, RvoleBob> _bob = [];
    private readonly Dictionary<PartyIndex, Scalar> _cu = [];
    private readonly Dictionary<PartyIndex, Scalar> _cv = [];
    private readonly Dictionary<PartyIndex, SignRound1> _round1 = [];
    private readonly byte[] _opening;
    private Scalar _r;
    private Scalar _phi;
    private Scalar _sk;
    private int _stage;

    private SignParty(KeyShare share, SignSession session, SignOptions options)
    {
        _share = share;
        _session = session;
        _options = options;
        Others = [.. session.Signers.Where(p => p != share.Self)];
        _key = Bip32.Derive(share.GroupKey, share.ChainCode, session.Path);
        _binding = new Transcript("DltSigner/DKLs23/sign/v1")
            .Append("sid", session.Id.Bytes)
            .Append("public-state", share.PublicDigest)
            .Challenge("binding", 32);

        // sk_i = λ_i·(x_i + t) + ζ_i: every signer adds the BIP32 tweak t to its Shamir share (a
        // constant added to the polynomial), so Σ_S λ_i·(x_i + t) = x + t; ζ_i sums to 0 (F_Zero).
        var signers = ShareIndex.FromParties([.. session.Signers]);
        var lambda = Lagrange.AtZero(signers, share.Self.Value);
        var zeta = ZeroShare.Compute(share.Self, session.Signers, session.Id, j => share.PairwiseWith(j).ZeroSeed);
        _sk = (lambda * (share.Secret.Value + _key.Tweak)) + zeta + (options.Deviation?.SkOffset ?? Scalar.Zero);
        Pk = Point.BaseMul(_sk);

        // Protocol 3.6 steps 4–6: instance key r_i, inversion mask φ_i, Com(R_i), RVOLE as Bob with every j
        _r = Scalar.RandomNonZero();
        _phi = Scalar.RandomNonZero();
        R = Point.BaseMul(_r);
        var commitment = HashCommitment.Commit(CommitContext(share.Self), R.ToCompressed(), out _opening);
        var round1 = new Dictionary<PartyIndex, byte[]>();
        foreach (var j in Others)
        {
            var bob = RvoleBob.Start(new OtSession(_binding, j.Value, share.Self.Value), share.PairwiseWith(j).AsReceiver);
            _bob[j] = bob;
            round1[j] = new SignRound1(share.Epoch, share.PublicDigest.ToArray(), commitment, bob.Message).Encode();
        }

        Round1Messages = round1;
    }

    public SessionId SessionId => _session.Id;

    public PartyIndex Self => _share.Self;

    /// <summary>The other signers, ascending.</summary>
    public IReadOnlyList<PartyIndex> Others { get; }

    /// <summary>Round 1 payloads by recipient.</summary>
    public IReadOnlyDictionary<PartyIndex, byte[]> Round1Messages { get; }

    /// <summary>R_i (public once opened in round 2).</summary>
    internal Point R { get; }

    /// <summary>pk_i = sk_i·G.</summary>
    internal Point Pk { get; }

    /// <summary>
    /// Validates the share against the session and starts round 1. Throws <see cref="ProtocolException"/>
    /// (InvalidInput / InvalidKeyShare) when the share does not belong to the session.
    /// </summary>
    public static SignParty Start(KeyShare share, SignSession session, SignOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(session);
        options ??= new SignOptions();
        if (share.KeyId != session.KeyId)
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidInput, "sign: the key share is for another key");
        }

        if (share.Epoch != session.Epoch)
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidKeyShare, $"sign: key share epoch {share.Epoch} differs from the session's epoch {session.Epoch}");
        }

        if (!session.Signers.Contains(share.Self))
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidInput, "sign: this party is not a signer of the session");
        }

        if (session.Signers.Count < share.Threshold || session.Signers.Any(p => !share.Parties.Contains(p)))
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidInput, $"sign: need at least t = {share.Threshold} signers, all committee members");
        }

        if (options.ClaimSession is { } claim && !claim(session.Id))
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidInput, SignChecks.SessionReused);
        }

        return new SignParty(share, session, options);
    }

    /// <summary>
    /// Round 2 (Protocol 3.6 step 7): for every j, checks j's key state, answers j's RVOLE as Alice with
    /// input (r_i, sk_i) (the KOS check runs here) and returns Γ^u, Γ^v, ψ, pk_i and the opening of R_i.
    /// </summary>
    public IReadOnlyDictionary<PartyIndex, byte[]> Round2(IReadOnlyDictionary<PartyIndex, ReadOnlyMemory<byte>> round1)
    {
        ArgumentNullException.ThrowIfNull(round1);
        Advance(1);
        var decoded = DecodeAll(round1, 1, SignRound1.Decode);
        var blame = new List<Blame>();
        foreach (var (j, m) in decoded)
        {
            if (m.Epoch != _share.Epoch || !CryptographicOperations.FixedTimeEquals(m.PublicDigest, _share.PublicDigest))
            {
                blame.Add(new Blame(j, SignChecks.KeyState, 1));
            }
        }

        Fail(ProtocolErrorKind.InvalidKeyShare, "counterparty key state differs", blame);

        var output = new Dictionary<PartyIndex, byte[]>();
        foreach (var (j, m) in decoded)
        {
            _round1[j] = m;
            try
            {
                var (reply, c) = RvoleAlice.Respond(new OtSession(_binding, Self.Value, j.Value), _share.PairwiseWith(j).AsSender, m.Ote, [_r, _sk]);
                _cu[j] = c[0];
                _cv[j] = c[1];
                var psi = _phi - _bob[j].B;
                output[j] = new SignRound2(R, _opening, Pk, Point.BaseMul(c[0]), Point.BaseMul(c[1]), psi, reply).Encode();
                Array.Clear(c);
            }
            catch (OtProtocolException ex)
            {
                // KOS failure: the OT setup with j may have leaked bits of Δ; the host must re-run base OTs with j.
                blame.Add(new Blame(j, ex.Check, 1));
            }
        }

        Fail(ProtocolErrorKind.Aborted, "OT-extension check failed (discard the pairwise OT setup with the blamed party)", blame);
        return output;
    }

    /// <summary>
    /// Round 2 received (Protocol 3.6 step 8): S1, the RVOLE μ check, S2, S3 per counterparty, then S4;
    /// returns the presignature (R, u_i, v_i, φ_i) for one later message.
    /// </summary>
    public Presignature Finish(IReadOnlyDictionary<PartyIndex, ReadOnlyMemory<byte>> round2)
    {
        ArgumentNullException.ThrowIfNull(round2);
        Advance(2);
        var decoded = DecodeAll(round2, 2, SignRound2.Decode);
        var blame = new List<Blame>();
        var sumPsi = _phi;
        var sumU = Scalar.Zero;
        var sumV = Scalar.Zero;
        var bigR = R;
        var pkSum = Pk;
        foreach (var (j, m) in decoded)
        {
            if (!_round1[j].NonceCommitment.Verify(CommitContext(j), m.Opening, m.R.ToCompressed()))
            {
                blame.Add(new Blame(j, SignChecks.S1NonceCommitment, 2));
                continue;
            }

            Scalar[] d;
            try
            {
                d = _bob[j].Finish(m.Rvole);
            }
            catch (OtProtocolException ex)
            {
                blame.Add(new Blame(j, ex.Check, 2));
                continue;
            }

            // S2/S3: c^u_{j,i} + d^u_{i,j} = r_j·χ_{i,j} and c^v_{j,i} + d^v_{i,j} = sk_j·χ_{i,j} in the exponent
            var chi = _bob[j].B;
            if (chi * m.R - m.GammaU != Point.BaseMul(d[0]))
            {
                blame.Add(new Blame(j, SignChecks.S2NonceConsistency, 2));
            }
            else if (chi * m.Pk - m.GammaV != Point.BaseMul(d[1]))
            {
                blame.Add(new Blame(j, SignChecks.S3KeyConsistency, 2));
            }

            sumPsi += m.Psi;
            sumU += _cu[j] + d[0];
            sumV += _cv[j] + d[1];
            bigR += m.R;
            pkSum += m.Pk;
            Array.Clear(d);
        }

        Fail(ProtocolErrorKind.Aborted, "presigning check failed", blame);
        if (pkSum != _key.PublicKey.Point)
        {
            throw new ProtocolException(ProtocolErrorKind.Aborted, SignChecks.S4PublicKey + " (some signer used a wrong key share; no single culprit)");
        }

        // u_i = r_i·(φ_i + Σψ_{j,i}) + Σ(c^u + d^u), v_i = sk_i·(φ_i + Σψ_{j,i}) + Σ(c^v + d^v)
        var u = (_r * sumPsi) + sumU;
        var v = (_sk * sumPsi) + sumV;
        var presignature = new Presignature(_session, Self, _key.PublicKey, bigR, u, v, _phi, _options);
        Dispose();
        return presignature;
    }

    public void Dispose()
    {
        foreach (var bob in _bob.Values)
        {
            bob.Dispose();
        }

        _bob.Clear();
        _cu.Clear();
        _cv.Clear();
        _r = _phi = _sk = Scalar.Zero;
        CryptographicOperations.ZeroMemory(_opening);
        _stage = int.MaxValue;
    }

    private ProofContext CommitContext(PartyIndex party) => new(CommitLabel, _binding, party.Value);

    private void Advance(int expected)
    {
        if (_stage != expected - 1)
        {
            throw new ProtocolException(ProtocolErrorKind.Bug, $"sign: round {expected} out of order or after an abort");
        }

        _stage = expected;
    }

    private SortedDictionary<PartyIndex, T> DecodeAll<T>(IReadOnlyDictionary<PartyIndex, ReadOnlyMemory<byte>> payloads, int round, Func<ReadOnlySpan<byte>, T> decode)
    {
        var missing = Others.Where(p => !payloads.ContainsKey(p)).ToList();
        var extra = payloads.Keys.Where(p => !Others.Contains(p)).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            Dispose();
            throw new ProtocolException(
                ProtocolErrorKind.InvalidMessage,
                $"round {round}: wrong sender set",
                [.. missing.Select(p => new Blame(p, "missing message", round)), .. extra.Select(p => new Blame(p, "sender is not a signer", round))]);
        }

        var result = new SortedDictionary<PartyIndex, T>();
        var blame = new List<Blame>();
        foreach (var (j, payload) in payloads)
        {
            try
            {
                result[j] = decode(payload.Span);
            }
            catch (CryptoFormatException ex)
            {
                blame.Add(new Blame(j, SignChecks.Malformed + ": " + ex.Check, round));
            }
        }

        Fail(ProtocolErrorKind.InvalidMessage, SignChecks.Malformed, blame);
        return result;
    }

    private void Fail(ProtocolErrorKind kind, string message, List<Blame> blame)
    {
        if (blame.Count > 0)
        {
            Dispose();
            throw new ProtocolException(kind, message, blame);
        }
    }
}
