using System.Security.Cryptography;
using DltSigner.Core.Signatures;
using DltSigner.P2P.Protos;

namespace DltSigner.P2P.Identity;

/// <summary>
/// A secp256k1 identity public key (33-byte compressed point). libp2p signatures with it are DER ECDSA over
/// SHA-256 of the data; verified with Signer.Core's verifier (strict DER, high S accepted as go-libp2p does).
/// </summary>
public sealed class Secp256k1PeerPublicKey : PeerPublicKey
{
    /// <summary>A DER ECDSA signature on secp256k1 is at most 72 bytes.</summary>
    public const int MaxSignatureLength = 72;

    private readonly Core.Keys.PublicKey _key;

    public Secp256k1PeerPublicKey(ReadOnlySpan<byte> compressed)
        : base(KeyType.Secp256K1, compressed.ToArray())
    {
        if (compressed.Length != 33 || !Core.Keys.PublicKey.TryDecode(compressed, out var key) || key is null)
        {
            throw new FormatException("secp256k1 public key must be a 33-byte compressed point on the curve");
        }

        _key = key;
    }

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length > MaxSignatureLength)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(data, hash);
        return Ecdsa.VerifyDer(_key, hash, signature);
    }
}
