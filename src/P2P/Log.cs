using Microsoft.Extensions.Logging;

namespace DltSigner.P2P;

/// <summary>The P2P stack's log events (source-generated). Never key material; peer ids and addresses are public.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "yamux protocol error, closing the connection: {Reason}")]
    public static partial void YamuxProtocolError(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Debug, "yamux go-away received (code {Code})")]
    public static partial void YamuxGoAway(ILogger logger, uint code);

    [LoggerMessage(3, LogLevel.Warning, "yamux stream {StreamId} refused: {Limit} streams open")]
    public static partial void YamuxStreamRefused(ILogger logger, uint streamId, int limit);

    [LoggerMessage(10, LogLevel.Information, "listening on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(11, LogLevel.Information, "connected to {Peer} ({Direction}, {Address})")]
    public static partial void Connected(ILogger logger, string peer, string direction, string address);

    [LoggerMessage(12, LogLevel.Information, "disconnected from {Peer}")]
    public static partial void Disconnected(ILogger logger, string peer);

    [LoggerMessage(13, LogLevel.Warning, "connection from {Address} failed its upgrade: {Reason}")]
    public static partial void UpgradeFailed(ILogger logger, string address, string reason);

    [LoggerMessage(14, LogLevel.Warning, "connection refused by the resource manager: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string reason);

    [LoggerMessage(15, LogLevel.Debug, "stream from {Peer} closed: {Reason}")]
    public static partial void StreamFailed(ILogger logger, string peer, string reason);

    [LoggerMessage(16, LogLevel.Debug, "identify with {Peer} failed: {Reason}")]
    public static partial void IdentifyFailed(ILogger logger, string peer, string reason);

    [LoggerMessage(17, LogLevel.Information, "idle connection to {Peer} closed")]
    public static partial void IdleClosed(ILogger logger, string peer);
}
