using System.Security.Cryptography;
using DltSigner.P2P.Protos;
using Google.Protobuf;
using NSec.Cryptography;

namespace DltSigner.P2P.Identity;

/// <summary>
/// This node's Ed25519 identity private key. Sealed and disposable; prints nothing; export (the libp2p
/// PrivateKey protobuf: Data = 32-byte seed || 32-byte public key) is an explicit call.
/// </summary>
public sealed class IdentityKey : IDisposable
{
    private readonly Key _key;

    private IdentityKey(Key key)
    {
        _key = key;
        PublicKey = new Ed25519PeerPublicKey(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        PeerId = PeerId.FromPublicKey(PublicKey);
    }

    public Ed25519PeerPublicKey PublicKey { get; }

    public PeerId PeerId { get; }

    /// <summary>A new random key (libsodium's generator, the OS CSPRNG).</summary>
    public static IdentityKey Generate() =>
        new(Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>A key from its 32-byte seed.</summary>
    public static IdentityKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
        {
            throw new FormatException("Ed25519 seed must be 32 bytes");
        }

        return new(Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
    }

    /// <summary>Decodes a libp2p PrivateKey protobuf holding an Ed25519 key; the embedded public half must match the seed.</summary>
    public static IdentityKey FromProtobuf(ReadOnlySpan<byte> protobuf)
    {
        Protos.PrivateKey message;
        try
        {
            message = Protos.PrivateKey.Parser.ParseFrom(protobuf);
        }
        catch (InvalidProtocolBufferException)
        {
            throw new FormatException("private key protobuf malformed");
        }

        if (!message.HasType || message.Type != KeyType.Ed25519 || !message.HasData || message.Data.Length != 64)
        {
            throw new FormatException("private key protobuf is not a 64-byte Ed25519 key");
        }

        var data = message.Data.Span;
        var key = FromSeed(data[..32]);
        if (!CryptographicOperations.FixedTimeEquals(key.PublicKey.Data.Span, data[32..]))
        {
            key.Dispose();
            throw new FormatException("private key protobuf: public half does not match the seed");
        }

        return key;
    }

    /// <summary>Exports the key as a libp2p PrivateKey protobuf (secret: the caller stores it safely and zeroes it).</summary>
    public byte[] ExportProtobuf()
    {
        var data = new byte[64];
        var seed = _key.Export(KeyBlobFormat.RawPrivateKey);
        try
        {
            seed.CopyTo(data, 0);
            PublicKey.Data.Span.CopyTo(data.AsSpan(32));
            return new Protos.PrivateKey { Type = KeyType.Ed25519, Data = ByteString.CopyFrom(data) }.ToByteArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(data);
        }
    }

    public byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    public void Dispose() => _key.Dispose();

    public override string ToString() => $"IdentityKey({PeerId})";
}
