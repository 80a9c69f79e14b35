using System.Net;
using System.Net.Http.Headers;
using Utf8 = System.Text.Encoding;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DltSigner.Adapters.Bitcoin.Rpc;

/// <summary>
/// A bitcoind JSON-RPC client (HttpClient + System.Text.Json). Node-level calls go to "/", wallet
/// calls to "/wallet/&lt;name&gt;" through <see cref="ForWallet"/>. Every call is bounded by
/// <see cref="BitcoinRpcOptions.Timeout"/> and a response size cap; failures are
/// <see cref="BitcoinRpcException"/> (RPC errors with bitcoind's code), <see cref="BitcoinRpcAuthException"/>
/// (HTTP 401/403) or <see cref="BitcoinRpcConnectionException"/> (unreachable, timed out), each naming
/// the method and the URL. The typed calls are in BitcoinRpcClient.Calls.cs.
/// </summary>
public sealed partial class BitcoinRpcClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;
    private long _nextId;

    public BitcoinRpcClient(BitcoinRpcOptions options, HttpMessageHandler? handler = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan; // our own CancellationTokenSource bounds each call
        _http.MaxResponseContentBufferSize = options.MaxResponseBytes;
        _ownsHttp = true;
        _endpoint = new Uri(options.Url, "/");
    }

    private BitcoinRpcClient(BitcoinRpcClient parent, string wallet)
    {
        Options = parent.Options;
        _http = parent._http;
        _ownsHttp = false;
        WalletName = wallet;
        _endpoint = new Uri(parent.Options.Url, "/wallet/" + Uri.EscapeDataString(wallet));
    }

    public BitcoinRpcOptions Options { get; }

    /// <summary>The wallet this client's wallet calls go to, or null for the node endpoint.</summary>
    public string? WalletName { get; }

    /// <summary>A client for calls scoped to <paramref name="wallet"/>; shares this client's connection pool.</summary>
    public BitcoinRpcClient ForWallet(string wallet)
    {
        ArgumentException.ThrowIfNullOrEmpty(wallet);
        return new BitcoinRpcClient(this, wallet);
    }

    /// <summary>Calls <paramref name="method"/> with positional parameters; returns the "result" member.</summary>
    public async Task<JsonElement> CallAsync(string method, JsonArray? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var id = Interlocked.Increment(ref _nextId);
        var body = new JsonObject
        {
            ["jsonrpc"] = "1.0",
            ["id"] = id,
            ["method"] = method,
            ["params"] = parameters ?? [],
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Utf8.UTF8, "application/json"),
        };
        if (AuthorizationValue() is { } auth)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", auth);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.Timeout);
        HttpResponseMessage response;
        byte[] content;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            content = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BitcoinRpcConnectionException(method, BitcoinRpcException.TimedOut, $"bitcoind at {Options.DisplayUrl} did not answer {method} within {Options.Timeout.TotalSeconds:0.#} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new BitcoinRpcConnectionException(method, BitcoinRpcException.ConnectionFailed, $"cannot reach bitcoind at {Options.DisplayUrl} ({e.Message}); is the node running and the RPC URL right?", e);
        }

        using (response)
        {
            return Interpret(method, response.StatusCode, content);
        }
    }

    /// <summary>Turns an HTTP answer into the result or a typed error (bitcoind sends RPC errors with HTTP 500/404 bodies).</summary>
    private JsonElement Interpret(string method, HttpStatusCode status, byte[] content)
    {
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new BitcoinRpcAuthException(method, $"bitcoind at {Options.DisplayUrl} rejected the RPC credentials (HTTP {(int)status}) for {method}: check the user/password or cookie file");
        }

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(content);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new BitcoinRpcException(method, BitcoinRpcException.BadResponse, $"HTTP {(int)status}", $"bitcoind at {Options.DisplayUrl} answered {method} with HTTP {(int)status} and no JSON-RPC body", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new BitcoinRpcException(method, BitcoinRpcException.BadResponse, "not an object", $"bitcoind at {Options.DisplayUrl} answered {method} with a non-object");
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var ci) ? ci : BitcoinRpcException.BadResponse;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
            var where = WalletName is null ? string.Empty : $" (wallet {WalletName})";
            throw new BitcoinRpcException(method, code, message, $"bitcoind {method}{where} failed: {message} (code {code})");
        }

        if (status != HttpStatusCode.OK || !root.TryGetProperty("result", out var result))
        {
            throw new BitcoinRpcException(method, BitcoinRpcException.BadResponse, $"HTTP {(int)status}", $"bitcoind at {Options.DisplayUrl} answered {method} with HTTP {(int)status} and no result");
        }

        return result;
    }

    /// <summary>Basic credentials: user/password, else the cookie file's "__cookie__:&lt;hex&gt;" line.</summary>
    private string? AuthorizationValue()
    {
        string? pair = null;
        if (Options.User is not null)
        {
            pair = Options.User + ":" + (Options.Password ?? string.Empty);
        }
        else if (Options.CookieFile is not null)
        {
            try
            {
                pair = File.ReadAllText(Options.CookieFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BitcoinRpcConnectionException("(auth)", BitcoinRpcException.ConnectionFailed, $"cannot read the bitcoind cookie file {Options.CookieFile}: {e.Message}", e);
            }
        }

        return pair is null ? null : Convert.ToBase64String(Utf8.UTF8.GetBytes(pair));
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
