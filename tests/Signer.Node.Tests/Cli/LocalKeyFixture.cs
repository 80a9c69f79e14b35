using System.Text.Json;
using DltSigner.Node.Tests.Store;

namespace DltSigner.Node.Tests.Cli;

/// <summary>One `local keygen 2-of-3` per test class (the DKG dominates the cost); tests copy the directory before changing it.</summary>
public sealed class LocalKeyFixture : IAsyncLifetime
{
    /// <summary>A per-process variable, so parallel test classes never see each other's passphrase.</summary>
    public string PassphraseEnv { get; } = "DLTSIGNER_TEST_PASSPHRASE_" + Guid.NewGuid().ToString("N");

    public string Directory { get; private set; } = "";

    public JsonElement Summary { get; private set; }

    public string PublicKey => Summary.GetProperty("publicKey").GetString()!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(PassphraseEnv, "fixture passphrase");
        Directory = Path.Combine(StoreTestSupport.TempDir(), "key");
        var (code, stdout, stderr) = await Run("local", "keygen", "--threshold", "2", "--parties", "3", "--out", Directory);
        Assert.True(code == 0, stderr);
        Summary = JsonDocument.Parse(stdout).RootElement.Clone();
    }

    public Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(PassphraseEnv, null);
        return Task.CompletedTask;
    }

    /// <summary>Runs the CLI with this fixture's passphrase variable and the low test KDF count where it applies.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) => RunWithInput("", args);

    /// <summary>As <see cref="Run"/>, with <paramref name="stdin"/> as standard input.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunWithInput(string stdin, params string[] args)
    {
        var extra = new List<string> { "--passphrase-env", PassphraseEnv };
        if (args.Length > 1 && args[1] is "keygen" or "refresh" or "reshare" && !args.Contains("--insecure-plaintext") && !args.Contains("--kdf-iterations"))
        {
            extra.AddRange(["--kdf-iterations", "1000"]);
        }

        return CliRunner.RunWithInputAsync(stdin, [.. args, .. extra]);
    }

    /// <summary>A private copy of the key directory.</summary>
    public string CopyKey()
    {
        var dir = Path.Combine(StoreTestSupport.TempDir(), "key");
        System.IO.Directory.CreateDirectory(dir);
        foreach (var f in System.IO.Directory.EnumerateFiles(Directory))
        {
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        }

        return dir;
    }
}
