using DltSigner.P2P.Identity;

namespace DltSigner.P2P.Discovery;

/// <summary>
/// Who may connect and who may publish. The host asks <see cref="AllowsConnection"/> once the remote
/// peer id is authenticated (after the security handshake, before any stream is accepted); pubsub asks
/// <see cref="AllowsPublisher"/> for each message author; discovery drops announcements of peers that
/// may not connect.
/// </summary>
public interface IConnectionGater
{
    bool AllowsConnection(PeerId peer);

    bool AllowsPublisher(PeerId author);
}

/// <summary>An open network: every authenticated peer may connect and publish.</summary>
public sealed class OpenGater : IConnectionGater
{
    public static OpenGater Instance { get; } = new();

    public bool AllowsConnection(PeerId peer) => true;

    public bool AllowsPublisher(PeerId author) => true;
}

/// <summary>A permissioned deployment: only the listed peer ids may connect or publish.</summary>
public sealed class AllowlistGater : IConnectionGater
{
    private readonly HashSet<PeerId> allowed;

    public AllowlistGater(IEnumerable<PeerId> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        allowed = [.. peers];
        if (allowed.Any(p => p is null))
        {
            throw new ArgumentException("uninitialised peer id in the allowlist", nameof(peers));
        }
    }

    public IReadOnlyCollection<PeerId> Allowed => allowed;

    public bool AllowsConnection(PeerId peer) => allowed.Contains(peer);

    public bool AllowsPublisher(PeerId author) => allowed.Contains(author);
}

/// <summary>
/// Applies a gater to a libp2p host from outside its connection upgrade: a connection from a peer the
/// gater refuses is closed as soon as the host reports it (after Noise authenticated the peer id and
/// identify ran). A gate inside the host's upgrade would be earlier; until the host has one, pubsub
/// (<see cref="Pubsub.HostPubsub"/>) and the MPC delivery refuse such peers on their own streams.
/// </summary>
public static class HostGating
{
    public static void Enforce(Host.P2PHost host, IConnectionGater gater)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(gater);
        void Check(object? sender, Host.PeerEventArgs e)
        {
            if (!gater.AllowsConnection(e.Peer))
            {
                _ = e.Connection.DisposeAsync().AsTask();
            }
        }

        host.PeerConnected += Check;
        host.PeerIdentified += Check;
    }
}
