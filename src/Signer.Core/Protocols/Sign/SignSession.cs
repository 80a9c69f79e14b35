using System.Buffers.Binary;
using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Protocols.Derivation;

namespace DltSigner.Core.Protocols.Sign;

/// <summary>
/// What the signers of one signing run agree on before round 1 (the coordinator announces it): key id,
/// key epoch, signer set, a fresh 32-byte nonce and the derivation path. The session id is derived
/// from all of them, so it is fresh whenever the nonce is — and it must be: every OT extension of the
/// run is keyed by it, and a repeated id under one OT setup leaks choice bits (protocol.md §3.2) or,
/// through repeated RVOLE pads, nonce differences. A party must therefore never run two sessions with
/// one id (<see cref="SignOptions.ClaimSession"/> is the seam for a durable check). Public value.
/// </summary>
public sealed record SignSession
{
    public const int NonceLength = 32;

    public const string ProtocolName = "dkls23/sign";

    private readonly byte[] _nonce;

    public SignSession(SessionId keyId, uint epoch, IEnumerable<PartyIndex> signers, ReadOnlySpan<byte> nonce, DerivationPath? path = null)
    {
        ArgumentNullException.ThrowIfNull(signers);
        if (!keyId.IsValid)
        {
            throw new ArgumentException("uninitialised key id", nameof(keyId));
        }

        if (nonce.Length != NonceLength)
        {
            throw new ArgumentException("session nonce must be 32 bytes", nameof(nonce));
        }

        var list = signers.ToList();
        if (list.Count == 0 || list.Any(p => !p.IsValid) || list.Distinct().Count() != list.Count)
        {
            throw new ArgumentException("signers must be distinct valid party indices", nameof(signers));
        }

        KeyId = keyId;
        Epoch = epoch;
        Signers = [.. list.Order()];
        _nonce = nonce.ToArray();
        Path = path ?? DerivationPath.Root;
        Id = DeriveId();
    }

    public SessionId KeyId { get; }

    public uint Epoch { get; }

    /// <summary>The signers, ascending.</summary>
    public IReadOnlyList<PartyIndex> Signers { get; }

    public ReadOnlyMemory<byte> Nonce => _nonce;

    public DerivationPath Path { get; }

    /// <summary>The session id every envelope and every transcript of the run is bound to.</summary>
    public SessionId Id { get; }

    /// <summary>A new session for a key with a fresh random nonce (what a coordinator does).</summary>
    public static SignSession Create(KeyShare share, IEnumerable<PartyIndex> signers, DerivationPath? path = null)
    {
        ArgumentNullException.ThrowIfNull(share);
        return new SignSession(share.KeyId, share.Epoch, signers, RandomNumberGenerator.GetBytes(NonceLength), path);
    }

    private SessionId DeriveId()
    {
        var t = new Transcript("DltSigner/DKLs23/sign-session/v1")
            .Append("key-id", KeyId.Bytes)
            .Append("epoch", Epoch)
            .Append("signers", (ulong)Signers.Count);
        Span<byte> index = stackalloc byte[2];
        foreach (var s in Signers)
        {
            BinaryPrimitives.WriteUInt16BigEndian(index, s.Value);
            t.Append("signer", index);
        }

        t.Append("nonce", _nonce).Append("path", (ulong)Path.Indices.Count);
        foreach (var i in Path.Indices)
        {
            t.Append("index", i);
        }

        return SessionId.Derive(ProtocolName, t.Challenge("context", 32));
    }
}

/// <summary>Seams for the host (the node) around one signing run.</summary>
public sealed record SignOptions
{
    /// <summary>
    /// Called once before the run with the session id; returning false refuses the run (the id was
    /// seen before with this key). The node implements it durably; null skips the check.
    /// </summary>
    public Func<SessionId, bool>? ClaimSession { get; init; }

    /// <summary>
    /// Called before this party's partial signature (round 3) leaves, with the session id: the place to
    /// mark the presignature used durably. Throwing keeps the partial back; the presignature stays
    /// consumed in memory either way.
    /// </summary>
    public Action<SessionId>? BeforeReleasePartial { get; init; }

    /// <summary>Test-only deviations (a misbehaving signer); never set in production.</summary>
    internal SignDeviation? Deviation { get; init; }
}

/// <summary>How a deviating test party misbehaves (every field defaults to honest).</summary>
internal sealed record SignDeviation
{
    /// <summary>Added to sk_i everywhere it is used (RVOLE input and pk_i): S3 passes, S4 fails.</summary>
    public Math.Scalar SkOffset { get; init; }

    /// <summary>Added to the broadcast u_i: S5 fails.</summary>
    public Math.Scalar UOffset { get; init; }

    /// <summary>Added to the broadcast w_i: S5 fails.</summary>
    public Math.Scalar WOffset { get; init; }
}

/// <summary>Names of the signing checks (stable strings: blame, tests and logs use them).</summary>
public static class SignChecks
{
    public const string S1NonceCommitment = "sign S1: R_j does not open the round-1 commitment";
    public const string S2NonceConsistency = "sign S2: chi*R_j - Gamma^u_j != d^u*G (j did not use r_j in the multiplication)";
    public const string S3KeyConsistency = "sign S3: chi*pk_j - Gamma^v_j != d^v*G (j did not use sk_j in the multiplication)";
    public const string S4PublicKey = "sign S4: sum of pk_k differs from the (derived) public key";
    public const string S5Signature = "sign S5: combined signature does not verify";
    public const string KeyState = "sign: counterparty key epoch or public key state differs";
    public const string Malformed = "sign: malformed message";
    public const string PresignatureUsed = "sign: presignature already used";
    public const string SessionReused = "sign: session id already used";
}
