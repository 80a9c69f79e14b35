using Microsoft.Extensions.Logging;

namespace DltSigner.P2P.Pubsub;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "pubsub peer {Peer} added ({Protocol}, outbound {Outbound})")]
    public static partial void PeerAdded(ILogger logger, string peer, string protocol, bool outbound);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "pubsub peer {Peer} removed")]
    public static partial void PeerRemoved(ILogger logger, string peer);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "pubsub peer {Peer}: stream closed after a bad frame: {Reason}")]
    public static partial void BadFrame(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "pubsub peer {Peer}: RPC refused: {Reason}")]
    public static partial void RpcRefused(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "pubsub peer {Peer}: message on {Topic} rejected: {Reason}")]
    public static partial void MessageRejected(ILogger logger, string peer, string topic, MessageRejection reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "pubsub peer {Peer}: outbound queue full, frame dropped")]
    public static partial void QueueFull(ILogger logger, string peer);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "pubsub peer {Peer}: GRAFT on {Topic} refused: {Reason}")]
    public static partial void GraftRefused(ILogger logger, string peer, string topic, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "pubsub peer {Peer}: message from publisher {Author} refused by the gater")]
    public static partial void PublisherRefused(ILogger logger, string peer, string author);

    [LoggerMessage(EventId = 108, Level = LogLevel.Debug, Message = "pubsub peer {Peer}: send failed: {Reason}")]
    public static partial void SendFailed(ILogger logger, string peer, string reason);
}
