namespace DltSigner.P2P.Keys;

/// <summary>This node's identity as the pubsub layer needs it: its peer id, public key and a signing function.</summary>
public interface IPeerSigner
{
    PeerIdBytes PeerId { get; }

    /// <summary>The protobuf-encoded public key (what goes in a message's <c>key</c> field).</summary>
    ReadOnlyMemory<byte> PublicKeyProtobuf { get; }

    byte[] Sign(ReadOnlySpan<byte> data);
}
