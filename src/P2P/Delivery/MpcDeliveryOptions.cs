using DltSigner.P2P.RequestResponse;

namespace DltSigner.P2P.Delivery;

public sealed record MpcDeliveryOptions
{
    /// <summary>The stream protocol that carries protocol envelopes between parties.</summary>
    public const string Protocol = "/dltsigner/mpc/1.0.0";

    /// <summary>How long a sender keeps retrying a recipient that has not opened the session yet.</summary>
    public TimeSpan SessionWait { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Messages queued for one session before a sender is refused (a flood cannot grow memory).</summary>
    public int MaxQueuedPerSession { get; init; } = 4096;

    /// <summary>Distinct (protocol, round, recipient) messages accepted per sender and session.</summary>
    public int MaxMessagesPerSender { get; init; } = 1024;

    /// <summary>Closed session ids remembered, so that late or replayed messages for them are refused, not retried.</summary>
    public int ClosedSessionsRemembered { get; init; } = 4096;

    public RequestResponseOptions Exchange { get; init; } = new();
}

/// <summary>The one-byte answer to a delivered envelope.</summary>
internal enum DeliveryAck : byte
{
    Accepted = 0,

    /// <summary>No such session open here (yet): the sender retries until <see cref="MpcDeliveryOptions.SessionWait"/>.</summary>
    UnknownSession = 1,

    /// <summary>Failed a check (sender not the authenticated peer, not for this party, flood, undecodable).</summary>
    Refused = 2,

    /// <summary>An identical copy was already delivered: not delivered again.</summary>
    Duplicate = 3,

    /// <summary>The session is over here: the message is dropped, and the sender treats it as delivered.</summary>
    Closed = 4,
}
