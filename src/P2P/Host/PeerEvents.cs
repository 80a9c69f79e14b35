using DltSigner.P2P.Identify;
using DltSigner.P2P.Identity;

namespace DltSigner.P2P.Host;

public enum ConnectionDirection
{
    Inbound,
    Outbound,
}

/// <summary>
/// A peer event. For <see cref="P2PHost.PeerConnected"/> and <see cref="P2PHost.PeerIdentified"/>,
/// <see cref="Identify"/> is what the peer sent in identify (null when identify failed or timed out).
/// </summary>
public sealed class PeerEventArgs(P2PConnection connection, IdentifyInfo? identify) : EventArgs
{
    public P2PConnection Connection { get; } = connection;

    public PeerId Peer => Connection.RemotePeer;

    public IdentifyInfo? Identify { get; } = identify;
}

/// <summary>Handles one inbound stream whose protocol was negotiated; the stream is disposed after it returns.</summary>
public delegate Task StreamHandler(P2PStream stream, CancellationToken ct);
