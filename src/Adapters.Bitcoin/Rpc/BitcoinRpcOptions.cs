namespace DltSigner.Adapters.Bitcoin.Rpc;

/// <summary>
/// Where and how to reach bitcoind: the RPC URL and either user/password (rpcauth) or the cookie
/// file bitcoind writes (re-read on every call, as it changes when the node restarts).
/// </summary>
public sealed record BitcoinRpcOptions
{
    public BitcoinRpcOptions(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("the RPC URL must be http or https", nameof(url));
        }

        Url = url;
    }

    /// <summary>The node's RPC endpoint, e.g. http://127.0.0.1:18443 (no path, no user info).</summary>
    public Uri Url { get; }

    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>Path of bitcoind's .cookie; used when <see cref="User"/> is null.</summary>
    public string? CookieFile { get; init; }

    /// <summary>Upper bound on one call, connection included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound on one response body (hostile or runaway nodes).</summary>
    public int MaxResponseBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>The URL without user info, for messages (GetLeftPart(Authority) would keep "user:password@").</summary>
    public string DisplayUrl => Url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    /// <summary>The record's ToString without secrets: the password is redacted, the URL shown without user info.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"Url = {DisplayUrl}, User = {User}, Password = {(Password is null ? string.Empty : "***")}, CookieFile = {CookieFile}, Timeout = {Timeout}, MaxResponseBytes = {MaxResponseBytes}");
        return true;
    }

    /// <summary>
    /// From the devnet's KEY=VALUE variables (devnet/bitcoind.sh start): BTC_RPC_URL with
    /// BTC_RPC_USER/BTC_RPC_PASSWORD, else BTC_RPC_COOKIE.
    /// </summary>
    public static BitcoinRpcOptions FromDevnetEnv(IReadOnlyDictionary<string, string> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        if (!env.TryGetValue("BTC_RPC_URL", out var url))
        {
            throw new ArgumentException("BTC_RPC_URL is not set", nameof(env));
        }

        return new BitcoinRpcOptions(new Uri(url))
        {
            User = env.GetValueOrDefault("BTC_RPC_USER"),
            Password = env.GetValueOrDefault("BTC_RPC_PASSWORD"),
            CookieFile = env.GetValueOrDefault("BTC_RPC_COOKIE"),
        };
    }
}
