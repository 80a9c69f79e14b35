using DltSigner.P2P.Identity;

namespace DltSigner.P2P.Pubsub;

/// <summary>A validated message delivered to a local subscriber: its author is authenticated by the StrictSign signature.</summary>
public sealed record PubsubMessage(
    string Topic,
    ReadOnlyMemory<byte> Data,
    PeerId Author,
    ulong SequenceNumber,
    MessageId Id,
    PeerId ReceivedFrom);
