using System.Net;
using System.Net.Sockets;

using System.Text.Json;
using DltSigner.Adapters.Bitcoin.Rpc;

namespace DltSigner.Adapters.Bitcoin.Tests.Wallet;

/// <summary>The RPC client against canned HTTP answers (no node): requests, auth, error mapping, bounds.</summary>
public sealed class RpcClientTests
{
    private sealed class Canned(HttpStatusCode status, string body, TimeSpan delay = default) : HttpMessageHandler
    {
        public List<(Uri Uri, string? Auth, string Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add((request.RequestUri!, request.Headers.Authorization?.Parameter, await request.Content!.ReadAsStringAsync(cancellationToken)));
            await Task.Delay(delay, cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        }
    }

    private static readonly Uri Url = new("http://127.0.0.1:18443");

    [Fact]
    public async Task Wallet_calls_go_to_the_wallet_path_with_basic_auth_and_positional_params()
    {
        using var handler = new Canned(HttpStatusCode.OK, """{"result":[{"txid":"aa","allowed":true,"vsize":110,"fees":{"base":0.00000220}}],"error":null,"id":1}""");
        using var rpc = new BitcoinRpcClient(new BitcoinRpcOptions(Url) { User = "u", Password = "p" }, handler);
        var wallet = rpc.ForWallet("my wallet");
        var result = await wallet.CallAsync("testmempoolaccept", [new System.Text.Json.Nodes.JsonArray("00")]);
        Assert.Equal(JsonValueKind.Array, result.ValueKind);
        var (uri, auth, body) = Assert.Single(handler.Seen);
        Assert.Equal("/wallet/my%20wallet", uri.AbsolutePath);
        Assert.Equal(Convert.ToBase64String("u:p"u8), auth);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("testmempoolaccept", json.RootElement.GetProperty("method").GetString());
        Assert.Equal("00", json.RootElement.GetProperty("params")[0][0].GetString());
    }

    [Fact]
    public async Task Cookie_file_is_read_for_auth()
    {
        var cookie = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(cookie, "__cookie__:abc123\n");
            using var handler = new Canned(HttpStatusCode.OK, """{"result":"ok","error":null}""");
            using var rpc = new BitcoinRpcClient(new BitcoinRpcOptions(Url) { CookieFile = cookie }, handler);
            await rpc.CallAsync("uptime");
            Assert.Equal(Convert.ToBase64String("__cookie__:abc123"u8), handler.Seen[0].Auth);
        }
        finally
        {
            File.Delete(cookie);
        }
    }

    [Fact]
    public async Task Rpc_errors_unauthorized_and_garbage_are_typed()
    {
        using var error = new Canned(HttpStatusCode.InternalServerError, """{"result":null,"error":{"code":-26,"message":"min relay fee not met"},"id":1}""");
        using var a = new BitcoinRpcClient(new BitcoinRpcOptions(Url), error);
        var e = await Assert.ThrowsAsync<BitcoinRpcException>(() => a.CallAsync("sendrawtransaction"));
        Assert.Equal((-26, "min relay fee not met", "sendrawtransaction"), (e.Code, e.RpcMessage, e.Method));
        Assert.Contains("sendrawtransaction failed: min relay fee not met (code -26)", e.Message, StringComparison.Ordinal);

        using var denied = new Canned(HttpStatusCode.Unauthorized, string.Empty);
        using var b = new BitcoinRpcClient(new BitcoinRpcOptions(Url) { User = "u", Password = "secret-password" }, denied);
        var auth = await Assert.ThrowsAsync<BitcoinRpcAuthException>(() => b.CallAsync("getblockchaininfo"));
        Assert.Contains("HTTP 401", auth.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", auth.Message, StringComparison.Ordinal);

        using var garbage = new Canned(HttpStatusCode.OK, "<html>");
        using var c = new BitcoinRpcClient(new BitcoinRpcOptions(Url), garbage);
        Assert.Equal(BitcoinRpcException.BadResponse, (await Assert.ThrowsAsync<BitcoinRpcException>(() => c.CallAsync("x"))).Code);
    }

    [Fact]
    public async Task Slow_node_times_out_and_refused_connection_names_the_url()
    {
        using var slow = new Canned(HttpStatusCode.OK, """{"result":1}""", TimeSpan.FromSeconds(30));
        using var a = new BitcoinRpcClient(new BitcoinRpcOptions(Url) { Timeout = TimeSpan.FromMilliseconds(100) }, slow);
        var timeout = await Assert.ThrowsAsync<BitcoinRpcConnectionException>(() => a.CallAsync("getblockcount"));
        Assert.Equal(BitcoinRpcException.TimedOut, timeout.Code);

        // A port that was free a moment ago: nothing listens there.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var b = new BitcoinRpcClient(new BitcoinRpcOptions(new Uri($"http://127.0.0.1:{port}")) { Timeout = TimeSpan.FromSeconds(10) });
        var refused = await Assert.ThrowsAsync<BitcoinRpcConnectionException>(() => b.GetBlockchainInfoAsync());
        Assert.Equal(BitcoinRpcException.ConnectionFailed, refused.Code);
        Assert.Contains($"http://127.0.0.1:{port}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Amounts_convert_exactly_and_reject_sub_satoshi_values()
    {
        Assert.Equal(123_456_789, BtcAmount.ToSatoshis(1.23456789m));
        Assert.Equal(1.23456789m, BtcAmount.FromSatoshis(123_456_789));
        Assert.Throws<FormatException>(() => BtcAmount.ToSatoshis(0.000000001m));
        Assert.Throws<FormatException>(() => BtcAmount.ToSatoshis(21_000_001m));
        Assert.Throws<ArgumentException>(() => new BitcoinRpcOptions(new Uri("ftp://x")));
    }
}
