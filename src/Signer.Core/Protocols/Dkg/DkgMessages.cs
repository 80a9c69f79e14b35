using System.Security.Cryptography;
using DltSigner.Core.Math;
using DltSigner.Core.Ot;
using DltSigner.Core.Proofs;
using DltSigner.Core.Sharing;

namespace DltSigner.Core.Protocols.Dkg;

/// <summary>
/// Round 1 broadcast: the digest of the run's parameters (every party must hold the same) and, from
/// a dealer, the hash commitment to its opening (Feldman commitments and chain-code contribution).
/// </summary>
internal sealed record DealingAnnouncement(byte[] ParameterDigest, HashCommitment? Commitment)
{
    public const int DigestLength = 32;

    public byte[] Encode() => Commitment is null ? [.. ParameterDigest] : [.. ParameterDigest, .. Commitment.Value];

    /// <summary>Strict: 64 bytes from a dealer, 32 from a non-dealer.</summary>
    public static DealingAnnouncement Decode(ReadOnlySpan<byte> encoded, bool fromDealer)
    {
        var r = new WireReader(encoded, "dkg announcement", DigestLength + (fromDealer ? HashCommitment.Size : 0));
        var digest = r.ReadBytes(DigestLength).ToArray();
        var commitment = fromDealer ? HashCommitment.Decode(r.ReadBytes(HashCommitment.Size)) : null;
        r.End();
        return new DealingAnnouncement(digest, commitment);
    }
}

/// <summary>What a dealing must prove about its constant term C_0 (DKG2).</summary>
internal enum DealingKind
{
    /// <summary>DKG: a fresh random secret, with a Schnorr PoK of a_0 bound to (sid, dealer).</summary>
    Fresh,

    /// <summary>Refresh: a sharing of zero, C_0 = identity.</summary>
    Zero,

    /// <summary>Reshare: the dealer's Lagrange-weighted old share, C_0 = λ_i·X_i.</summary>
    Transfer,
}

/// <summary>
/// Round 2, dealer → receiver: the opening of the round-1 commitment (Feldman commitments C_0..C_{t−1},
/// chain-code bytes, nonce; a PoK for a fresh dealing) and the receiver's share f(j). The share is
/// secret: the transport's confidential channel carries it.
/// </summary>
internal sealed record DealerMessage(FeldmanCommitment Commitments, byte[] ChainCode, byte[] Nonce, SchnorrProof? Proof, Scalar Share)
{
    public static int EncodedLength(int threshold, DealingKind kind, bool carriesChainCode) =>
        (threshold * FeldmanCommitment.EntrySize) + (carriesChainCode ? 32 : 0) + HashCommitment.NonceSize
        + (kind == DealingKind.Fresh ? SchnorrProof.Size : 0) + OtParameters.ScalarBytes;

    /// <summary>The committed bytes: C encoding ‖ chain-code bytes.</summary>
    public static byte[] CommittedData(FeldmanCommitment commitments, ReadOnlySpan<byte> chainCode) =>
        [.. commitments.Encode(), .. chainCode];

    public byte[] Encode()
    {
        var proof = Proof?.Encode() ?? [];
        var share = Share.ToBytes();
        try
        {
            return [.. CommittedData(Commitments, ChainCode), .. Nonce, .. proof, .. share];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(share);
        }
    }

    public static DealerMessage Decode(ReadOnlySpan<byte> encoded, int threshold, DealingKind kind, bool carriesChainCode)
    {
        var r = new WireReader(encoded, "dkg dealer message", EncodedLength(threshold, kind, carriesChainCode));
        var commitments = FeldmanCommitment.Decode(r.ReadBytes(threshold * FeldmanCommitment.EntrySize), threshold, allowZeroConstant: kind == DealingKind.Zero);
        var chainCode = carriesChainCode ? r.ReadBytes(32).ToArray() : [];
        var nonce = r.ReadBytes(HashCommitment.NonceSize).ToArray();
        var proof = kind == DealingKind.Fresh ? SchnorrProof.Decode(r.ReadBytes(SchnorrProof.Size)) : null;
        var share = r.ReadScalar("share");
        r.End();
        return new DealerMessage(commitments, chainCode, nonce, proof, share);
    }

    public override string ToString() => $"DealerMessage(t={Commitments.Threshold}, share redacted)";
}
