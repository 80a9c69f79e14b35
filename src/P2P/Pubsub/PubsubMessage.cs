using DltSigner.P2P.Keys;

namespace DltSigner.P2P.Pubsub;

/// <summary>A validated message delivered to a local subscriber: its author is authenticated by the StrictSign signature.</summary>
public sealed record PubsubMessage(
    string Topic,
    ReadOnlyMemory<byte> Data,
    PeerIdBytes Author,
    ulong SequenceNumber,
    MessageId Id,
    PeerIdBytes ReceivedFrom);
