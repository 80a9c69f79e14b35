using System.Buffers.Binary;

namespace DltSigner.P2P.Pubsub;

/// <summary>
/// A pubsub message id. Under StrictSign it is the default of js @libp2p/gossipsub 17
/// (<c>msgIdFnStrictSign</c>): the author's protobuf-encoded public key followed by the 8-byte big-endian
/// sequence number, so C# and js nodes in one mesh deduplicate the same way (go and rust use from || seqno).
/// </summary>
public readonly struct MessageId : IEquatable<MessageId>
{
    /// <summary>Longest id accepted in IHAVE/IWANT/IDONTWANT: a protobuf key (at most a few hundred bytes) plus 8.</summary>
    public const int MaxLength = 512;

    private readonly byte[]? bytes;
    private readonly int hash;

    internal MessageId(byte[] bytes)
    {
        this.bytes = bytes;
        var h = default(HashCode);
        h.AddBytes(bytes);
        hash = h.ToHashCode();
    }

    public ReadOnlyMemory<byte> Bytes => bytes ?? [];

    public static MessageId StrictSign(ReadOnlySpan<byte> authorPublicKeyProtobuf, ulong sequenceNumber)
    {
        var id = new byte[authorPublicKeyProtobuf.Length + 8];
        authorPublicKeyProtobuf.CopyTo(id);
        BinaryPrimitives.WriteUInt64BigEndian(id.AsSpan(authorPublicKeyProtobuf.Length), sequenceNumber);
        return new MessageId(id);
    }

    internal static MessageId FromWire(ReadOnlySpan<byte> value) => new(value.ToArray());

    public bool Equals(MessageId other) =>
        hash == other.hash && Bytes.Span.SequenceEqual(other.Bytes.Span);

    public override bool Equals(object? obj) => obj is MessageId other && Equals(other);

    public override int GetHashCode() => hash;

    public override string ToString() => Convert.ToHexStringLower(Bytes.Span);

    public static bool operator ==(MessageId left, MessageId right) => left.Equals(right);
    public static bool operator !=(MessageId left, MessageId right) => !left.Equals(right);
}
