using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;

namespace DltSigner.Core.Signatures;

/// <summary>
/// BIP340 Schnorr signatures over secp256k1 with x-only public keys: the default signing algorithm
/// (aux randomness, nonce derivation, final self-verification) and verification, for messages of
/// any length (BIP340 revision 2022). Signing is constant-time in the key and the nonce.
/// </summary>
public static class Bip340
{
    public const int SignatureLength = 64;
    public const int PublicKeyLength = 32;
    public const int AuxRandLength = 32;

    private const string AuxTag = "BIP0340/aux";
    private const string NonceTag = "BIP0340/nonce";
    private const string ChallengeTag = "BIP0340/challenge";

    /// <summary>Signs message with 32 bytes of auxiliary randomness (fresh random bytes recommended).</summary>
    public static byte[] Sign(PrivateKey privateKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> auxRand32)
    {
        var signature = new byte[SignatureLength];
        Sign(privateKey, message, auxRand32, signature);
        return signature;
    }

    public static bool TrySign(PrivateKey privateKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> auxRand32, Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < SignatureLength)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = Sign(privateKey, message, auxRand32, destination);
        return true;
    }

    /// <summary>BIP340 default signing; writes 64 bytes and returns 64.</summary>
    public static int Sign(PrivateKey privateKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> auxRand32, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        if (auxRand32.Length != AuxRandLength)
        {
            throw new ArgumentException("BIP340: aux_rand must be 32 bytes", nameof(auxRand32));
        }

        if (destination.Length < SignatureLength)
        {
            throw new ArgumentException("destination must hold 64 bytes", nameof(destination));
        }

        var signature = destination[..SignatureLength];

        // d = d' if P has even y, else n − d' (selected without a branch on the key).
        var p = privateKey.PublicKey.Point;
        var dPrime = privateKey.Secret.Value;
        var d = Scalar.Select(dPrime, -dPrime, p.HasOddY);
        var px = p.XBytes();

        // t = bytes(d) xor hash_aux(a); rand = hash_nonce(t || bytes(P) || m).
        var nonceInput = new byte[64 + message.Length];
        byte[]? auxHash = null;
        byte[]? rand = null;
        try
        {
            d.WriteBytes(nonceInput.AsSpan(0, 32));
            auxHash = Hashes.TaggedHash(AuxTag, auxRand32);
            for (var i = 0; i < 32; i++)
            {
                nonceInput[i] ^= auxHash[i];
            }

            px.CopyTo(nonceInput, 32);
            message.CopyTo(nonceInput.AsSpan(64));
            rand = Hashes.TaggedHash(NonceTag, nonceInput);
            var kPrime = Scalar.FromBytesReduced(rand);
            if (kPrime.IsZero)
            {
                throw new CryptographicException("BIP340: nonce is zero");
            }

            // k = k' if R has even y, else n − k'.
            var bigR = Point.BaseMul(kPrime);
            var k = Scalar.Select(kPrime, -kPrime, bigR.HasOddY);
            var rx = bigR.XBytes();
            var e = Challenge(rx, px, message);
            rx.CopyTo(signature);
            (k + (e * d)).WriteBytes(signature[32..]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(nonceInput);
            CryptographicOperations.ZeroMemory(auxHash);
            CryptographicOperations.ZeroMemory(rand);
        }

        // The final step of the default signing algorithm: never release a signature that does not verify.
        if (!Verify(px, message, signature))
        {
            CryptographicOperations.ZeroMemory(signature);
            throw new CryptographicException("BIP340: the produced signature did not verify");
        }

        return SignatureLength;
    }

    /// <summary>BIP340 verification; false for any malformed key or signature.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey32, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature64)
    {
        if (publicKey32.Length != PublicKeyLength || signature64.Length != SignatureLength)
        {
            return false;
        }

        var rx = signature64[..32];
        if (!Point.TryLiftX(publicKey32, out var p)
            || !CurveBytes.IsBelowFieldPrime(rx)
            || !Scalar.TryFromBytes(signature64[32..], out var s))
        {
            return false;
        }

        // R = s·G − e·P must be finite, have even y and x(R) = r.
        var e = Challenge(rx, publicKey32, message);
        var bigR = Point.DoubleMulVar(s, -e, p);
        return !bigR.IsInfinity && !bigR.HasOddY && bigR.XBytes().AsSpan().SequenceEqual(rx);
    }

    /// <summary>e = int(hash_challenge(bytes(R) || bytes(P) || m)) mod n.</summary>
    private static Scalar Challenge(ReadOnlySpan<byte> rx, ReadOnlySpan<byte> px, ReadOnlySpan<byte> message)
    {
        var input = new byte[64 + message.Length];
        rx.CopyTo(input);
        px.CopyTo(input.AsSpan(32));
        message.CopyTo(input.AsSpan(64));
        return Scalar.FromBytesReduced(Hashes.TaggedHash(ChallengeTag, input));
    }
}
