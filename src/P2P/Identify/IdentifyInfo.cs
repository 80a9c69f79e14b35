using DltSigner.P2P.Identity;
using DltSigner.P2P.Multiformats;
using Google.Protobuf;

namespace DltSigner.P2P.Identify;

/// <summary>What a peer said about itself in identify (/ipfs/id/1.0.0 or a push).</summary>
public sealed record IdentifyInfo(
    PeerId PeerId,
    string? ProtocolVersion,
    string? AgentVersion,
    IReadOnlyList<string> Protocols,
    IReadOnlyList<Multiaddr> ListenAddresses,
    Multiaddr? ObservedAddress)
{
    public const int MaxProtocols = 512;
    public const int MaxAddresses = 128;
    public const int MaxStringLength = 1024;

    public bool Supports(string protocol) => Protocols.Contains(protocol);

    /// <summary>
    /// Decodes an identify message from <paramref name="peer"/>; a public key that does not match the
    /// authenticated peer id, or a message past the limits, throws <see cref="P2PProtocolException"/>.
    /// Addresses that do not parse are skipped (peers advertise transports this node does not know).
    /// </summary>
    public static IdentifyInfo Decode(Protos.Identify message, PeerId peer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(peer);
        if (message.HasPublicKey && (!PeerPublicKey.TryFromProtobuf(message.PublicKey.Span, out var key) || !peer.Matches(key)))
        {
            throw new P2PProtocolException("identify: public key does not match the connection's peer id");
        }

        if (message.Protocols.Count > MaxProtocols || message.ListenAddrs.Count > MaxAddresses
            || message.Protocols.Any(p => p.Length > MaxStringLength) || message.AgentVersion.Length > MaxStringLength
            || message.ProtocolVersion.Length > MaxStringLength)
        {
            throw new P2PProtocolException("identify: message exceeds the protocol, address or string limits");
        }

        var addresses = new List<Multiaddr>();
        foreach (var bytes in message.ListenAddrs)
        {
            if (Multiaddr.TryFromBytes(bytes.Span, out var addr))
            {
                addresses.Add(addr);
            }
        }

        Multiaddr? observed = null;
        if (message.HasObservedAddr)
        {
            Multiaddr.TryFromBytes(message.ObservedAddr.Span, out observed);
        }

        return new IdentifyInfo(
            peer,
            message.HasProtocolVersion ? message.ProtocolVersion : null,
            message.HasAgentVersion ? message.AgentVersion : null,
            message.Protocols.Distinct(StringComparer.Ordinal).ToArray(),
            addresses,
            observed);
    }

    /// <summary>This info updated by a push: the fields the push carries replace these.</summary>
    public IdentifyInfo Merge(Protos.Identify push)
    {
        ArgumentNullException.ThrowIfNull(push);
        var update = Decode(push, PeerId);
        return new IdentifyInfo(
            PeerId,
            update.ProtocolVersion ?? ProtocolVersion,
            update.AgentVersion ?? AgentVersion,
            push.Protocols.Count > 0 ? update.Protocols : Protocols,
            push.ListenAddrs.Count > 0 ? update.ListenAddresses : ListenAddresses,
            update.ObservedAddress ?? ObservedAddress);
    }

    internal static Protos.Identify Build(
        PeerPublicKey key, string agentVersion, IEnumerable<string> protocols, IEnumerable<Multiaddr> listen, Multiaddr? observed)
    {
        var message = new Protos.Identify
        {
            ProtocolVersion = IdentifyProtocol.ProtocolVersion,
            AgentVersion = agentVersion,
            PublicKey = ByteString.CopyFrom(key.ToProtobuf()),
        };
        message.Protocols.AddRange(protocols);
        message.ListenAddrs.AddRange(listen.Select(a => ByteString.CopyFrom(a.WithoutPeerId().ToBytes())));
        if (observed is not null)
        {
            message.ObservedAddr = ByteString.CopyFrom(observed.ToBytes());
        }

        return message;
    }
}
