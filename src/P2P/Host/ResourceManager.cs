using System.Diagnostics.CodeAnalysis;
using DltSigner.P2P.Identity;

namespace DltSigner.P2P.Host;

/// <summary>
/// Counts connections, pending handshakes and streams against <see cref="ResourceLimits"/>. Every reservation
/// either succeeds and must be released once, or fails with a reason the caller logs before closing the
/// offending connection or stream.
/// </summary>
public sealed class ResourceManager
{
    private readonly object _lock = new();
    private readonly Dictionary<PeerId, PeerUsage> _peers = [];
    private int _connections;
    private int _handshakes;

    public ResourceManager(ResourceLimits limits) => Limits = limits ?? throw new ArgumentNullException(nameof(limits));

    public ResourceLimits Limits { get; }

    public int Connections
    {
        get
        {
            lock (_lock)
            {
                return _connections;
            }
        }
    }

    public bool TryBeginHandshake([NotNullWhen(false)] out string? reason)
    {
        lock (_lock)
        {
            if (_handshakes >= Limits.MaxPendingHandshakes)
            {
                reason = $"{Limits.MaxPendingHandshakes} handshakes already pending";
                return false;
            }

            _handshakes++;
            reason = null;
            return true;
        }
    }

    public void EndHandshake()
    {
        lock (_lock)
        {
            _handshakes--;
        }
    }

    public bool TryAddConnection(PeerId peer, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_lock)
        {
            var usage = _peers.GetValueOrDefault(peer);
            if (_connections >= Limits.MaxConnections)
            {
                reason = $"{Limits.MaxConnections} connections open";
                return false;
            }

            if (usage.Connections >= Limits.MaxConnectionsPerPeer)
            {
                reason = $"{Limits.MaxConnectionsPerPeer} connections to {peer} open";
                return false;
            }

            _connections++;
            _peers[peer] = usage with { Connections = usage.Connections + 1 };
            reason = null;
            return true;
        }
    }

    public void RemoveConnection(PeerId peer)
    {
        lock (_lock)
        {
            _connections--;
            Update(peer, u => u with { Connections = u.Connections - 1 });
        }
    }

    public bool TryAddStream(PeerId peer, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_lock)
        {
            var usage = _peers.GetValueOrDefault(peer);
            if (usage.Streams >= Limits.MaxStreamsPerPeer)
            {
                reason = $"{Limits.MaxStreamsPerPeer} streams from {peer} open (buffer limit {Limits.MaxBufferedBytesPerPeer} bytes)";
                return false;
            }

            _peers[peer] = usage with { Streams = usage.Streams + 1 };
            reason = null;
            return true;
        }
    }

    public void RemoveStream(PeerId peer)
    {
        lock (_lock)
        {
            Update(peer, u => u with { Streams = u.Streams - 1 });
        }
    }

    public int StreamsOf(PeerId peer)
    {
        lock (_lock)
        {
            return _peers.GetValueOrDefault(peer).Streams;
        }
    }

    private void Update(PeerId peer, Func<PeerUsage, PeerUsage> change)
    {
        var usage = change(_peers.GetValueOrDefault(peer));
        if (usage is { Connections: <= 0, Streams: <= 0 })
        {
            _peers.Remove(peer);
        }
        else
        {
            _peers[peer] = usage;
        }
    }

    private readonly record struct PeerUsage(int Connections, int Streams);
}
