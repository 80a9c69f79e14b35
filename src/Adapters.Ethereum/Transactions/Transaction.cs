using System.Numerics;
using DltSigner.Adapters.Ethereum.Primitives;

namespace DltSigner.Adapters.Ethereum.Transactions;

/// <summary>The transaction envelope types this adapter handles (EIP-2718 type byte; legacy has none).</summary>
public enum TxType : byte
{
    Legacy = 0,
    AccessList = 1,
    DynamicFee = 2,
}

/// <summary>An EIP-2930 access list entry: an address and 32-byte storage keys.</summary>
public sealed record AccessListEntry(Address Address, IReadOnlyList<byte[]> StorageKeys)
{
    public bool Equals(AccessListEntry? other) =>
        other is not null && Address == other.Address && StorageKeys.Count == other.StorageKeys.Count
        && StorageKeys.Zip(other.StorageKeys).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    public override int GetHashCode() => HashCode.Combine(Address, StorageKeys.Count);
}

/// <summary>
/// A transaction signature: y-parity of R (0 or 1) and r, s as on the wire. Values are kept as
/// decoded (possibly out of range) so that validation can name the failed rule.
/// </summary>
public sealed record TxSignature(int YParity, BigInteger R, BigInteger S);

/// <summary>Fields shared by every transaction type. Amounts and gas are 256-bit public values.</summary>
public abstract record Transaction
{
    public abstract TxType Type { get; }

    public BigInteger Nonce { get; init; }

    public BigInteger GasLimit { get; init; }

    /// <summary>Recipient; null for contract creation.</summary>
    public Address? To { get; init; }

    public BigInteger Value { get; init; }

    public byte[] Data { get; init; } = [];

    /// <summary>Null while unsigned.</summary>
    public TxSignature? Signature { get; init; }

    /// <summary>The chain id the signature commits to; null only for pre-EIP-155 legacy transactions.</summary>
    public abstract BigInteger? SignedChainId { get; }

    /// <summary>The access list (empty for legacy).</summary>
    public virtual IReadOnlyList<AccessListEntry> AccessList => [];

    public bool IsContractCreation => To is null;
}

/// <summary>Legacy transaction; with <see cref="ChainId"/> it signs per EIP-155, without it pre-EIP-155.</summary>
public sealed record LegacyTransaction : Transaction
{
    public override TxType Type => TxType.Legacy;

    public BigInteger GasPrice { get; init; }

    public BigInteger? ChainId { get; init; }

    public override BigInteger? SignedChainId => ChainId;

    /// <summary>The on-wire v: 27 + parity before EIP-155, 35 + 2·chainId + parity after.</summary>
    public BigInteger? V => Signature is null ? null
        : ChainId is { } id ? 35 + (2 * id) + Signature.YParity : 27 + Signature.YParity;
}

/// <summary>EIP-2930 transaction (type 1): legacy gas price plus an access list.</summary>
public sealed record Eip2930Transaction : Transaction
{
    public override TxType Type => TxType.AccessList;

    public BigInteger ChainId { get; init; }

    public BigInteger GasPrice { get; init; }

    public IReadOnlyList<AccessListEntry> Entries { get; init; } = [];

    public override IReadOnlyList<AccessListEntry> AccessList => Entries;

    public override BigInteger? SignedChainId => ChainId;
}

/// <summary>EIP-1559 transaction (type 2): priority fee and fee cap instead of a gas price.</summary>
public sealed record Eip1559Transaction : Transaction
{
    public override TxType Type => TxType.DynamicFee;

    public BigInteger ChainId { get; init; }

    public BigInteger MaxPriorityFeePerGas { get; init; }

    public BigInteger MaxFeePerGas { get; init; }

    public IReadOnlyList<AccessListEntry> Entries { get; init; } = [];

    public override IReadOnlyList<AccessListEntry> AccessList => Entries;

    public override BigInteger? SignedChainId => ChainId;
}
