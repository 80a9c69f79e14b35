using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;
using DltSigner.Node.Cli;
using DltSigner.Node.Tests.Store;

namespace DltSigner.Node.Tests.Cli;

/// <summary>
/// Issue 10 "done when": a 2-of-3 DKG and a signature between three separate dltsigner processes over
/// libp2p (TCP + Noise + yamux on loopback, the MPC delivery on authenticated streams).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class P2PDkgProcessTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Three_processes_run_a_2_of_3_DKG_and_sign_over_libp2p()
    {
        var dir = StoreTestSupport.TempDir();
        var keys = new string[3];
        var ids = new string[3];
        var ports = new int[3];
        for (var i = 0; i < 3; i++)
        {
            keys[i] = Path.Combine(dir, $"p{i + 1}.key");
            var (exit, stdout, stderr) = await CliRunner.RunAsync("p2p", "id", "--key", keys[i]);
            Assert.True(exit == 0, stderr);
            using var doc = JsonDocument.Parse(stdout);
            ids[i] = doc.RootElement.GetProperty("peerId").GetString()!;
            ports[i] = FreePort();
        }

        var session = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var digest = RandomNumberGenerator.GetBytes(32);
        var processes = new List<Process>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var args = new List<string>
                {
                    "p2p", "dkg", "--party", $"{i + 1}", "--threshold", "2", "--key", keys[i],
                    "--listen", $"/ip4/127.0.0.1/tcp/{ports[i]}", "--session", session,
                    "--sign", Convert.ToHexStringLower(digest), "--signers", "1,3",
                };
                for (var j = 0; j < 3; j++)
                {
                    if (j != i)
                    {
                        args.AddRange(["--peer", $"{j + 1}=/ip4/127.0.0.1/tcp/{ports[j]}/p2p/{ids[j]}"]);
                    }
                }

                processes.Add(P2PListenProcessTests.Start([.. args]));
            }

            using var cts = new CancellationTokenSource(RunTimeout);
            var outputs = await Task.WhenAll(processes.Select(async p =>
            {
                var stdout = p.StandardOutput.ReadToEndAsync(cts.Token);
                var stderr = p.StandardError.ReadToEndAsync(cts.Token);
                await p.WaitForExitAsync(cts.Token);
                return (p.ExitCode, Stdout: await stdout, Stderr: await stderr);
            }));

            Assert.True(outputs.All(o => o.ExitCode == 0), string.Join(" | ", outputs.Select((o, i) => $"P{i + 1} exit {o.ExitCode}: {o.Stderr}")));

            var events = outputs.SelectMany(o => o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var groupKeys = events.Where(e => e.GetProperty("event").GetString() == "dkg").Select(e => e.GetProperty("groupKey").GetString()).ToList();
            Assert.Equal(3, groupKeys.Count);
            Assert.Single(groupKeys.Distinct());
            var signatures = events.Where(e => e.GetProperty("event").GetString() == "signature").ToList();
            Assert.Equal([1, 3], signatures.Select(s => s.GetProperty("party").GetInt32()).Order());
            var publicKey = PublicKey.Decode(Convert.FromHexString(groupKeys[0]![2..]));
            foreach (var s in signatures)
            {
                byte[] compact = [.. Convert.FromHexString(s.GetProperty("r").GetString()![2..]), .. Convert.FromHexString(s.GetProperty("s").GetString()![2..])];
                Assert.True(EcdsaSignature.TryFromCompact(compact, out var signature));
                Assert.True(Ecdsa.Verify(publicKey, digest, signature, requireLowS: true));
            }
        }
        finally
        {
            foreach (var p in processes)
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                }

                p.Dispose();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
