using System.Buffers.Binary;
using System.Text;

namespace DltSigner.Core.Mpc;

/// <summary>
/// Binary envelope format, all integers big-endian:
/// magic "DSM" || version 01 || session (32) || protocol length (u8, 1..64) || protocol (ASCII) ||
/// round (u16, ≥ 1) || sender (u16, ≥ 1) || kind (u8: 0 broadcast, 1 point-to-point) ||
/// recipient (u16: 0 for a broadcast, else ≥ 1 and ≠ sender) || payload length (u32, ≤ 4 MiB) || payload.
/// The input must be exactly one envelope: no trailing bytes.
/// </summary>
internal static class EnvelopeCodec
{
    public const byte Version = 1;

    /// <summary>magic+version 4, session 32, name length 1, round 2, sender 2, kind 1, recipient 2, payload length 4.</summary>
    public const int FixedHeaderSize = 4 + SessionId.Size + 1 + 2 + 2 + 1 + 2 + 4;

    private static ReadOnlySpan<byte> Magic => "DSM"u8;

    public static byte[] Encode(Envelope e)
    {
        var size = FixedHeaderSize + e.Protocol.Length + e.Payload.Length;
        var buffer = new byte[size];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        span[3] = Version;
        e.Session.WriteBytes(span[4..]);
        var at = 4 + SessionId.Size;
        span[at++] = (byte)e.Protocol.Length;
        at += Encoding.ASCII.GetBytes(e.Protocol, span[at..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], e.Round);
        BinaryPrimitives.WriteUInt16BigEndian(span[(at + 2)..], e.Sender.Value);
        span[at + 4] = (byte)e.Kind;
        BinaryPrimitives.WriteUInt16BigEndian(span[(at + 5)..], e.Recipient?.Value ?? 0);
        BinaryPrimitives.WriteUInt32BigEndian(span[(at + 7)..], (uint)e.Payload.Length);
        e.Payload.Span.CopyTo(span[(at + 11)..]);
        return buffer;
    }

    public static Envelope Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length > Envelope.MaxMessageSize)
        {
            throw Fail("longer than the maximum message size");
        }

        if (data.Length < FixedHeaderSize + 1)
        {
            throw Fail("shorter than the header");
        }

        if (!data[..3].SequenceEqual(Magic))
        {
            throw Fail("bad magic");
        }

        if (data[3] != Version)
        {
            throw Fail("unsupported version");
        }

        var session = SessionId.FromBytes(data.Slice(4, SessionId.Size));
        var at = 4 + SessionId.Size;
        int nameLength = data[at++];
        if (nameLength is 0 or > Envelope.MaxProtocolNameLength || data.Length < FixedHeaderSize + nameLength)
        {
            throw Fail("bad protocol name length");
        }

        var nameBytes = data.Slice(at, nameLength);
        foreach (var b in nameBytes)
        {
            if (b >= 0x80)
            {
                throw Fail("protocol name not ASCII");
            }
        }

        var protocol = Encoding.ASCII.GetString(nameBytes);
        if (!Envelope.IsValidProtocolName(protocol))
        {
            throw Fail("protocol name has invalid characters");
        }

        at += nameLength;
        var round = BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
        var sender = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 2)..]);
        var kind = data[at + 4];
        var recipient = BinaryPrimitives.ReadUInt16BigEndian(data[(at + 5)..]);
        var payloadLength = BinaryPrimitives.ReadUInt32BigEndian(data[(at + 7)..]);
        at += 11;
        if (round == 0)
        {
            throw Fail("round 0");
        }

        if (sender == 0)
        {
            throw Fail("sender index 0");
        }

        PartyIndex? to = kind switch
        {
            (byte)MessageKind.Broadcast when recipient == 0 => null,
            (byte)MessageKind.Broadcast => throw Fail("broadcast with a recipient"),
            (byte)MessageKind.PointToPoint when recipient == 0 => throw Fail("point-to-point without a recipient"),
            (byte)MessageKind.PointToPoint when recipient == sender => throw Fail("point-to-point to the sender itself"),
            (byte)MessageKind.PointToPoint => new PartyIndex(recipient),
            _ => throw Fail("unknown message kind"),
        };

        if (payloadLength > Envelope.MaxPayloadSize)
        {
            throw Fail("payload longer than the maximum");
        }

        if ((uint)(data.Length - at) != payloadLength)
        {
            throw Fail(data.Length - at < payloadLength ? "payload truncated" : "trailing bytes");
        }

        return new Envelope(session, protocol, round, new PartyIndex(sender), to, data[at..].ToArray());
    }

    private static CryptoFormatException Fail(string check) => new("envelope: " + check);
}
