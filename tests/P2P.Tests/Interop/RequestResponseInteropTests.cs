using System.Text;
using System.Text.Json.Nodes;
using DltSigner.P2P.Host;
using DltSigner.P2P.Identity;
using DltSigner.P2P.RequestResponse;
using DltSigner.P2P.Streams;
using DltSigner.TestKit.Devnet;

namespace DltSigner.P2P.Tests.Interop;

/// <summary>Our /dltsigner/req/1.0.0 both ways with js-libp2p 3.3.11 (the js side is devnet/js-peer/reqresp.mjs).</summary>
public sealed class RequestResponseInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [JsPeerFact]
    public async Task CSharp_requests_and_js_answers()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var js = JsScript.Start("reqresp.mjs");
        try
        {
            var ready = JsonNode.Parse(await js.StandardOutput.ReadLineAsync(cts.Token) ?? "{}")!;
            Assert.Equal("ready", ready["event"]!.GetValue<string>());
            await using var host = P2PHost.CreateBuilder().WithIdentity(IdentityKey.Generate()).Build();
            var connection = await host.DialAsync(ready["multiaddrs"]![0]!.GetValue<string>(), cts.Token);
            var client = new RequestResponseClient(new HostStreams(host));
            var response = await client.RequestAsync(connection.RemotePeer, "hello js"u8.ToArray(), cts.Token);
            Assert.Equal("js:hello js", Encoding.UTF8.GetString(response));
        }
        finally
        {
            js.Kill(entireProcessTree: true);
            await js.WaitForExitAsync(CancellationToken.None);
        }
    }

    [JsPeerFact]
    public async Task Js_requests_and_CSharp_answers_with_the_authenticated_peer_id()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var host = P2PHost.CreateBuilder().WithIdentity(IdentityKey.Generate()).ListenOn("/ip4/127.0.0.1/tcp/0").Build();
        var seen = new TaskCompletionSource<PeerId>(TaskCreationOptions.RunContinuationsAsynchronously);
        new HostStreams(host).Register(new RequestResponseServer((remote, request, _) =>
        {
            seen.TrySetResult(remote);
            return ValueTask.FromResult<byte[]>([.. "cs:"u8, .. request]);
        }));
        await host.StartAsync(cts.Token);
        using var js = JsScript.Start("reqresp.mjs", "--request", host.ListenAddresses[0].ToString(), "hello C#");
        try
        {
            var answer = JsonNode.Parse(await js.StandardOutput.ReadLineAsync(cts.Token) ?? "{}")!;
            Assert.True(answer["event"]!.GetValue<string>() == "response", answer.ToJsonString());
            Assert.Equal("cs:hello C#", answer["text"]!.GetValue<string>());
            var remote = await seen.Task.WaitAsync(cts.Token);
            Assert.Equal(answer["peerId"]!.GetValue<string>(), remote.ToString());
            await js.WaitForExitAsync(cts.Token);
            Assert.Equal(0, js.ExitCode);
        }
        finally
        {
            if (!js.HasExited)
            {
                js.Kill(entireProcessTree: true);
            }
        }
    }
}
