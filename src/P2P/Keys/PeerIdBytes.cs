using System.Buffers.Binary;

namespace DltSigner.P2P.Keys;

/// <summary>
/// A peer id in its binary multihash form, as the pubsub, discovery and delivery layers carry it
/// (the `from` field, PRUNE peer info, the party ↔ peer map). Public value with byte equality.
/// </summary>
public readonly struct PeerIdBytes : IEquatable<PeerIdBytes>
{
    /// <summary>Longest accepted multihash: a sha2-256 digest (34 bytes) or an identity hash of a ≤ 42-byte key (44).</summary>
    public const int MaxLength = 64;

    private readonly byte[]? bytes;

    private PeerIdBytes(byte[] bytes) => this.bytes = bytes;

    public bool IsValid => bytes is not null;

    public ReadOnlyMemory<byte> Bytes => bytes ?? throw new InvalidOperationException("uninitialised peer id");

    /// <summary>Checks the multihash shape (identity or sha2-256, lengths that match); throws <see cref="FormatException"/> otherwise.</summary>
    public static PeerIdBytes FromBytes(ReadOnlySpan<byte> value) =>
        TryFromBytes(value, out var id) ? id : throw new FormatException("peer id: not an identity or sha2-256 multihash");

    public static bool TryFromBytes(ReadOnlySpan<byte> value, out PeerIdBytes id)
    {
        id = default;
        if (value.Length is < 2 or > MaxLength)
        {
            return false;
        }

        var ok = value[0] switch
        {
            0x00 => value[1] <= 42 && value.Length == 2 + value[1],
            0x12 => value[1] == 32 && value.Length == 34,
            _ => false,
        };
        if (ok)
        {
            id = new PeerIdBytes(value.ToArray());
        }

        return ok;
    }

    /// <summary>The peer id of a protobuf-encoded public key: inlined (identity multihash) up to 42 bytes, else its SHA-256.</summary>
    public static PeerIdBytes FromPublicKey(ReadOnlySpan<byte> publicKeyProtobuf)
    {
        if (publicKeyProtobuf.Length <= 42)
        {
            var inline = new byte[2 + publicKeyProtobuf.Length];
            inline[1] = (byte)publicKeyProtobuf.Length;
            publicKeyProtobuf.CopyTo(inline.AsSpan(2));
            return new PeerIdBytes(inline);
        }

        var hashed = new byte[34];
        hashed[0] = 0x12;
        hashed[1] = 32;
        System.Security.Cryptography.SHA256.HashData(publicKeyProtobuf, hashed.AsSpan(2));
        return new PeerIdBytes(hashed);
    }

    /// <summary>The protobuf public key inlined in an identity-multihash peer id, if it is one.</summary>
    public bool TryGetInlinedKey(out ReadOnlyMemory<byte> publicKeyProtobuf)
    {
        publicKeyProtobuf = default;
        if (bytes is null || bytes[0] != 0x00)
        {
            return false;
        }

        publicKeyProtobuf = bytes.AsMemory(2);
        return true;
    }

    public bool Equals(PeerIdBytes other) =>
        bytes is null ? other.bytes is null : other.bytes is not null && bytes.AsSpan().SequenceEqual(other.bytes);

    public override bool Equals(object? obj) => obj is PeerIdBytes other && Equals(other);

    public override int GetHashCode() =>
        bytes is null ? 0 : BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));

    /// <summary>Hex of the multihash (the base58 text form belongs to the identity layer's PeerId).</summary>
    public override string ToString() => bytes is null ? "PeerId(default)" : Convert.ToHexStringLower(bytes);

    public static bool operator ==(PeerIdBytes left, PeerIdBytes right) => left.Equals(right);
    public static bool operator !=(PeerIdBytes left, PeerIdBytes right) => !left.Equals(right);
}
