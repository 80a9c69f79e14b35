using System.Diagnostics;
using System.Text.Json;
using DltSigner.Node.Cli;

namespace DltSigner.Node.Tests.Cli;

/// <summary>`dltsigner p2p listen` between two processes: one bootstraps to the other and publishes its stdin lines.</summary>
public sealed class P2PListenProcessTests
{
    [Fact]
    public async Task Listener_prints_the_line_another_process_publishes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var a = Start("p2p", "listen", "--topic", "cli-test", "--exit-after", "1");
        Process? b = null;
        try
        {
            using var ready = JsonDocument.Parse(await a.StandardOutput.ReadLineAsync(cts.Token) ?? "{}");
            Assert.Equal("listening", ready.RootElement.GetProperty("event").GetString());
            var address = ready.RootElement.GetProperty("multiaddrs")[0].GetString()!;
            Assert.StartsWith("/ip4/127.0.0.1/tcp/", address, StringComparison.Ordinal);
            Assert.EndsWith("/p2p/" + ready.RootElement.GetProperty("peerId").GetString(), address, StringComparison.Ordinal);

            b = Start("p2p", "listen", "--topic", "cli-test", "--bootstrap", address);
            using var bReady = JsonDocument.Parse(await b.StandardOutput.ReadLineAsync(cts.Token) ?? "{}");
            var line = a.StandardOutput.ReadLineAsync(cts.Token).AsTask();

            // Until the two have exchanged subscriptions a publish reaches nobody: repeat the line until it arrives.
            while (!line.IsCompleted)
            {
                await b.StandardInput.WriteLineAsync("hello over gossip");
                await b.StandardInput.FlushAsync(cts.Token);
                await Task.WhenAny(line, Task.Delay(200, cts.Token));
            }

            using var message = JsonDocument.Parse(await line ?? "{}");
            Assert.Equal("message", message.RootElement.GetProperty("event").GetString());
            Assert.Equal("hello over gossip", message.RootElement.GetProperty("text").GetString());
            Assert.Equal(bReady.RootElement.GetProperty("peerId").GetString(), message.RootElement.GetProperty("from").GetString());
            await a.WaitForExitAsync(cts.Token);
            Assert.Equal(0, a.ExitCode);
        }
        finally
        {
            foreach (var p in new[] { a, b })
            {
                if (p is { HasExited: false })
                {
                    p.Kill(entireProcessTree: true);
                }
            }

            b?.Dispose();
        }
    }

    internal static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("cannot start dltsigner");
    }
}
