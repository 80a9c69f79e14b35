using System.Collections.Concurrent;
using DltSigner.P2P.Framing;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DltSigner.P2P.RequestResponse;

/// <summary>Handles one request from an authenticated peer and returns the response bytes.</summary>
public delegate ValueTask<byte[]> RequestHandler(PeerId remote, byte[] request, CancellationToken cancellationToken);

/// <summary>
/// The answering side of our request/response protocol. Each inbound stream carries one request:
/// its length is checked before it is buffered, the exchange has a deadline, and a peer may have only
/// <see cref="RequestResponseOptions.MaxConcurrentPerPeer"/> requests in flight. A bad frame, a slow
/// peer or a failing handler closes that stream only.
/// </summary>
public sealed partial class RequestResponseServer : IStreamHandler
{
    private readonly RequestHandler handler;
    private readonly RequestResponseOptions options;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<PeerId, int> inFlight = new();

    public RequestResponseServer(RequestHandler handler, string protocol = RequestResponseOptions.DefaultProtocol, RequestResponseOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        this.handler = handler;
        Protocol = protocol;
        this.options = options ?? new RequestResponseOptions();
        this.logger = logger ?? NullLogger.Instance;
    }

    public string Protocol { get; }

    public async Task HandleAsync(PeerId remote, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (inFlight.AddOrUpdate(remote, 1, (_, n) => n + 1) > options.MaxConcurrentPerPeer)
        {
            Release(remote);
            LogRefused(logger, remote.ToString(), Protocol, "too many requests in flight");
            return;
        }

        using var deadline = new CancellationTokenSource(options.Timeout, options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var request = await StreamFrames.ReadAsync(stream, options.MaxRequestSize, linked.Token).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }

            var response = await handler(remote, request, linked.Token).ConfigureAwait(false);
            if (response.Length > options.MaxResponseSize)
            {
                LogRefused(logger, remote.ToString(), Protocol, "response above the size limit");
                return;
            }

            await StreamFrames.WriteAsync(stream, response, linked.Token).ConfigureAwait(false);
        }
        catch (FrameException e)
        {
            LogRefused(logger, remote.ToString(), Protocol, e.Message);
        }
        catch (OperationCanceledException)
        {
            if (deadline.IsCancellationRequested)
            {
                LogRefused(logger, remote.ToString(), Protocol, "request timed out");
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            LogRefused(logger, remote.ToString(), Protocol, e.Message);
        }
        finally
        {
            Release(remote);
        }
    }

    private void Release(PeerId remote)
    {
        if (inFlight.AddOrUpdate(remote, 0, (_, n) => n - 1) <= 0)
        {
            inFlight.TryRemove(new KeyValuePair<PeerId, int>(remote, 0));
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "request from {Peer} on {Protocol} closed: {Reason}")]
    private static partial void LogRefused(ILogger logger, string peer, string protocol, string reason);
}
