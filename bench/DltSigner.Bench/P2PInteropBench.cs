using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DltSigner.P2P.Host;
using DltSigner.TestKit.Devnet;

namespace DltSigner.Bench;

/// <summary>
/// The libp2p transport-interop figures for C#→js, js→C#, C#→C# and js→js in one run: "handshake plus one
/// round trip" (dial a new TCP+Noise+yamux connection, then one ping: fresh stream, multistream, 32-byte
/// echo) and "ping round trip" (one more ping on that connection), each the median over the iterations
/// after warm-up. js sides measure the same steps with performance.now() (devnet/js-peer handshakePing).
/// Run: dotnet run -c Release --project bench/DltSigner.Bench -- p2p [--iterations N]
/// </summary>
public static class P2PInteropBench
{
    private const int WarmUp = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length >= 2 && args[0] == "--iterations" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        await using var listener = P2PHost.CreateBuilder().ListenOn("/ip4/127.0.0.1/tcp/0").Build();
        await listener.StartAsync();
        await using var dialer = P2PHost.CreateBuilder().Build();
        await using var js1 = await JsPeer.StartAsync("--bench", "bench");
        await using var js2 = await JsPeer.StartAsync("--bench", "bench");
        var csAddress = listener.ListenAddresses[0].ToString();

        var rows = new List<(string Name, IReadOnlyList<(double Hs, double Ping)> Runs)>
        {
            ("C# → C#", await CSharpDialsAsync(dialer, csAddress, n)),
            ("C# → js", await CSharpDialsAsync(dialer, js1.Multiaddrs[0], n)),
            ("js → C#", await JsDialsAsync(js1, csAddress, n)),
            ("js → js", await JsDialsAsync(js1, js2.Multiaddrs[0], n)),
        };

        Console.WriteLine($"{n} iterations after {WarmUp} warm-up, medians (min–max) in ms");
        Console.WriteLine("| dialer → listener | handshake + 1 RTT | ping RTT |");
        Console.WriteLine("|---|---|---|");
        foreach (var (name, runs) in rows)
        {
            Console.WriteLine($"| {name} | {Summary(runs.Select(r => r.Hs))} | {Summary(runs.Select(r => r.Ping))} |");
        }

        return 0;
    }

    private static async Task<IReadOnlyList<(double, double)>> CSharpDialsAsync(P2PHost dialer, string address, int n)
    {
        var runs = new List<(double, double)>();
        for (var i = 0; i < n + WarmUp; i++)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var t0 = Stopwatch.GetTimestamp();
            P2PConnection connection;
            try
            {
                connection = await dialer.DialAsync(address, cts.Token);
            }
            catch (IOException e)
            {
                throw new IOException($"dial {address} #{i}: {e.Message}", e);
            }

            await connection.PingAsync(1, cts.Token);
            var hs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            var p0 = Stopwatch.GetTimestamp();
            await connection.PingAsync(1, cts.Token);
            var ping = Stopwatch.GetElapsedTime(p0).TotalMilliseconds;
            await connection.Identified.WaitAsync(cts.Token);
            await connection.DisposeAsync();
            if (i >= WarmUp)
            {
                runs.Add((hs, ping));
            }
        }

        return runs;
    }

    private static async Task<IReadOnlyList<(double, double)>> JsDialsAsync(JsPeer js, string address, int n)
    {
        var answer = await js.CommandAsync(new JsonObject { ["cmd"] = "handshakePing", ["addr"] = address, ["count"] = n + WarmUp });
        return answer["results"]!.AsArray().Skip(WarmUp)
            .Select(r => (r!["handshakePlusOneRttMs"]!.GetValue<double>(), r["pingMs"]!.GetValue<double>())).ToArray();
    }

    private static string Summary(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{v[v.Length / 2]:F2} ({v[0]:F2}–{v[^1]:F2})");
    }
}
