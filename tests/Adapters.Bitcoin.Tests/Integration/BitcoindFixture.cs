using System.Diagnostics;
using DltSigner.Adapters.Bitcoin.Rpc;

namespace DltSigner.Adapters.Bitcoin.Tests.Integration;

/// <summary>Where the devnet scripts and the installed bitcoind are, and whether a missing bitcoind fails or skips.</summary>
public static class Devnet
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Home => Environment.GetEnvironmentVariable("DLTSIGNER_DEVNET_HOME") is { Length: > 0 } h ? h : Path.Combine(RepoRoot, ".devnet");

    public static bool BitcoindInstalled => File.Exists(Path.Combine(Home, "bin", "bitcoind")) && File.Exists(Path.Combine(Home, "bin", "bitcoin-cli"));

    /// <summary>CI=true: a missing bitcoind is a failure, never a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public const string NotInstalled = "bitcoind is not installed under .devnet (run devnet/install-bitcoind.sh); bitcoind integration tests skipped";

    /// <summary>Runs a devnet script with bash; returns stdout, throws with stderr on failure or timeout.</summary>
    public static async Task<string> RunAsync(TimeSpan timeout, string script, params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot };
        psi.ArgumentList.Add(Path.Combine(RepoRoot, "devnet", script));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"devnet/{script} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"devnet/{script} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "devnet", "bitcoind.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (with devnet/bitcoind.sh) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs bitcoind: skipped with a clear message when it is not installed, unless CI=true.</summary>
public sealed class BitcoindFactAttribute : FactAttribute
{
    public BitcoindFactAttribute()
    {
        if (!Devnet.BitcoindInstalled && !Devnet.IsCi)
        {
            Skip = Devnet.NotInstalled;
        }
    }
}

/// <summary>A theory that needs bitcoind (see <see cref="BitcoindFactAttribute"/>).</summary>
public sealed class BitcoindTheoryAttribute : TheoryAttribute
{
    public BitcoindTheoryAttribute()
    {
        if (!Devnet.BitcoindInstalled && !Devnet.IsCi)
        {
            Skip = Devnet.NotInstalled;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BitcoindCollection : ICollectionFixture<BitcoindFixture>
{
    public const string Name = "bitcoind regtest";
}

/// <summary>
/// One regtest node for the collection (devnet/bitcoind.sh start on free loopback ports; stopped and
/// deleted with --rm on dispose) with a miner wallet holding 101+ blocks of rewards.
/// </summary>
public sealed class BitcoindFixture : IAsyncLifetime
{
    private string? _datadir;
    private BitcoinRpcClient? _rpc;
    private BitcoinRpcClient? _miner;
    private string? _minerAddress;

    public BitcoinRpcClient Rpc => _rpc ?? throw NotStarted();

    public BitcoinRpcClient Miner => _miner ?? throw NotStarted();

    public string MinerAddress => _minerAddress ?? throw NotStarted();

    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        if (!Devnet.BitcoindInstalled)
        {
            // Tests are skipped at discovery unless CI=true; then every test fails with this reason.
            return;
        }

        var clock = Stopwatch.StartNew();
        var line = await Devnet.RunAsync(TimeSpan.FromSeconds(120), "bitcoind.sh", "start", "--timeout", "90");
        var env = line.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1]);
        _datadir = env["BTC_DATADIR"];
        _rpc = new BitcoinRpcClient(BitcoinRpcOptions.FromDevnetEnv(env));
        _miner = await _rpc.EnsureWalletAsync("miner");
        _minerAddress = await _miner.GetNewAddressAsync("mining");
        await _rpc.GenerateToAddressAsync(110, _minerAddress);
        StartupTime = clock.Elapsed;
    }

    public Task MineAsync(int blocks = 1) => Rpc.GenerateToAddressAsync(blocks, MinerAddress);

    /// <summary>Pays <paramref name="satoshis"/> from the miner to <paramref name="address"/> and mines it; returns the txid.</summary>
    public async Task<string> FundAsync(string address, long satoshis)
    {
        var txid = await Miner.SendToAddressAsync(address, satoshis);
        await MineAsync();
        return txid;
    }

    public async Task DisposeAsync()
    {
        _rpc?.Dispose();
        if (_datadir is not null)
        {
            await Devnet.RunAsync(TimeSpan.FromSeconds(60), "bitcoind.sh", "stop", "--datadir", _datadir, "--rm");
        }
    }

    private static InvalidOperationException NotStarted() =>
        new(Devnet.BitcoindInstalled ? "the bitcoind fixture did not start" : Devnet.NotInstalled.Replace("skipped", "required (CI=true)", StringComparison.Ordinal));
}
