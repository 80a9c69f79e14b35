using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using DltSigner.P2P.Multiformats;

namespace DltSigner.P2P.Identity;

/// <summary>
/// A libp2p peer id: the multihash of the peer's PublicKey protobuf, identity-hashed when that is at most
/// 42 bytes (Ed25519: base58 "12D3KooW..."), else SHA-256 ("Qm..."). Text forms: base58btc and CIDv1
/// (libp2p-key codec 0x72, multibase base32 'b').
/// </summary>
public sealed class PeerId : IEquatable<PeerId>
{
    /// <summary>Identity multihash is used for public key protobufs up to this length (peer-ids spec).</summary>
    public const int MaxInlineKeyLength = 42;

    private const byte IdentityCode = 0x00;
    private const byte Sha256Code = 0x12;
    private const byte LibP2PKeyCodec = 0x72;

    private readonly byte[] _multihash;

    private PeerId(byte[] multihash) => _multihash = multihash;

    /// <summary>The multihash bytes (what the p2p multiaddr component and protobufs carry).</summary>
    public ReadOnlySpan<byte> Bytes => _multihash;

    public static PeerId FromPublicKey(PeerPublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var protobuf = key.ToProtobuf();
        if (protobuf.Length <= MaxInlineKeyLength)
        {
            return new PeerId([IdentityCode, (byte)protobuf.Length, .. protobuf]);
        }

        return new PeerId([Sha256Code, 32, .. SHA256.HashData(protobuf)]);
    }

    /// <summary>A peer id from multihash bytes; throws <see cref="FormatException"/> unless it is an identity or SHA-256 multihash.</summary>
    public static PeerId FromBytes(ReadOnlySpan<byte> multihash) =>
        TryFromBytes(multihash, out var id) ? id : throw new FormatException("peer id is not an identity or sha2-256 multihash");

    public static bool TryFromBytes(ReadOnlySpan<byte> multihash, [NotNullWhen(true)] out PeerId? id)
    {
        id = null;
        if (multihash.Length < 2)
        {
            return false;
        }

        var ok = multihash[0] switch
        {
            IdentityCode => multihash[1] <= MaxInlineKeyLength && multihash.Length == 2 + multihash[1],
            Sha256Code => multihash[1] == 32 && multihash.Length == 34,
            _ => false,
        };
        if (ok)
        {
            id = new PeerId(multihash.ToArray());
        }

        return ok;
    }

    /// <summary>Parses base58btc ("12D3KooW...", "Qm...") or a CIDv1 libp2p-key in base32 ("bafz...").</summary>
    public static PeerId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("not a peer id (base58btc multihash or CIDv1 libp2p-key)");

    public static bool TryParse(string? text, [NotNullWhen(true)] out PeerId? id)
    {
        id = null;
        if (string.IsNullOrEmpty(text) || text.Length > 128)
        {
            return false;
        }

        if (text[0] == '1' || text.StartsWith("Qm", StringComparison.Ordinal))
        {
            return Base58.TryDecode(text, out var bytes) && TryFromBytes(bytes, out id);
        }

        if (text[0] == 'b')
        {
            if (!Base32.TryDecode(text.AsSpan(1), out var cid) || cid.Length < 3 || cid[0] != 0x01 || cid[1] != LibP2PKeyCodec)
            {
                return false;
            }

            return TryFromBytes(cid.AsSpan(2), out id);
        }

        return false;
    }

    /// <summary>The public key inlined in an identity multihash, or false for a hashed id (the key comes from the handshake).</summary>
    public bool TryGetPublicKey([NotNullWhen(true)] out PeerPublicKey? key)
    {
        key = null;
        return _multihash[0] == IdentityCode && PeerPublicKey.TryFromProtobuf(_multihash.AsSpan(2), out key);
    }

    /// <summary>True when <paramref name="key"/> is the key this id names.</summary>
    public bool Matches(PeerPublicKey key) => Equals(FromPublicKey(key));

    /// <summary>The CIDv1 text form (multibase base32, codec libp2p-key).</summary>
    public string ToCidString() => "b" + Base32.Encode([0x01, LibP2PKeyCodec, .. _multihash]);

    public byte[] ToByteArray() => (byte[])_multihash.Clone();

    /// <summary>The base58btc form.</summary>
    public override string ToString() => Base58.Encode(_multihash);

    public bool Equals(PeerId? other) => other is not null && _multihash.AsSpan().SequenceEqual(other._multihash);

    public override bool Equals(object? obj) => Equals(obj as PeerId);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_multihash);
        return hash.ToHashCode();
    }

    public static bool operator ==(PeerId? left, PeerId? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(PeerId? left, PeerId? right) => !(left == right);
}
