using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Signatures;

namespace DltSigner.Adapters.Ethereum.Transactions;

/// <summary>Attaches signatures to transactions and recovers senders (secp256k1, EIP-2 low-S).</summary>
public static class TxSigner
{
    /// <summary>n / 2: the EIP-2 bound on s (Homestead onwards).</summary>
    public static readonly BigInteger HalfOrder = new BigInteger(Scalar.OrderBytes, isUnsigned: true, isBigEndian: true) / 2;

    public static readonly BigInteger Order = new(Scalar.OrderBytes, isUnsigned: true, isBigEndian: true);

    /// <summary>
    /// Attaches (r, s, recovery id) produced over <see cref="TxCodec.SigningHash"/>; s is normalised to
    /// low-S (flipping the parity). Recovery ids 2 and 3 (R.x ≥ n) cannot be expressed in Ethereum.
    /// </summary>
    public static T WithSignature<T>(T tx, RecoverableSignature signature)
        where T : Transaction
    {
        ArgumentNullException.ThrowIfNull(tx);
        var low = signature.NormalizeLowS();
        if (low.RecoveryId > 1)
        {
            throw new CryptoFormatException("tx signature: recovery id above 1 is not representable");
        }

        var r = ToBig(low.Signature.R);
        var s = ToBig(low.Signature.S);
        return tx with { Signature = new TxSignature(low.RecoveryId, r, s) };
    }

    /// <summary>Attaches a signature given as r, s (32 bytes each) and a recovery id.</summary>
    public static T WithSignature<T>(T tx, ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, int recoveryId)
        where T : Transaction =>
        WithSignature(tx, new RecoverableSignature(new EcdsaSignature(Scalar.FromBytes(r), Scalar.FromBytes(s)), recoveryId));

    /// <summary>Reference single-key signing (RFC 6979): used to check threshold output, not by the protocols.</summary>
    public static T Sign<T>(T tx, PrivateKey key)
        where T : Transaction =>
        WithSignature(tx, Ecdsa.Sign(key, TxCodec.SigningHash(tx)));

    /// <summary>The sender's public key; false when the signature is malformed or recovers nothing.</summary>
    public static bool TryRecoverSenderKey(Transaction tx, [NotNullWhen(true)] out PublicKey? publicKey, bool requireLowS = true)
    {
        ArgumentNullException.ThrowIfNull(tx);
        publicKey = null;
        if (tx.Signature is not { } sig || !TryToScalar(sig.R, out var r) || !TryToScalar(sig.S, out var s)
            || (requireLowS && sig.S > HalfOrder))
        {
            return false;
        }

        return Ecdsa.TryRecoverPublicKey(TxCodec.SigningHash(tx), new EcdsaSignature(r, s), sig.YParity, out publicKey);
    }

    public static bool TryRecoverSender(Transaction tx, out Address sender, bool requireLowS = true)
    {
        var ok = TryRecoverSenderKey(tx, out var key, requireLowS);
        sender = ok ? Address.FromPublicKey(key!) : default;
        return ok;
    }

    public static Address RecoverSender(Transaction tx, bool requireLowS = true) =>
        TryRecoverSender(tx, out var sender, requireLowS)
            ? sender
            : throw new CryptoFormatException("tx: signature does not recover a sender");

    private static bool TryToScalar(BigInteger value, out Scalar scalar)
    {
        scalar = default;
        return value.Sign > 0 && value < Order && Scalar.TryFromBytes(UInt256.ToWord(value), out scalar);
    }

    private static BigInteger ToBig(Scalar value) => new(value.ToBytes(), isUnsigned: true, isBigEndian: true);
}
