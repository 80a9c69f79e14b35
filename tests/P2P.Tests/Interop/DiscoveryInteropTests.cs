using System.Diagnostics;
using System.Text.Json.Nodes;
using DltSigner.P2P.Discovery;
using DltSigner.TestKit.Devnet;

namespace DltSigner.P2P.Tests.Interop;

/// <summary>
/// js (@libp2p/pubsub-peer-discovery 12, devnet/js-peer/discovery-peer.mjs) and C# nodes find each other
/// through the discovery topic: C# — js1 — js2, so each side learns of the node it is not connected to.
/// </summary>
public sealed class DiscoveryInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [JsPeerFact]
    public async Task CSharp_and_js_discover_each_other_over_the_discovery_topic()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var js1 = JsScript.Start("discovery-peer.mjs");
        Process? js2 = null;
        try
        {
            var ready1 = JsonNode.Parse(await js1.StandardOutput.ReadLineAsync(cts.Token) ?? "{}")!;
            var js1Address = ready1["multiaddrs"]![0]!.GetValue<string>();
            js2 = JsScript.Start("discovery-peer.mjs", "--dial", js1Address);
            var ready2 = JsonNode.Parse(await js2.StandardOutput.ReadLineAsync(cts.Token) ?? "{}")!;
            var js2Id = ready2["peerId"]!.GetValue<string>();

            await using var node = await PubsubNode.StartAsync();
            await using var discovery = new PubsubPeerDiscovery(
                node.Router, node.Key, () => [.. node.Host.ListenAddresses.Select(a => (ReadOnlyMemory<byte>)a.WithoutPeerId().ToBytes())],
                new PubsubPeerDiscoveryOptions { Interval = TimeSpan.FromSeconds(1) });
            discovery.Start();
            await node.Host.DialAsync(js1Address, cts.Token);

            DiscoveredPeer found;
            do
            {
                found = await discovery.Discovered.ReadAsync(cts.Token);
            }
            while (found.Peer.ToString() != js2Id);

            Assert.NotEmpty(found.Addresses);
            var csId = node.Host.PeerId.ToString();
            JsonNode line;
            do
            {
                line = JsonNode.Parse(await js2.StandardOutput.ReadLineAsync(cts.Token) ?? "{}")!;
            }
            while (line["event"]?.GetValue<string>() != "discovered" || line["peerId"]!.GetValue<string>() != csId);

            Assert.Contains(line["multiaddrs"]!.AsArray(), a => a!.GetValue<string>().StartsWith("/ip4/127.0.0.1/tcp/", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var p in new[] { js1, js2 })
            {
                if (p is { HasExited: false })
                {
                    p.Kill(entireProcessTree: true);
                }
            }

            js2?.Dispose();
        }
    }
}
