using DltSigner.P2P.Keys;

namespace DltSigner.P2P.Discovery;

/// <summary>
/// Who may connect and who may publish. The host asks <see cref="AllowsConnection"/> once the remote
/// peer id is authenticated (after the security handshake, before any stream is accepted); pubsub asks
/// <see cref="AllowsPublisher"/> for each message author; discovery drops announcements of peers that
/// may not connect.
/// </summary>
public interface IConnectionGater
{
    bool AllowsConnection(PeerIdBytes peer);

    bool AllowsPublisher(PeerIdBytes author);
}

/// <summary>An open network: every authenticated peer may connect and publish.</summary>
public sealed class OpenGater : IConnectionGater
{
    public static OpenGater Instance { get; } = new();

    public bool AllowsConnection(PeerIdBytes peer) => true;

    public bool AllowsPublisher(PeerIdBytes author) => true;
}

/// <summary>A permissioned deployment: only the listed peer ids may connect or publish.</summary>
public sealed class AllowlistGater : IConnectionGater
{
    private readonly HashSet<PeerIdBytes> allowed;

    public AllowlistGater(IEnumerable<PeerIdBytes> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        allowed = [.. peers];
        if (allowed.Any(p => !p.IsValid))
        {
            throw new ArgumentException("uninitialised peer id in the allowlist", nameof(peers));
        }
    }

    public IReadOnlyCollection<PeerIdBytes> Allowed => allowed;

    public bool AllowsConnection(PeerIdBytes peer) => allowed.Contains(peer);

    public bool AllowsPublisher(PeerIdBytes author) => allowed.Contains(author);
}
