using DltSigner.P2P.Protos;
using Google.Protobuf;

namespace DltSigner.P2P.Identity;

/// <summary>
/// A peer's public identity key as libp2p carries it (peer-ids spec): Ed25519 (ours and most peers') or
/// secp256k1 (accepted from others). RSA and ECDSA P-256 keys are refused.
/// </summary>
public abstract class PeerPublicKey : IEquatable<PeerPublicKey>
{
    /// <summary>Largest PublicKey protobuf accepted from the wire (an Ed25519 one is 36 bytes, secp256k1 37).</summary>
    public const int MaxProtobufLength = 128;

    private protected PeerPublicKey(KeyType type, byte[] data)
    {
        Type = type;
        Data = data;
    }

    public KeyType Type { get; }

    /// <summary>The key's own encoding (Ed25519: 32 bytes; secp256k1: 33-byte compressed point).</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Checks a signature made with the private key over <paramref name="data"/>.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    /// <summary>The deterministic PublicKey protobuf (field 1 type, field 2 data), the bytes peer ids hash.</summary>
    public byte[] ToProtobuf() => new Protos.PublicKey { Type = Type, Data = ByteString.CopyFrom(Data.Span) }.ToByteArray();

    public PeerId ToPeerId() => PeerId.FromPublicKey(this);

    /// <summary>Decodes a PublicKey protobuf; throws <see cref="FormatException"/> for a malformed or unsupported key.</summary>
    public static PeerPublicKey FromProtobuf(ReadOnlySpan<byte> protobuf)
    {
        if (protobuf.Length > MaxProtobufLength)
        {
            throw new FormatException("public key protobuf too long");
        }

        Protos.PublicKey message;
        try
        {
            message = Protos.PublicKey.Parser.ParseFrom(protobuf);
        }
        catch (InvalidProtocolBufferException)
        {
            throw new FormatException("public key protobuf malformed");
        }

        if (!message.HasType || !message.HasData)
        {
            throw new FormatException("public key protobuf lacks its type or data");
        }

        var key = FromRaw(message.Type, message.Data.Span);
        if (!protobuf.SequenceEqual(key.ToProtobuf()))
        {
            // Peer ids hash the canonical encoding; a second encoding of one key would give a second id.
            throw new FormatException("public key protobuf not canonically encoded");
        }

        return key;
    }

    public static bool TryFromProtobuf(ReadOnlySpan<byte> protobuf, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PeerPublicKey? key)
    {
        try
        {
            key = FromProtobuf(protobuf);
            return true;
        }
        catch (FormatException)
        {
            key = null;
            return false;
        }
    }

    /// <summary>A key from its type and raw data; throws <see cref="FormatException"/> when the data is not a valid key of that type.</summary>
    public static PeerPublicKey FromRaw(KeyType type, ReadOnlySpan<byte> data) => type switch
    {
        KeyType.Ed25519 => new Ed25519PeerPublicKey(data),
        KeyType.Secp256K1 => new Secp256k1PeerPublicKey(data),
        _ => throw new FormatException($"unsupported key type {type}"),
    };

    public bool Equals(PeerPublicKey? other) => other is not null && other.Type == Type && other.Data.Span.SequenceEqual(Data.Span);

    public override bool Equals(object? obj) => Equals(obj as PeerPublicKey);

    public override int GetHashCode() => HashCode.Combine(Type, Data.Length, Data.Span[0], Data.Span[^1]);

    public override string ToString() => $"{Type}:{Convert.ToHexStringLower(Data.Span)}";
}
