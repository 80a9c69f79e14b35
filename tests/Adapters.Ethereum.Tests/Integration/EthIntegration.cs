using System.Numerics;
using DltSigner.Adapters.Ethereum.Devnet;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rpc;
using DltSigner.Adapters.Ethereum.Sending;
using DltSigner.TestKit.Signers;

namespace DltSigner.Adapters.Ethereum.Tests.Integration;

/// <summary>Shared steps of the anvil tests: a client, a funded sender, a bound on every wait.</summary>
public abstract class EthIntegration : IDisposable
{
    protected EthIntegration(AnvilFixture anvil)
    {
        Anvil = anvil;
        Rpc = anvil.RpcUrl is null ? null! : anvil.CreateClient();
    }

    protected AnvilFixture Anvil { get; }

    protected EthRpcClient Rpc { get; }

    /// <summary>Bounds each test: no test waits on the node for longer than this.</summary>
    protected CancellationTokenSource Timeout { get; } = new(TimeSpan.FromSeconds(120));

    protected CancellationToken Ct => Timeout.Token;

    protected SenderOptions Options => new(Anvil.ChainId) { ReceiptTimeout = TimeSpan.FromSeconds(30), ReceiptPollInterval = TimeSpan.FromMilliseconds(50) };

    /// <summary>A sender for <paramref name="signer"/> whose address got 10 ETH from anvil's first dev account.</summary>
    protected async Task<EthSender> FundedSenderAsync(CountingSigner signer, SenderOptions? options = null)
    {
        var sender = new EthSender(Rpc, signer, options ?? Options);
        var receipt = await AnvilDevAccounts.FundAsync(Rpc, sender.AddressFor(), 10 * SenderOptions.Ether, TimeSpan.FromSeconds(30), Ct);
        Assert.True(receipt.Succeeded);
        Assert.Equal(10 * SenderOptions.Ether, await Rpc.GetBalanceAsync(sender.AddressFor(), "latest", Ct));
        return sender;
    }

    /// <summary>Checks a mined transfer/call the way a custody desk would: status 1 and the node's 'from' is ours.</summary>
    protected async Task AssertMinedFromAsync(SendResult result, Address from)
    {
        Assert.True(result.Succeeded, $"receipt status {result.Receipt.Status}");
        Assert.Equal(from, result.Receipt.From);
        var tx = await Rpc.GetTransactionByHashAsync(result.Hash, Ct);
        Assert.NotNull(tx);
        Assert.Equal(from, tx.From);
        Assert.Equal(result.Hash, tx.Hash);
        Assert.Equal((int)result.Transaction.Type, tx.Type);
        Assert.Equal(result.Transaction.Nonce, tx.Nonce);
        Assert.Equal(result.Receipt.BlockNumber, tx.BlockNumber);
    }

    protected static Address FreshAddress() => new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));

    protected static readonly BigInteger Milli = SenderOptions.Ether / 1000;

    public void Dispose()
    {
        Rpc?.Dispose();
        Timeout.Dispose();
        GC.SuppressFinalize(this);
    }
}
