using DltSigner.P2P.Yamux;

namespace DltSigner.P2P.Host;

/// <summary>
/// Every limit of the host in one place (go-libp2p's rcmgr idea, rust-libp2p's connection limits): the
/// <see cref="ResourceManager"/> enforces the counts, the yamux window bounds bytes per stream, and the
/// timeouts bound handshakes, stream negotiation and idle connections.
/// </summary>
public sealed record ResourceLimits
{
    public int MaxConnections { get; init; } = 128;

    /// <summary>Connections to one peer (two is normal when both dial at once).</summary>
    public int MaxConnectionsPerPeer { get; init; } = 4;

    /// <summary>Inbound connections still in their handshake at once (a flood of half-open sockets stops here).</summary>
    public int MaxPendingHandshakes { get; init; } = 32;

    /// <summary>Streams open at once on one connection, both directions.</summary>
    public int MaxStreamsPerConnection { get; init; } = 256;

    /// <summary>
    /// Bytes one peer may have buffered here across its streams. Each stream buffers at most its yamux
    /// window (<see cref="YamuxOptions.InitialWindow"/>), so this caps the peer's open streams at
    /// MaxBufferedBytesPerPeer / 256 KiB.
    /// </summary>
    public long MaxBufferedBytesPerPeer { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest length-prefixed message a protocol handler reads (identify, and protocols that use <see cref="Multiformats.LengthPrefixed"/>).</summary>
    public int MaxMessageSize { get; init; } = 1024 * 1024;

    /// <summary>TCP connect, multistream, Noise and muxer selection together.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>multistream-select on a new stream.</summary>
    public TimeSpan StreamNegotiationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection with no open stream for this long is closed (Infinite keeps it).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Streams one peer may hold open here: bounded by its count and by its buffered bytes.</summary>
    public int MaxStreamsPerPeer => (int)Math.Min(MaxStreamsPerConnection * (long)MaxConnectionsPerPeer, MaxBufferedBytesPerPeer / YamuxOptions.InitialWindow);
}
