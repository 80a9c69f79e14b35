using DltSigner.Adapters.Bitcoin.Rpc;
using DltSigner.TestKit.Devnet;

namespace DltSigner.Adapters.Bitcoin.Tests.Integration;

[CollectionDefinition(Name)]
public sealed class BitcoindCollection : ICollectionFixture<BitcoindFixture>
{
    public const string Name = "bitcoind regtest";
}

/// <summary>
/// One regtest node for the collection (<see cref="DevnetNode"/>: devnet/bitcoind.sh on free loopback
/// ports, stopped and deleted on dispose) with a miner wallet holding 101+ blocks of rewards.
/// </summary>
public sealed class BitcoindFixture : IAsyncLifetime
{
    private DevnetNode? _node;
    private BitcoinRpcClient? _rpc;
    private BitcoinRpcClient? _miner;
    private string? _minerAddress;

    public BitcoinRpcClient Rpc => _rpc ?? throw NotStarted();

    public BitcoinRpcClient Miner => _miner ?? throw NotStarted();

    public string MinerAddress => _minerAddress ?? throw NotStarted();

    /// <summary>Time devnet/bitcoind.sh took to start the node (reported, never asserted).</summary>
    public TimeSpan StartupTime => _node?.StartupTime ?? TimeSpan.Zero;

    public async Task InitializeAsync()
    {
        // Null when the tests are skipped (not installed, not CI); under CI a missing bitcoind throws here.
        _node = await DevnetNode.StartAsync(DevnetTool.Bitcoind, 90);
        if (_node is null)
        {
            return;
        }

        _rpc = new BitcoinRpcClient(BitcoinRpcOptions.FromDevnetEnv(_node.Env));
        _miner = await _rpc.EnsureWalletAsync("miner");
        _minerAddress = await _miner.GetNewAddressAsync("mining");
        await _rpc.GenerateToAddressAsync(110, _minerAddress);
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
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    private static InvalidOperationException NotStarted() => new("the bitcoind fixture did not start");
}
