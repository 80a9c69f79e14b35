using DltSigner.P2P.Framing;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Streams;

namespace DltSigner.P2P.RequestResponse;

/// <summary>
/// The requesting side of our request/response protocol: one stream per exchange, one uvarint
/// length-prefixed request frame, one length-prefixed response frame, then the stream is closed.
/// </summary>
public sealed class RequestResponseClient(IStreamDialer dialer, string protocol = RequestResponseOptions.DefaultProtocol, RequestResponseOptions? options = null)
{
    private readonly RequestResponseOptions options = options ?? new RequestResponseOptions();

    public string Protocol { get; } = protocol;

    /// <exception cref="RequestFailedException">no valid response within the deadline.</exception>
    public async Task<byte[]> RequestAsync(PeerId peer, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Length, options.MaxRequestSize);
        using var deadline = new CancellationTokenSource(options.Timeout, options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var stream = await dialer.OpenStreamAsync(peer, Protocol, linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await StreamFrames.WriteAsync(stream, request, linked.Token).ConfigureAwait(false);
                return await StreamFrames.ReadAsync(stream, options.MaxResponseSize, linked.Token).ConfigureAwait(false)
                    ?? throw new RequestFailedException("the peer closed the stream without a response");
            }
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RequestFailedException("request timed out", e);
        }
        catch (IOException e) when (e is not RequestFailedException)
        {
            throw new RequestFailedException("request failed: " + e.Message, e);
        }
    }
}
