using System.Diagnostics;
using DltSigner.TestKit;
using DltSigner.TestKit.Devnet;

namespace DltSigner.P2P.Tests.Interop;

/// <summary>Starts a js-libp2p test script of devnet/js-peer with Node 22 (stdio redirected; the caller stops it).</summary>
internal static class JsScript
{
    public static Process Start(string script, params string[] args)
    {
        var info = new ProcessStartInfo(JsPeer.Node22)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.Combine("devnet", "js-peer", script));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("cannot start node22");
    }
}
