using System.Diagnostics;

namespace DltSigner.Adapters.Ethereum.Tests.Integration;

/// <summary>Where the repository and the devnet's anvil are, and whether the anvil tests run.</summary>
public static class AnvilEnvironment
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string DevnetHome { get; } =
        Environment.GetEnvironmentVariable("DLTSIGNER_DEVNET_HOME") is { Length: > 0 } home ? home : Path.Combine(RepoRoot, ".devnet");

    public static string AnvilPath => Path.Combine(DevnetHome, "bin", "anvil");

    public static bool IsInstalled => File.Exists(AnvilPath);

    public static bool IsCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci
        && !ci.Equals("false", StringComparison.OrdinalIgnoreCase) && ci != "0";

    /// <summary>Null when the anvil tests run; else why they are skipped (never under CI).</summary>
    public static string? SkipReason => IsInstalled || IsCi ? null
        : $"anvil not installed ({AnvilPath}); run devnet/install-anvil.sh. Under CI=true this is a failure, not a skip.";

    /// <summary>Runs devnet/anvil.sh with arguments; returns its stdout (trimmed), throws on a non-zero exit.</summary>
    public static string RunScript(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(RepoRoot, "devnet", "anvil.sh"));
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"devnet/anvil.sh {arguments[0]} did not finish within {timeout.TotalSeconds} s");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"devnet/anvil.sh {arguments[0]} exited {process.ExitCode}: {stderr.Result.Trim()}");
        }

        return stdout.Result.Trim();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DltSigner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DltSigner.sln not found above the test assembly");
    }
}

/// <summary>A fact that is skipped when anvil is missing outside CI (under CI it runs and fails).</summary>
public sealed class AnvilFactAttribute : FactAttribute
{
    public AnvilFactAttribute() => Skip = AnvilEnvironment.SkipReason;
}

/// <summary>A theory with the same skip rule as <see cref="AnvilFactAttribute"/>.</summary>
public sealed class AnvilTheoryAttribute : TheoryAttribute
{
    public AnvilTheoryAttribute() => Skip = AnvilEnvironment.SkipReason;
}
