using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using DltSigner.Adapters.Ethereum.Rpc;

namespace DltSigner.Adapters.Ethereum.Tests.Integration;

/// <summary>
/// One anvil node for the "anvil" collection: started with devnet/anvil.sh on a free loopback port
/// in a temporary directory, stopped (and the directory removed) in Dispose.
/// </summary>
public sealed class AnvilFixture : IDisposable
{
    private readonly string _dir;

    public AnvilFixture()
    {
        _dir = Path.Combine(Path.GetTempPath(), "dltsigner-anvil-" + Guid.NewGuid().ToString("N")[..12]);
        if (AnvilEnvironment.SkipReason is not null)
        {
            return; // every test of the collection is skipped: start nothing
        }

        if (!AnvilEnvironment.IsInstalled)
        {
            // Only reachable under CI (elsewhere the tests are skipped): a missing anvil fails the run.
            throw new InvalidOperationException(
                $"anvil is not installed at {AnvilEnvironment.AnvilPath} and CI is set: run devnet/install-anvil.sh (scripts/test.sh runs devnet/install-all.sh)");
        }

        var started = Stopwatch.StartNew();
        var line = AnvilEnvironment.RunScript(["start", "--dir", _dir, "--timeout", "60"], TimeSpan.FromSeconds(90));
        StartTime = started.Elapsed;
        var env = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (!env.TryGetValue("ANVIL_RPC_URL", out var url) || !env.TryGetValue("ANVIL_CHAIN_ID", out var chain))
        {
            Dispose();
            throw new InvalidOperationException($"devnet/anvil.sh start printed no env line: '{line}'");
        }

        RpcUrl = new Uri(url);
        ChainId = BigInteger.Parse(chain, CultureInfo.InvariantCulture);
        if (!RpcUrl.IsLoopback)
        {
            Dispose();
            throw new InvalidOperationException("anvil must listen on loopback");
        }
    }

    public Uri RpcUrl { get; } = null!;

    public BigInteger ChainId { get; }

    /// <summary>Time devnet/anvil.sh took to start the node (reported, never asserted).</summary>
    public TimeSpan StartTime { get; }

    public EthRpcClient CreateClient() => new(RpcUrl);

    public void Dispose()
    {
        if (!Directory.Exists(_dir))
        {
            return;
        }

        try
        {
            AnvilEnvironment.RunScript(["stop", "--dir", _dir, "--rm"], TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Best effort: a failed stop must not hide the test results.
        }
    }
}

[CollectionDefinition("anvil")]
public sealed class AnvilCollection : ICollectionFixture<AnvilFixture>
{
}
