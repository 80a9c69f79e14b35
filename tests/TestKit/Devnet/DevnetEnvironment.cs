using System.Diagnostics;

namespace DltSigner.TestKit.Devnet;

/// <summary>Where the devnet (scripts and installed nodes) is, whether this is CI, and how to run a devnet script.</summary>
public static class DevnetEnvironment
{
    /// <summary>$DLTSIGNER_DEVNET_HOME, else &lt;repo&gt;/.devnet (as devnet/lib.sh).</summary>
    public static string Home =>
        Environment.GetEnvironmentVariable("DLTSIGNER_DEVNET_HOME") is { Length: > 0 } home ? home : RepoPaths.Combine(".devnet");

    /// <summary>CI set (and not "false"/"0"): a missing node is a failure, never a skip.</summary>
    public static bool IsCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci
        && !ci.Equals("false", StringComparison.OrdinalIgnoreCase) && ci != "0";

    /// <summary>Runs devnet/<paramref name="script"/> with bash; returns its stdout, throws with its stderr on a non-zero exit or after <paramref name="timeout"/>.</summary>
    public static async Task<string> RunScriptAsync(string script, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        info.ArgumentList.Add(RepoPaths.Combine("devnet", script));
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        var command = $"devnet/{script} {string.Join(' ', arguments)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {timeout.TotalSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} failed ({process.ExitCode}): {(await stderr.ConfigureAwait(false)).Trim()}");
        }

        return (await stdout.ConfigureAwait(false)).Trim();
    }

    /// <summary>The env line a devnet start prints ("KEY=VALUE KEY=VALUE ...") as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> ParseEnvLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
    }
}
