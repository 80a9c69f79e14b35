using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;

namespace DltSigner.Core.Signatures;

/// <summary>
/// Single-key ECDSA over secp256k1 (SEC 1 v2, section 4.1) on 32-byte message hashes: the reference
/// signer that threshold output is checked against. Signing uses RFC 6979 nonces, is constant-time in
/// the key and the nonce, and always returns low-S with the matching recovery id.
/// </summary>
public static class Ecdsa
{
    public const int HashLength = 32;

    /// <summary>
    /// Deterministic ECDSA (RFC 6979, HMAC-SHA256) → low-S signature and recovery id.
    /// extraEntropy: empty, or 32 bytes mixed into the nonce seed (libsecp256k1 ndata, e.g. R-grinding).
    /// </summary>
    public static RecoverableSignature Sign(PrivateKey privateKey, ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> extraEntropy = default)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        RequireHash(hash32);
        var d = privateKey.Secret.Value;
        var e = Scalar.FromBytesReduced(hash32);
        Span<byte> keyBytes = stackalloc byte[32];
        try
        {
            d.WriteBytes(keyBytes);
            using var nonces = new Rfc6979(keyBytes, hash32, extraEntropy);
            while (true)
            {
                // r = 0 or s = 0 (probability ~2⁻²⁵⁶) moves on to the next RFC 6979 candidate.
                if (TrySignWithNonce(d, e, nonces.NextNonce(), out var signature))
                {
                    return signature.NormalizeLowS();
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBytes);
        }
    }

    /// <summary>Deterministic ECDSA, strict DER (low-S) into a new array.</summary>
    public static byte[] SignDer(PrivateKey privateKey, ReadOnlySpan<byte> hash32) =>
        Sign(privateKey, hash32).Signature.ToDer();

    /// <summary>Deterministic ECDSA, strict DER (low-S) into destination (72 bytes always suffice).</summary>
    public static bool TrySignDer(PrivateKey privateKey, ReadOnlySpan<byte> hash32, Span<byte> destination, out int bytesWritten) =>
        Sign(privateKey, hash32).Signature.TryWriteDer(destination, out bytesWritten);

    /// <summary>
    /// s = k⁻¹(e + r·d) with R = k·G (constant-time in d and k); high-S as computed, recovery id from R.
    /// False when r or s is zero.
    /// </summary>
    internal static bool TrySignWithNonce(Scalar d, Scalar e, Scalar k, out RecoverableSignature signature)
    {
        signature = default;
        var bigR = Point.BaseMul(k);
        var x = bigR.XBytes();

        // R.x is public (it becomes r); R.x ≥ n is the rare overflow case of recovery id bit 1.
        var overflow = !Scalar.TryFromBytes(x, out _);
        var r = Scalar.FromBytesReduced(x);
        var s = k.Invert() * (e + (r * d));
        if (r.IsZero || s.IsZero)
        {
            return false;
        }

        var recoveryId = (bigR.HasOddY ? 1 : 0) | (overflow ? 2 : 0);
        signature = new RecoverableSignature(new EcdsaSignature(r, s), recoveryId);
        return true;
    }

    /// <summary>
    /// Standard ECDSA verification (SEC 1 section 4.1.4); high-S is accepted unless requireLowS
    /// (Bitcoin's policy and Ethereum's EIP-2 rule).
    /// </summary>
    public static bool Verify(PublicKey publicKey, ReadOnlySpan<byte> hash32, EcdsaSignature signature, bool requireLowS = false)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        RequireHash(hash32);
        var (r, s) = (signature.R, signature.S);

        // default(EcdsaSignature) is the only way to hold a zero here.
        if (r.IsZero || s.IsZero || (requireLowS && s.IsHigh))
        {
            return false;
        }

        var w = s.InvertVar();
        var e = Scalar.FromBytesReduced(hash32);
        var bigR = Point.DoubleMulVar(e * w, r * w, publicKey.Point);
        return !bigR.IsInfinity && Scalar.FromBytesReduced(bigR.XBytes()) == r;
    }

    /// <summary>Strict DER parse (BIP66) followed by <see cref="Verify(PublicKey, ReadOnlySpan{byte}, EcdsaSignature, bool)"/>.</summary>
    public static bool VerifyDer(PublicKey publicKey, ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> der, bool requireLowS = false) =>
        EcdsaSignature.TryParseDer(der, out var signature) && Verify(publicKey, hash32, signature, requireLowS);

    /// <summary>
    /// Public key recovery (SEC 1 section 4.1.6): Q = r⁻¹(s·R − e·G) with R rebuilt from r and the
    /// recovery id. False when the id names no point (R.x ≥ p, x not on the curve) or Q is infinity.
    /// </summary>
    public static bool TryRecoverPublicKey(ReadOnlySpan<byte> hash32, EcdsaSignature signature, int recoveryId, [NotNullWhen(true)] out PublicKey? publicKey)
    {
        publicKey = null;
        RequireHash(hash32);
        if ((uint)recoveryId > 3 || signature.R.IsZero || signature.S.IsZero)
        {
            return false;
        }

        Span<byte> encoded = stackalloc byte[33];
        encoded[0] = (byte)(0x02 | (recoveryId & 1));
        var x = encoded[1..];
        signature.R.WriteBytes(x);
        if ((recoveryId & 2) != 0 && !CurveBytes.TryAdd(x, Scalar.OrderBytes, x))
        {
            return false;
        }

        if (!CurveBytes.IsBelowFieldPrime(x) || !Point.TryDecode(encoded, out var bigR))
        {
            return false;
        }

        var rInv = signature.R.InvertVar();
        var e = Scalar.FromBytesReduced(hash32);
        var q = Point.DoubleMulVar(-(e * rInv), signature.S * rInv, bigR);
        if (q.IsInfinity)
        {
            return false;
        }

        publicKey = new PublicKey(q);
        return true;
    }

    /// <summary>Public key recovery; throws <see cref="CryptoFormatException"/> when there is none.</summary>
    public static PublicKey RecoverPublicKey(ReadOnlySpan<byte> hash32, EcdsaSignature signature, int recoveryId) =>
        TryRecoverPublicKey(hash32, signature, recoveryId, out var key)
            ? key
            : throw new CryptoFormatException("ECDSA recovery: no public key for this signature and recovery id");

    public static PublicKey RecoverPublicKey(ReadOnlySpan<byte> hash32, RecoverableSignature signature) =>
        RecoverPublicKey(hash32, signature.Signature, signature.RecoveryId);

    private static void RequireHash(ReadOnlySpan<byte> hash32)
    {
        if (hash32.Length != HashLength)
        {
            throw new ArgumentException("ECDSA: the message hash must be 32 bytes", nameof(hash32));
        }
    }
}
