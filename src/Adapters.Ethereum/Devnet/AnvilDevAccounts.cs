using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rpc;

namespace DltSigner.Adapters.Ethereum.Devnet;

/// <summary>
/// Devnet-only funding: a transfer from one of anvil's unlocked dev accounts (eth_sendTransaction,
/// signed by the node), or anvil_setBalance. Never point these at a real network.
/// </summary>
public static class AnvilDevAccounts
{
    /// <summary>The node's unlocked accounts (eth_accounts).</summary>
    public static async Task<IReadOnlyList<Address>> ListAsync(EthRpcClient rpc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var r = await rpc.RawCallAsync("eth_accounts", [], cancellationToken).ConfigureAwait(false);
        if (r.ValueKind != JsonValueKind.Array)
        {
            throw new EthRpcException("eth_accounts", 0, "expected an array");
        }

        return r.EnumerateArray().Select(e => Quantity.ParseAddress(e.GetString(), "account")).ToList();
    }

    /// <summary>Sends <paramref name="amount"/> wei from the first dev account and waits for a successful receipt.</summary>
    public static async Task<TransactionReceipt> FundAsync(EthRpcClient rpc, Address to, BigInteger amount, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var accounts = await ListAsync(rpc, cancellationToken).ConfigureAwait(false);
        if (accounts.Count == 0)
        {
            throw new EthRpcException("eth_accounts", 0, "the node has no unlocked dev account");
        }

        var tx = new JsonObject { ["from"] = accounts[0].ToLowerHex(), ["to"] = to.ToLowerHex(), ["value"] = Quantity.Encode(amount) };
        var r = await rpc.RawCallAsync("eth_sendTransaction", [tx], cancellationToken).ConfigureAwait(false);
        var hash = Quantity.ParseHash(r.ValueKind == JsonValueKind.String ? r.GetString() : null, "eth_sendTransaction");
        var receipt = await rpc.WaitForReceiptAsync(hash, timeout, TimeSpan.FromMilliseconds(100), null, cancellationToken).ConfigureAwait(false);
        return receipt.Succeeded ? receipt : throw new EthRpcException("eth_sendTransaction", 0, $"funding transfer {hash} failed on chain");
    }

    /// <summary>anvil_setBalance: sets the balance outright (no transaction).</summary>
    public static async Task SetBalanceAsync(EthRpcClient rpc, Address address, BigInteger balance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        await rpc.RawCallAsync("anvil_setBalance", [address.ToLowerHex(), Quantity.Encode(balance)], cancellationToken).ConfigureAwait(false);
    }
}
