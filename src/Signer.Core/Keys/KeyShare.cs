using DltSigner.Core.Hashing;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Sharing;

namespace DltSigner.Core.Keys;

/// <summary>
/// One party's share of a t-of-n DKLs23 key: the Shamir share x_i of the key, every party's public
/// share P(k) = x_k·G, the group key PK = p(0)·G, the BIP32 chain code agreed in the DKG, the key id
/// (the DKG session id), the epoch (incremented by refresh/reshare) and per counterparty the pairwise
/// OT setups and F_Zero seed. Validated once on construction (<see cref="KeyShareValidation"/>), so
/// a <see cref="KeyShare"/> in hand is consistent. Owns its secrets: <see cref="Dispose"/> zeroes
/// them; <see cref="ToString"/> prints public data only. Wire format: <see cref="KeyShareCodec"/>.
/// </summary>
public sealed class KeyShare : IDisposable
{
    /// <summary>Largest supported committee (the wire format and the DKG are tested to 16).</summary>
    public const int MaxParties = 255;

    /// <summary>Bytes of the BIP32 chain code.</summary>
    public const int ChainCodeLength = 32;

    private readonly PartyIndex[] _parties;
    private readonly Point[] _publicShares;
    private readonly PairwiseSetup[] _pairwise;
    private readonly byte[] _chainCode;
    private readonly byte[] _publicDigest;
    private readonly SecretScalar _secret;
    private bool _disposed;

    /// <summary>
    /// Validates and takes ownership of <paramref name="secretShare"/> and the pairwise setups (they
    /// are disposed with this share, and also when validation fails). Parties must be strictly
    /// ascending; <paramref name="publicShares"/> and <paramref name="pairwise"/> follow that order
    /// (pairwise without this party). Throws <see cref="ArgumentException"/> naming the failed check.
    /// </summary>
    public KeyShare(
        SessionId keyId,
        uint epoch,
        PartyIndex self,
        int threshold,
        IReadOnlyList<PartyIndex> parties,
        PublicKey groupKey,
        IReadOnlyList<Point> publicShares,
        ReadOnlySpan<byte> chainCode,
        SecretScalar secretShare,
        IReadOnlyList<PairwiseSetup> pairwise)
    {
        ArgumentNullException.ThrowIfNull(secretShare);
        ArgumentNullException.ThrowIfNull(pairwise);
        try
        {
            ArgumentNullException.ThrowIfNull(parties);
            ArgumentNullException.ThrowIfNull(groupKey);
            ArgumentNullException.ThrowIfNull(publicShares);
            var check = KeyShareValidation.Check(keyId, self, threshold, parties, groupKey, publicShares, chainCode, secretShare, pairwise);
            if (check is not null)
            {
                throw new ArgumentException(check);
            }
        }
        catch
        {
            secretShare.Dispose();
            foreach (var p in pairwise)
            {
                p?.Dispose();
            }

            throw;
        }

        KeyId = keyId;
        Epoch = epoch;
        Self = self;
        Threshold = threshold;
        _parties = [.. parties];
        GroupKey = groupKey;
        _publicShares = [.. publicShares];
        _chainCode = chainCode.ToArray();
        _secret = secretShare;
        _pairwise = [.. pairwise];
        _publicDigest = ComputePublicDigest();
    }

    /// <summary>The key id: the session id of the DKG that created the key (kept across refresh/reshare).</summary>
    public SessionId KeyId { get; }

    /// <summary>0 after the DKG, +1 per refresh or reshare. Signing requires all signers at one epoch.</summary>
    public uint Epoch { get; }

    /// <summary>This party's index (its Shamir x-coordinate).</summary>
    public PartyIndex Self { get; }

    /// <summary>t: any t parties can sign, t−1 learn nothing.</summary>
    public int Threshold { get; }

    /// <summary>The committee, strictly ascending.</summary>
    public IReadOnlyList<PartyIndex> Parties => _parties;

    public PublicKey GroupKey { get; }

    /// <summary>The public shares P(k) = x_k·G in the order of <see cref="Parties"/>.</summary>
    public IReadOnlyList<Point> PublicShares => _publicShares;

    /// <summary>The BIP32 chain code (public within the committee, but not meant to be published).</summary>
    public ReadOnlySpan<byte> ChainCode => _chainCode;

    /// <summary>
    /// SHA-256 transcript digest over (key id, epoch, t, parties, PK, all P(k), chain code): equal on
    /// all parties of one epoch, different between epochs. Signing compares it across signers.
    /// </summary>
    public ReadOnlySpan<byte> PublicDigest => _publicDigest;

    /// <summary>x_i (inside the library only).</summary>
    internal SecretScalar Secret
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _secret;
        }
    }

    /// <summary>Pairwise setups in the order of <see cref="Parties"/> without this party.</summary>
    public IReadOnlyList<PairwiseSetup> Pairwise
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _pairwise;
        }
    }

    /// <summary>n.</summary>
    public int PartyCount => _parties.Length;

    /// <summary>P(k) of a committee member.</summary>
    public Point PublicShare(PartyIndex party) => _publicShares[PositionOf(party)];

    /// <summary>The setup towards a counterparty.</summary>
    public PairwiseSetup PairwiseWith(PartyIndex counterparty)
    {
        if (counterparty == Self)
        {
            throw new ArgumentException("no pairwise setup with oneself", nameof(counterparty));
        }

        var p = PositionOf(counterparty);
        return Pairwise[p < PositionOf(Self) ? p : p - 1];
    }

    /// <summary>Position of a party in <see cref="Parties"/>; throws if it is not a member.</summary>
    public int PositionOf(PartyIndex party)
    {
        var p = Array.BinarySearch(_parties, party);
        return p >= 0 ? p : throw new ArgumentException($"{party} is not in the committee", nameof(party));
    }

    /// <summary>True if both shares belong to the same key at the same epoch with the same public data.</summary>
    public bool SamePublicState(KeyShare other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _publicDigest.AsSpan().SequenceEqual(other._publicDigest);
    }

    /// <summary>The public part of this share (what a party joining in a reshare needs; no chain code).</summary>
    public KeyPublicState PublicState => new(KeyId, Epoch, Threshold, _parties, GroupKey, _publicShares, _publicDigest);

    /// <summary>Canonical encoding with version byte and integrity digest (see <see cref="KeyShareCodec"/>). Contains secrets.</summary>
    public byte[] Encode()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return KeyShareCodec.Encode(this);
    }

    /// <summary>Strict decoding; throws <see cref="CryptoFormatException"/> whose Check is one of <see cref="KeyShareChecks"/>.</summary>
    public static KeyShare Decode(ReadOnlySpan<byte> encoded) => KeyShareCodec.Decode(encoded);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _secret.Dispose();
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(_chainCode);
        foreach (var p in _pairwise)
        {
            p.Dispose();
        }

        _disposed = true;
    }

    public override string ToString() =>
        $"KeyShare(party={Self}, t={Threshold}, n={PartyCount}, epoch={Epoch}, key={GroupKey}, redacted)";

    private byte[] ComputePublicDigest() =>
        ComputePublicDigest(KeyId, Epoch, Threshold, _parties, _publicShares, GroupKey.Point, _chainCode);

    /// <summary>The digest of <see cref="PublicDigest"/> from its parts (reshare checks a forwarded chain code with it).</summary>
    internal static byte[] ComputePublicDigest(
        SessionId keyId, uint epoch, int threshold, IReadOnlyList<PartyIndex> parties, IReadOnlyList<Point> publicShares, Point groupKey, ReadOnlySpan<byte> chainCode)
    {
        var t = new Transcript("DltSigner/key-share/public/v1")
            .Append("key-id", keyId.Bytes)
            .Append("epoch", epoch)
            .Append("t", (ulong)threshold)
            .Append("n", (ulong)parties.Count);
        for (var p = 0; p < parties.Count; p++)
        {
            t.Append("party", parties[p].Value).Append("public-share", publicShares[p]);
        }

        t.Append("group-key", groupKey).Append("chain-code", chainCode);
        return t.Challenge("digest", 32);
    }
}
