using System.Numerics;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rpc;
using DltSigner.Adapters.Ethereum.Transactions;

namespace DltSigner.Adapters.Ethereum.Sending;

/// <summary>
/// What to send. Null gas and fee members are filled from the node; <see cref="Type"/> is
/// <see cref="TxType.DynamicFee"/> (EIP-1559) or <see cref="TxType.Legacy"/> (always EIP-155).
/// </summary>
public sealed record SendRequest
{
    /// <summary>Recipient; null deploys <see cref="Data"/> as initcode.</summary>
    public Address? To { get; init; }

    public BigInteger Value { get; init; }

    public byte[] Data { get; init; } = [];

    public TxType Type { get; init; } = TxType.DynamicFee;

    public BigInteger? Nonce { get; init; }

    public BigInteger? GasLimit { get; init; }

    /// <summary>EIP-1559 only.</summary>
    public BigInteger? MaxFeePerGas { get; init; }

    /// <summary>EIP-1559 only.</summary>
    public BigInteger? MaxPriorityFeePerGas { get; init; }

    /// <summary>Legacy only.</summary>
    public BigInteger? GasPrice { get; init; }

    /// <summary>BIP32 non-hardened path of the signing key below the group key; null for the root key.</summary>
    public string? DerivationPath { get; init; }
}

/// <summary>
/// The sender's policy: the chain it may sign for and the caps checked before anything is signed.
/// Defaults suit a devnet; set the caps for the chain in use.
/// </summary>
public sealed record SenderOptions(BigInteger ChainId)
{
    public static readonly BigInteger Gwei = 1_000_000_000;

    public static readonly BigInteger Ether = Gwei * Gwei;

    /// <summary>Largest gas limit signed.</summary>
    public BigInteger MaxGas { get; init; } = 10_000_000;

    /// <summary>Largest max fee per gas (EIP-1559) or gas price (legacy) signed.</summary>
    public BigInteger MaxFeePerGas { get; init; } = 500 * Gwei;

    /// <summary>Largest gas limit × fee per gas signed (the most the fee can cost; value not included).</summary>
    public BigInteger MaxTotalFee { get; init; } = Ether / 10;

    /// <summary>Added to eth_estimateGas's answer, in percent (state can change before inclusion).</summary>
    public int GasMarginPercent { get; init; } = 20;

    /// <summary>Priority fee when the request has none and the node does not answer eth_maxPriorityFeePerGas.</summary>
    public BigInteger DefaultPriorityFee { get; init; } = Gwei;

    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>A signed transaction and what the node said about it.</summary>
public sealed record SendResult(Transaction Transaction, string Hash, TransactionReceipt Receipt)
{
    public bool Succeeded => Receipt.Succeeded;
}

/// <summary>A deployment: the contract address (checked against the CREATE rule) and the send.</summary>
public sealed record DeployResult(Address ContractAddress, SendResult Send);

/// <summary>Which pre-signing check refused a transaction.</summary>
public enum PolicyRule
{
    ChainId,
    GasLimit,
    FeePerGas,
    TotalFee,
    Fields,
    SignerMismatch,
    Receipt,
}

/// <summary>A transaction refused by the sender's policy (before signing unless the rule is <see cref="PolicyRule.SignerMismatch"/> or <see cref="PolicyRule.Receipt"/>).</summary>
public sealed class EthPolicyException : Exception
{
    public EthPolicyException(PolicyRule rule, string message)
        : base(message) => Rule = rule;

    public EthPolicyException()
    {
    }

    public EthPolicyException(string message)
        : base(message)
    {
    }

    public EthPolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PolicyRule Rule { get; }
}
