using System.Globalization;
using System.Numerics;
using DltSigner.Adapters.Ethereum.Rpc;
using DltSigner.TestKit.Devnet;

namespace DltSigner.Adapters.Ethereum.Tests.Integration;

/// <summary>
/// One anvil node for the "anvil" collection (<see cref="DevnetNode"/>: devnet/anvil.sh on a free
/// loopback port in a temporary directory, stopped and the directory removed on dispose).
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    private DevnetNode? _node;

    /// <summary>Null when the anvil tests are skipped (nothing started).</summary>
    public Uri RpcUrl { get; private set; } = null!;

    public BigInteger ChainId { get; private set; }

    /// <summary>Time devnet/anvil.sh took to start the node (reported, never asserted).</summary>
    public TimeSpan StartTime => _node?.StartupTime ?? TimeSpan.Zero;

    public EthRpcClient CreateClient() => new(RpcUrl);

    public async Task InitializeAsync()
    {
        // Null when every test of the collection is skipped; under CI a missing anvil throws here.
        _node = await DevnetNode.StartAsync(DevnetTool.Anvil, 60);
        if (_node is null)
        {
            return;
        }

        RpcUrl = new Uri(_node.Get("ANVIL_RPC_URL"));
        ChainId = BigInteger.Parse(_node.Get("ANVIL_CHAIN_ID"), CultureInfo.InvariantCulture);
        if (!RpcUrl.IsLoopback)
        {
            throw new InvalidOperationException("anvil must listen on loopback");
        }
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}

[CollectionDefinition("anvil")]
public sealed class AnvilCollection : ICollectionFixture<AnvilFixture>
{
}
