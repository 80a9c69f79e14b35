namespace DltSigner.P2P.RequestResponse;

/// <summary>Bounds of our request/response protocol: sizes checked before buffering, one deadline per exchange, per-peer concurrency.</summary>
public sealed record RequestResponseOptions
{
    /// <summary>Our point-to-point protocol id.</summary>
    public const string DefaultProtocol = "/dltsigner/req/1.0.0";

    public int MaxRequestSize { get; init; } = Core.Mpc.Envelope.MaxMessageSize;
    public int MaxResponseSize { get; init; } = Core.Mpc.Envelope.MaxMessageSize;

    /// <summary>Deadline of a whole exchange: open, write, read the response (server: read the request, handle, answer).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Inbound requests handled at once per peer; further streams are closed unanswered.</summary>
    public int MaxConcurrentPerPeer { get; init; } = 16;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>A request got no valid response (refused, closed, timed out, oversized or malformed).</summary>
public sealed class RequestFailedException : IOException
{
    public RequestFailedException(string message)
        : base(message)
    {
    }

    public RequestFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RequestFailedException()
    {
    }
}
