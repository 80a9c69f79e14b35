using System.Numerics;
using DltSigner.Adapters.Ethereum.Primitives;

namespace DltSigner.Adapters.Ethereum.Rpc;

/// <summary>The call object of eth_call and eth_estimateGas (null members are omitted).</summary>
public sealed record CallRequest
{
    public Address? From { get; init; }

    /// <summary>Null for a contract creation (estimate only).</summary>
    public Address? To { get; init; }

    public BigInteger? Value { get; init; }

    public byte[]? Data { get; init; }

    public BigInteger? Gas { get; init; }
}

/// <summary>eth_getTransactionReceipt (the members this adapter uses).</summary>
public sealed record TransactionReceipt
{
    public required string TransactionHash { get; init; }

    /// <summary>1 success, 0 failure (EIP-658); null for pre-Byzantium receipts.</summary>
    public int? Status { get; init; }

    public required ulong BlockNumber { get; init; }

    public required string BlockHash { get; init; }

    public required Address From { get; init; }

    public Address? To { get; init; }

    /// <summary>Set for contract creations.</summary>
    public Address? ContractAddress { get; init; }

    public required BigInteger GasUsed { get; init; }

    public BigInteger? EffectiveGasPrice { get; init; }

    public int LogCount { get; init; }

    public bool Succeeded => Status == 1;
}

/// <summary>eth_getTransactionByHash (the members this adapter uses).</summary>
public sealed record RpcTransaction
{
    public required string Hash { get; init; }

    public required Address From { get; init; }

    public Address? To { get; init; }

    public required BigInteger Nonce { get; init; }

    public required BigInteger Value { get; init; }

    public required BigInteger Gas { get; init; }

    public required byte[] Input { get; init; }

    /// <summary>EIP-2718 type (0 legacy).</summary>
    public required int Type { get; init; }

    public BigInteger? ChainId { get; init; }

    /// <summary>Null while pending.</summary>
    public ulong? BlockNumber { get; init; }
}

/// <summary>eth_feeHistory: base fees (one more than blocks: the last is the next block's) and rewards.</summary>
public sealed record FeeHistory(ulong OldestBlock, IReadOnlyList<BigInteger> BaseFeePerGas, IReadOnlyList<IReadOnlyList<BigInteger>> Reward)
{
    /// <summary>The base fee of the block after the newest one in the range (the one a tx sent now lands in).</summary>
    public BigInteger NextBaseFee => BaseFeePerGas.Count > 0 ? BaseFeePerGas[^1] : BigInteger.Zero;
}

/// <summary>Reported while waiting for a receipt: how many polls so far and the time spent.</summary>
public readonly record struct ReceiptWaitProgress(string TransactionHash, int Polls, TimeSpan Elapsed);
