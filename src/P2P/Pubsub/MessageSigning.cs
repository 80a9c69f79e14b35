using System.Buffers.Binary;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub.Wire;
using Google.Protobuf;

namespace DltSigner.P2P.Pubsub;

/// <summary>Why an inbound message was rejected (scored as an invalid delivery, P4).</summary>
public enum MessageRejection
{
    None,
    MissingTopic,
    InvalidSeqno,
    InvalidPeerId,
    MissingKey,
    KeyMismatch,
    InvalidSignature,
}

/// <summary>
/// StrictSign, as libp2p/specs pubsub "Message Signing" and js @libp2p/gossipsub: the author signs
/// "libp2p-pubsub:" || protobuf(Message without signature and key); seqno is 8 bytes big-endian;
/// <c>key</c> carries the author's public key unless it is inlined in the peer id.
/// </summary>
internal static class MessageSigning
{
    public const int SeqnoSize = 8;

    private static ReadOnlySpan<byte> Prefix => "libp2p-pubsub:"u8;

    public static Message Sign(IdentityKey author, string topic, ReadOnlySpan<byte> data, ulong seqno)
    {
        ArgumentNullException.ThrowIfNull(author);
        var seq = new byte[SeqnoSize];
        BinaryPrimitives.WriteUInt64BigEndian(seq, seqno);
        var message = new Message
        {
            From = ByteString.CopyFrom(author.PeerId.Bytes),
            Data = ByteString.CopyFrom(data),
            Seqno = ByteString.CopyFrom(seq),
            Topic = topic,
        };
        message.Signature = ByteString.CopyFrom(author.Sign(SignedBytes(message)));
        message.Key = ByteString.CopyFrom(author.PublicKey.ToProtobuf());
        return message;
    }

    /// <summary>Checks a received message; on success gives its author, sequence number and the author key's protobuf.</summary>
    public static MessageRejection Validate(Message message, out PeerId? author, out ulong seqno, out ReadOnlyMemory<byte> authorKey)
    {
        ArgumentNullException.ThrowIfNull(message);
        author = null;
        seqno = 0;
        authorKey = default;
        if (!message.HasTopic || message.Topic.Length == 0)
        {
            return MessageRejection.MissingTopic;
        }

        if (!message.HasSeqno || message.Seqno.Length != SeqnoSize)
        {
            return MessageRejection.InvalidSeqno;
        }

        if (!message.HasFrom || !PeerId.TryFromBytes(message.From.Span, out var from))
        {
            return MessageRejection.InvalidPeerId;
        }

        PeerPublicKey? key;
        if (message.HasKey)
        {
            if (!PeerPublicKey.TryFromProtobuf(message.Key.Span, out key))
            {
                return MessageRejection.InvalidPeerId;
            }

            if (!from.Matches(key))
            {
                return MessageRejection.KeyMismatch;
            }
        }
        else if (!from.TryGetPublicKey(out key))
        {
            return MessageRejection.MissingKey;
        }

        bool valid;
        try
        {
            valid = message.HasSignature && key.Verify(SignedBytes(message), message.Signature.Span);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            valid = false;
        }

        if (!valid)
        {
            return MessageRejection.InvalidSignature;
        }

        author = from;
        authorKey = message.HasKey ? message.Key.Memory : key.ToProtobuf();
        seqno = BinaryPrimitives.ReadUInt64BigEndian(message.Seqno.Span);
        return MessageRejection.None;
    }

    /// <summary>"libp2p-pubsub:" || the message encoded without its signature and key fields.</summary>
    internal static byte[] SignedBytes(Message message)
    {
        var unsigned = message.Clone();
        unsigned.ClearSignature();
        unsigned.ClearKey();
        var size = unsigned.CalculateSize();
        var bytes = new byte[Prefix.Length + size];
        Prefix.CopyTo(bytes);
        unsigned.WriteTo(bytes.AsSpan(Prefix.Length));
        return bytes;
    }
}
