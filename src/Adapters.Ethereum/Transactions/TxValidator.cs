using System.Numerics;
using DltSigner.Adapters.Ethereum.Primitives;

namespace DltSigner.Adapters.Ethereum.Transactions;

/// <summary>The consensus rules a signer checks before signing or accepting a transaction (Shanghai onwards).</summary>
public sealed record TxRules(BigInteger ChainId)
{
    /// <summary>EIP-3860 initcode cap: 2 · 24576 bytes.</summary>
    public const int MaxInitCodeSize = 49152;
}

/// <summary>
/// Stateless validity checks beyond decoding: chain id (EIP-155), signature range and low-S (EIP-2),
/// EIP-2681 nonce bound, 64-bit gas limit, fee caps (EIP-1559), initcode size (EIP-3860) and
/// intrinsic gas (Yellow Paper g0 with EIP-2028, EIP-2930 and EIP-3860 costs).
/// </summary>
public static class TxValidator
{
    /// <summary>Returns null when valid, else the name of the failed rule.</summary>
    public static string? Validate(Transaction tx, TxRules rules)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(rules);
        if (tx.SignedChainId is { } chainId && chainId != rules.ChainId)
        {
            return "chain id";
        }

        if (tx.Signature is not { } sig || sig.R.IsZero || sig.S.IsZero || sig.R >= TxSigner.Order || sig.S > TxSigner.HalfOrder)
        {
            return "signature r, s range (EIP-2)";
        }

        if (tx.Nonce >= ulong.MaxValue)
        {
            return "nonce overflow (EIP-2681)";
        }

        if (tx.GasLimit > ulong.MaxValue)
        {
            return "gas limit overflow";
        }

        var feeCap = tx switch
        {
            LegacyTransaction l => l.GasPrice,
            Eip2930Transaction a => a.GasPrice,
            Eip1559Transaction d => d.MaxFeePerGas,
            _ => BigInteger.Zero,
        };
        if (tx is Eip1559Transaction dynamic && dynamic.MaxPriorityFeePerGas > dynamic.MaxFeePerGas)
        {
            return "priority fee above fee cap (EIP-1559)";
        }

        if (tx.GasLimit * feeCap > UInt256.MaxValue)
        {
            return "gas limit × price overflow";
        }

        if (tx.IsContractCreation && tx.Data.Length > TxRules.MaxInitCodeSize)
        {
            return "initcode too large (EIP-3860)";
        }

        return tx.GasLimit < IntrinsicGas(tx) ? "intrinsic gas too low" : null;
    }

    /// <summary>g0: 21000, +32000 for creation, 4/16 per zero/nonzero data byte, access list, initcode words.</summary>
    public static long IntrinsicGas(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        long gas = 21000;
        foreach (var b in tx.Data)
        {
            gas += b == 0 ? 4 : 16;
        }

        if (tx.IsContractCreation)
        {
            gas += 32000 + (2 * (((long)tx.Data.Length + 31) / 32));
        }

        foreach (var entry in tx.AccessList)
        {
            gas += 2400 + (1900L * entry.StorageKeys.Count);
        }

        return gas;
    }
}
