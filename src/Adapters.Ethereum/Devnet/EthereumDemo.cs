using System.Globalization;
using System.Numerics;
using System.Text;
using DltSigner.Adapters.Ethereum.Abi;
using DltSigner.Adapters.Ethereum.Contracts;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rpc;
using DltSigner.Adapters.Ethereum.Sending;
using DltSigner.Core.Hashing;
using DltSigner.Core.Signing;

namespace DltSigner.Adapters.Ethereum.Devnet;

/// <summary>
/// The Ethereum leg of the main job, against a devnet node (anvil): fund the signer's address from a
/// dev account, send an EIP-1559 transfer, deploy Store(42), set(7) and read it back, printing hashes,
/// addresses and statuses and checking each against the chain.
/// </summary>
public static class EthereumDemo
{
    private static readonly AbiType[] UInt256 = [AbiType.UInt(256)];

    /// <summary>Runs the leg; returns the number of failed checks (0: all passed).</summary>
    public static async Task<int> RunAsync(IEcdsaSigner signer, Uri rpcUrl, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(output);
        var failures = 0;
        void Check(string what, bool ok)
        {
            output.WriteLine($"  [{(ok ? "ok" : "FAIL")}] {what}");
            failures += ok ? 0 : 1;
        }

        using var rpc = new EthRpcClient(rpcUrl);
        var chainId = await rpc.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        var sender = new EthSender(rpc, signer, new SenderOptions(chainId));
        var from = sender.AddressFor();
        output.WriteLine($"ethereum: chain id {chainId}, block {await rpc.GetBlockNumberAsync(cancellationToken).ConfigureAwait(false)}, signer address {from}");

        var funding = await AnvilDevAccounts.FundAsync(rpc, from, 10 * SenderOptions.Ether, sender.Options.ReceiptTimeout, cancellationToken).ConfigureAwait(false);
        var balance = await rpc.GetBalanceAsync(from, "latest", cancellationToken).ConfigureAwait(false);
        output.WriteLine($"  funded from dev account {funding.From}: tx {funding.TransactionHash}, balance {Ether(balance)} ETH");

        var recipient = new Address(Hashes.Keccak256(Encoding.ASCII.GetBytes("dltsigner demo recipient"))[12..]);
        var amount = SenderOptions.Ether / 100;
        var transfer = await sender.SendAsync(new SendRequest { To = recipient, Value = amount }, null, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"  EIP-1559 transfer {Ether(amount)} ETH to {recipient}: tx {transfer.Hash}, block {transfer.Receipt.BlockNumber}, status {transfer.Receipt.Status}, gas used {transfer.Receipt.GasUsed}");
        var onChain = await rpc.GetTransactionByHashAsync(transfer.Hash, cancellationToken).ConfigureAwait(false);
        Check("transfer mined with status 1", transfer.Succeeded);
        Check("node's 'from' is the signer's address", onChain?.From == from);
        Check("recipient received the amount", await rpc.GetBalanceAsync(recipient, "latest", cancellationToken).ConfigureAwait(false) >= amount);

        var store = CompiledContract.Store;
        var deploy = await sender.DeployAsync(store.Bytecode, UInt256, [new BigInteger(42)], null, null, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"  deployed Store(42) ({store.Compiler}): address {deploy.ContractAddress}, tx {deploy.Send.Hash}, status {deploy.Send.Receipt.Status}");
        Check("contract code present at the CREATE address", (await rpc.GetCodeAsync(deploy.ContractAddress, "latest", cancellationToken).ConfigureAwait(false)).Length > 0);
        Check("get() = 42 after deployment", await GetAsync(sender, deploy.ContractAddress, cancellationToken).ConfigureAwait(false) == 42);

        var set = await sender.SendAsync(new SendRequest { To = deploy.ContractAddress, Data = AbiFunction.EncodeCall("set(uint256)", new BigInteger(7)) },
            null, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"  set(7): tx {set.Hash}, block {set.Receipt.BlockNumber}, status {set.Receipt.Status}, logs {set.Receipt.LogCount}");
        Check("set(7) mined with status 1", set.Succeeded);
        Check("get() = 7 after set(7)", await GetAsync(sender, deploy.ContractAddress, cancellationToken).ConfigureAwait(false) == 7);

        output.WriteLine(failures == 0 ? "ethereum: all checks passed" : $"ethereum: {failures} check(s) FAILED");
        return failures;
    }

    private static async Task<BigInteger> GetAsync(EthSender sender, Address store, CancellationToken cancellationToken) =>
        (BigInteger)(await sender.CallAsync(store, "get()", [], UInt256, cancellationToken).ConfigureAwait(false))[0];

    private static string Ether(BigInteger wei)
    {
        var whole = BigInteger.DivRem(wei, SenderOptions.Ether, out var rest);
        var fraction = rest.IsZero ? string.Empty : "." + rest.ToString("D18", CultureInfo.InvariantCulture).TrimEnd('0');
        return whole.ToString(CultureInfo.InvariantCulture) + fraction;
    }
}
