using DltSigner.P2P.Protos;
using NSec.Cryptography;

namespace DltSigner.P2P.Identity;

/// <summary>An Ed25519 identity public key (RFC 8032 signatures over the message itself).</summary>
public sealed class Ed25519PeerPublicKey : PeerPublicKey
{
    private readonly NSec.Cryptography.PublicKey _key;

    public Ed25519PeerPublicKey(ReadOnlySpan<byte> raw)
        : base(KeyType.Ed25519, raw.ToArray())
    {
        if (raw.Length != 32 || !NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            throw new FormatException("Ed25519 public key must be 32 bytes");
        }

        _key = key;
    }

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureAlgorithm.Ed25519.SignatureSize && SignatureAlgorithm.Ed25519.Verify(_key, data, signature);
}
