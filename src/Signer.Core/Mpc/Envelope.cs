using System.Security.Cryptography;

namespace DltSigner.Core.Mpc;

/// <summary>A broadcast goes to every other party of the session; a point-to-point message to one.</summary>
public enum MessageKind : byte
{
    Broadcast = 0,
    PointToPoint = 1,
}

/// <summary>
/// One protocol message on the wire: session, protocol name, round, sender, recipient (none for a
/// broadcast) and opaque payload. The constructor enforces every invariant the binary decoder
/// checks, so an Envelope in memory is always encodable. Point-to-point payloads may be secret:
/// ToString never prints payload bytes.
/// </summary>
public sealed record Envelope
{
    /// <summary>Largest payload (4 MiB): DKLs23 OT-extension messages are well below it.</summary>
    public const int MaxPayloadSize = 4 * 1024 * 1024;

    public const int MaxProtocolNameLength = 64;

    /// <summary>Largest encoded envelope: the fixed header, the longest protocol name and the largest payload.</summary>
    public const int MaxMessageSize = EnvelopeCodec.FixedHeaderSize + MaxProtocolNameLength + MaxPayloadSize;

    public Envelope(SessionId session, string protocol, ushort round, PartyIndex sender, PartyIndex? recipient, ReadOnlyMemory<byte> payload)
    {
        if (!session.IsValid)
        {
            throw new ArgumentException("uninitialised session id", nameof(session));
        }

        if (!IsValidProtocolName(protocol))
        {
            throw new ArgumentException("protocol name must be 1..64 characters of [A-Za-z0-9._/-]", nameof(protocol));
        }

        ArgumentOutOfRangeException.ThrowIfZero(round);
        if (!sender.IsValid)
        {
            throw new ArgumentException("invalid sender index", nameof(sender));
        }

        if (recipient is { } r && (!r.IsValid || r == sender))
        {
            throw new ArgumentException("recipient must be a valid index other than the sender", nameof(recipient));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, MaxPayloadSize);
        Session = session;
        Protocol = protocol;
        Round = round;
        Sender = sender;
        Recipient = recipient;
        Payload = payload;
    }

    public SessionId Session { get; }

    public string Protocol { get; }

    /// <summary>1-based round number; the echo-broadcast layer uses the high bit (see <see cref="EchoBroadcast"/>).</summary>
    public ushort Round { get; }

    public PartyIndex Sender { get; }

    public PartyIndex? Recipient { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    public MessageKind Kind => Recipient is null ? MessageKind.Broadcast : MessageKind.PointToPoint;

    /// <summary>Same header and same payload bytes (duplicate detection compares content, not references).</summary>
    public bool Equals(Envelope? other) =>
        other is not null
        && Session == other.Session
        && string.Equals(Protocol, other.Protocol, StringComparison.Ordinal)
        && Round == other.Round
        && Sender == other.Sender
        && Recipient == other.Recipient
        && Payload.Length == other.Payload.Length
        && CryptographicOperations.FixedTimeEquals(Payload.Span, other.Payload.Span);

    public override int GetHashCode() => HashCode.Combine(Session, Protocol, Round, Sender, Recipient, Payload.Length);

    public override string ToString() =>
        $"Envelope({Protocol} round {Round} {Sender}->{(Recipient?.ToString() ?? "all")}, {Payload.Length} bytes)";

    public byte[] Encode() => EnvelopeCodec.Encode(this);

    /// <summary>Strict decoding; throws <see cref="CryptoFormatException"/> naming the failed check.</summary>
    public static Envelope Decode(ReadOnlySpan<byte> encoded) => EnvelopeCodec.Decode(encoded);

    internal static bool IsValidProtocolName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxProtocolNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '/' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
