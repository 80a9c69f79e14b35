using System.Diagnostics;
using DltSigner.TestKit.Devnet;

namespace DltSigner.Node.Tests.Cli;

/// <summary>The real foundry `cast` (installed with anvil under .devnet/bin): bounded wait, always stopped.</summary>
internal static class CastTool
{
    /// <summary>Runs cast and returns its stdout; a non-zero exit fails the test with its output.</summary>
    public static string Run(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(DevnetEnvironment.Home, "bin", "cast")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var cast = Process.Start(start)!;
        var stdout = cast.StandardOutput.ReadToEndAsync();
        var stderr = cast.StandardError.ReadToEndAsync();
        if (!cast.WaitForExit(60_000))
        {
            cast.Kill(entireProcessTree: true);
            Assert.Fail("cast did not finish within 60 s");
        }

        Assert.True(cast.ExitCode == 0, $"cast {string.Join(' ', args)}: {stdout.Result} {stderr.Result}");
        return stdout.Result;
    }
}
