using NSec.Cryptography;

namespace DltSigner.P2P.Keys;

/// <summary>
/// libp2p public keys in their protobuf form (<c>message PublicKey { KeyType Type = 1; bytes Data = 2; }</c>)
/// for checking signatures made by other peers (pubsub StrictSign). Only the canonical encoding is
/// accepted; Ed25519 (type 1) is verified here, other key types are refused.
/// </summary>
public static class PublicKeys
{
    public const byte Ed25519Type = 1;
    public const int Ed25519KeySize = 32;
    public const int Ed25519ProtobufSize = 4 + Ed25519KeySize;

    /// <summary>08 01 12 20 || key: the protobuf of an Ed25519 public key.</summary>
    public static byte[] Ed25519Protobuf(ReadOnlySpan<byte> rawKey)
    {
        if (rawKey.Length != Ed25519KeySize)
        {
            throw new ArgumentException("an Ed25519 public key is 32 bytes", nameof(rawKey));
        }

        var proto = new byte[Ed25519ProtobufSize];
        proto[0] = 0x08;
        proto[1] = Ed25519Type;
        proto[2] = 0x12;
        proto[3] = Ed25519KeySize;
        rawKey.CopyTo(proto.AsSpan(4));
        return proto;
    }

    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="data"/> under the key; false for any malformed input.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKeyProtobuf, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKeyProtobuf.Length != Ed25519ProtobufSize
            || publicKeyProtobuf[0] != 0x08 || publicKeyProtobuf[1] != Ed25519Type
            || publicKeyProtobuf[2] != 0x12 || publicKeyProtobuf[3] != Ed25519KeySize
            || signature.Length != SignatureAlgorithm.Ed25519.SignatureSize)
        {
            return false;
        }

        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKeyProtobuf[4..], KeyBlobFormat.RawPublicKey, out var key))
        {
            return false;
        }

        return SignatureAlgorithm.Ed25519.Verify(key!, data, signature);
    }
}
