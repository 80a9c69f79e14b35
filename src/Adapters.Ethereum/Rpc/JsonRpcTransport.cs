using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DltSigner.Adapters.Ethereum.Primitives;

namespace DltSigner.Adapters.Ethereum.Rpc;

/// <summary>
/// JSON-RPC 2.0 over HTTP POST (one request per call). Responses are size-capped and checked
/// (version, id, exactly one of result or error). Errors never mention the endpoint, which may
/// carry an API key in its path.
/// </summary>
public sealed class JsonRpcTransport : IDisposable
{
    /// <summary>Largest response accepted (hostile node).</summary>
    public const int MaxResponseBytes = 16 << 20;

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private long _nextId;

    /// <param name="endpoint">http(s) URL of the node.</param>
    /// <param name="http">A client to reuse; when null one is created (and disposed with this transport).</param>
    public JsonRpcTransport(Uri endpoint, HttpClient? http = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("endpoint must be http or https", nameof(endpoint));
        }

        _endpoint = endpoint;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(30), MaxResponseContentBufferSize = MaxResponseBytes };
    }

    /// <summary>Calls <paramref name="method"/>; returns the result member (a clone), throws <see cref="EthRpcException"/> on error.</summary>
    public async Task<JsonElement> CallAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parameters);
        var id = Interlocked.Increment(ref _nextId);
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = JsonType;

        byte[] bytes;
        try
        {
            using var response = await _http.PostAsync(_endpoint, content, cancellationToken).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength > MaxResponseBytes)
            {
                throw new EthRpcException(method, 0, "response too large");
            }

            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && bytes.Length == 0)
            {
                throw new EthRpcException(method, 0, $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException e)
        {
            // The inner exception can name the URL: keep only its type and the socket error.
            throw new EthRpcException(method, 0, $"transport error ({e.HttpRequestError})");
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EthRpcException(method, 0, "request timed out", null, e);
        }

        return ParseResponse(method, id, bytes);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    internal static JsonElement ParseResponse(string method, long id, byte[] bytes)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new EthRpcException(method, 0, "response is not JSON");
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0"
            || !root.TryGetProperty("id", out var idJson) || idJson.ValueKind != JsonValueKind.Number
            || !idJson.TryGetInt64(out var gotId) || gotId != id)
        {
            throw new EthRpcException(method, 0, "response is not a JSON-RPC 2.0 answer to this request");
        }

        var hasResult = root.TryGetProperty("result", out var result);
        var hasError = root.TryGetProperty("error", out var error);
        if (hasResult == hasError)
        {
            throw new EthRpcException(method, 0, "response has neither or both of result and error");
        }

        if (hasError)
        {
            throw ToException(method, error);
        }

        return result;
    }

    /// <summary>An error object → <see cref="RevertedException"/> when it carries revert data, else <see cref="EthRpcException"/>.</summary>
    internal static EthRpcException ToException(string method, JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object
            || !error.TryGetProperty("code", out var codeJson) || !codeJson.TryGetInt64(out var code)
            || !error.TryGetProperty("message", out var messageJson) || messageJson.ValueKind != JsonValueKind.String)
        {
            return new EthRpcException(method, 0, "malformed error object");
        }

        var message = messageJson.GetString()!;
        var hasData = error.TryGetProperty("data", out var data);
        // Geth and anvil: code 3 with the revert bytes as hex data; some nodes nest them as data.data.
        if (hasData && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("data", out var nested))
        {
            data = nested;
        }

        var reverted = code == 3 || message.StartsWith("execution reverted", StringComparison.OrdinalIgnoreCase);
        if (reverted && hasData && data.ValueKind == JsonValueKind.String && data.GetString() is { } hex
            && hex.StartsWith("0x", StringComparison.Ordinal) && Hex.TryDecode(hex, out var revertData))
        {
            return new RevertedException(method, code, revertData);
        }

        if (reverted)
        {
            return new RevertedException(method, code, [], message);
        }

        return new EthRpcException(method, code, message, hasData ? data.GetRawText() : null);
    }
}
