namespace DltSigner.Core.Signing;

/// <summary>What a signature is for: lets every signer node check the digest against its policy.</summary>
public enum SignPurpose
{
    /// <summary>A bare 32-byte digest; nodes with a transaction-only policy refuse it.</summary>
    RawDigest,
    BitcoinTransaction,
    EthereumTransaction,
    EthereumPersonalMessage,
    EthereumTypedData,
}

/// <summary>
/// A request for one ECDSA signature. <see cref="Explanation"/> carries the bytes from which a signer
/// recomputes <see cref="Digest"/> (the unsigned transaction, the typed data, ...), so a node never
/// signs a digest it cannot explain when a transaction was asked for.
/// </summary>
public sealed record SignRequest
{
    public SignRequest(ReadOnlyMemory<byte> digest, SignPurpose purpose, ReadOnlyMemory<byte> explanation = default, string? derivationPath = null)
    {
        if (digest.Length != 32)
        {
            throw new ArgumentException("digest must be 32 bytes", nameof(digest));
        }

        Digest = digest;
        Purpose = purpose;
        Explanation = explanation;
        DerivationPath = derivationPath;
    }

    public ReadOnlyMemory<byte> Digest { get; }

    public SignPurpose Purpose { get; }

    public ReadOnlyMemory<byte> Explanation { get; }

    /// <summary>BIP32 non-hardened path below the group key (e.g. "m/0/7"), or null for the root key.</summary>
    public string? DerivationPath { get; }
}
