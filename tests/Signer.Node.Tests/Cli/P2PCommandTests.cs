using System.Net.Sockets;
using System.Text.Json;
using DltSigner.Node.Tests.Store;
using DltSigner.P2P.Host;

namespace DltSigner.Node.Tests.Cli;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class P2PCommandTests
{
    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => CliRunner.RunAsync(args);

    [Fact]
    public async Task Id_creates_a_0600_key_file_once_and_prints_the_same_peer_id_after()
    {
        var key = Path.Combine(StoreTestSupport.TempDir(), "sub", "identity.key");

        var (exit, stdout, stderr) = await RunAsync("p2p", "id", "--key", key);
        var (exit2, stdout2, _) = await RunAsync("p2p", "id", "--key", key);

        Assert.True(exit == 0, stderr);
        Assert.Equal(0, exit2);
        using var first = JsonDocument.Parse(stdout);
        using var second = JsonDocument.Parse(stdout2);
        Assert.True(first.RootElement.GetProperty("created").GetBoolean());
        Assert.False(second.RootElement.GetProperty("created").GetBoolean());
        var peerId = first.RootElement.GetProperty("peerId").GetString()!;
        Assert.StartsWith("12D3KooW", peerId, StringComparison.Ordinal);
        Assert.Equal(peerId, second.RootElement.GetProperty("peerId").GetString());
        Assert.StartsWith("0x0801", first.RootElement.GetProperty("publicKey").GetString(), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }

    [Fact]
    public async Task Id_refuses_a_key_file_others_can_read_and_a_corrupt_one()
    {
        var dir = StoreTestSupport.TempDir();
        var key = Path.Combine(dir, "identity.key");
        Assert.Equal(0, (await RunAsync("p2p", "id", "--key", key)).ExitCode);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var (exit, stdout, stderr) = await RunAsync("p2p", "id", "--key", key);
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("dltsigner: identity key file", stderr, StringComparison.Ordinal);

        var corrupt = Path.Combine(dir, "corrupt.key");
        File.WriteAllBytes(corrupt, [8, 1, 18, 3, 1, 2, 3]);
        File.SetUnixFileMode(corrupt, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Equal(2, (await RunAsync("p2p", "id", "--key", corrupt)).ExitCode);
    }

    [Fact]
    public async Task Ping_prints_the_peer_its_agent_protocols_and_round_trips()
    {
        await using var host = P2PHost.CreateBuilder().ListenOn("/ip4/127.0.0.1/tcp/0").Handle("/dltsigner/x/1.0.0", (s, ct) => Task.CompletedTask).Build();
        await host.StartAsync();

        var (exit, stdout, stderr) = await RunAsync("p2p", "ping", host.ListenAddresses[0].ToString(), "--count", "3");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        Assert.Equal(host.PeerId.ToString(), r.GetProperty("peerId").GetString());
        Assert.Equal(P2PHostBuilder.DefaultAgentVersion, r.GetProperty("agentVersion").GetString());
        Assert.Contains("/dltsigner/x/1.0.0", r.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(3, r.GetProperty("rttsMs").GetArrayLength());
        Assert.True(r.GetProperty("rttMs").GetDouble() >= 0);
    }

    [Fact]
    public async Task Ping_exit_codes_bad_address_2_unreachable_1()
    {
        var (exit, stdout, stderr) = await RunAsync("p2p", "ping", "/ip4/127.0.0.1/udp/1");
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("dltsigner: ping:", stderr, StringComparison.Ordinal);

        using var closed = new TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        (exit, stdout, stderr) = await RunAsync("p2p", "ping", $"/ip4/127.0.0.1/tcp/{port}", "--timeout", "5");
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("dltsigner: ping:", stderr, StringComparison.Ordinal);
    }
}
