namespace DltSigner.P2P.Yamux;

/// <summary>Per-session yamux limits (set from the host's <see cref="Host.ResourceLimits"/>).</summary>
public sealed record YamuxOptions
{
    /// <summary>The spec's initial stream window; also the most this side buffers per stream.</summary>
    public const int InitialWindow = 256 * 1024;

    /// <summary>Streams open at once on one session (both directions); a SYN beyond it is answered with RST.</summary>
    public int MaxStreams { get; init; } = 256;

    /// <summary>Largest data frame this side sends (smaller frames keep latency low for other streams).</summary>
    public int MaxSendFrame { get; init; } = 64 * 1024;

    /// <summary>Streams the remote may open but leave un-acknowledged by our handlers before we refuse more.</summary>
    public int MaxPendingInbound { get; init; } = 64;
}
