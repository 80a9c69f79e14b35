namespace DltSigner.TestKit.Devnet;

/// <summary>
/// A node the devnet scripts run (devnet/&lt;Script&gt; start|stop, installed by devnet/&lt;InstallScript&gt;)
/// and the rule for tests that need it: skipped with a clear message when it is not installed,
/// unless CI=true — then the tests run and fail.
/// </summary>
public sealed class DevnetTool
{
    private readonly string[] _binaries;

    private DevnetTool(string name, string script, string directoryOption, string installScript, params string[] binaries)
    {
        Name = name;
        Script = script;
        DirectoryOption = directoryOption;
        InstallScript = installScript;
        _binaries = binaries;
    }

    public static DevnetTool Bitcoind { get; } = new("bitcoind", "bitcoind.sh", "--datadir", "install-bitcoind.sh", "bitcoind", "bitcoin-cli");

    public static DevnetTool Anvil { get; } = new("anvil", "anvil.sh", "--dir", "install-anvil.sh", "anvil");

    public string Name { get; }

    /// <summary>The script under devnet/ that starts and stops it.</summary>
    public string Script { get; }

    /// <summary>The script's option naming the node's directory (--datadir, --dir).</summary>
    public string DirectoryOption { get; }

    public string InstallScript { get; }

    public bool IsInstalled => _binaries.All(b => File.Exists(Path.Combine(DevnetEnvironment.Home, "bin", b)));

    /// <summary>Null when the tests that need this node run; else why they are skipped (never under CI).</summary>
    public string? SkipReason => IsInstalled || DevnetEnvironment.IsCi ? null
        : $"{Name} is not installed under {Path.Combine(DevnetEnvironment.Home, "bin")} (run devnet/{InstallScript}); {Name} integration tests skipped. Under CI=true this is a failure, not a skip.";

    /// <summary>The failure when CI=true and the node is missing.</summary>
    public string MissingUnderCi =>
        $"{Name} is not installed under {Path.Combine(DevnetEnvironment.Home, "bin")} and CI is set: run devnet/{InstallScript} (scripts/test.sh runs devnet/install-all.sh)";

    public override string ToString() => Name;
}
