using System.Buffers.Binary;
using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;

namespace DltSigner.Core.Protocols.Derivation;

/// <summary>
/// A public key derived along a non-hardened path: the child key, its chain code and the additive
/// tweak t with child = root + t·G, so a threshold key signs for the child by adding t to the
/// shared secret (protocol.md §7). Public values (the chain code is privacy-sensitive only).
/// </summary>
public sealed record DerivedKey(PublicKey PublicKey, byte[] ChainCode, Scalar Tweak, DerivationPath Path);

/// <summary>
/// BIP32 public child derivation (CKDpub), non-hardened only: (I_L, I_R) = HMAC-SHA512(c_par,
/// ser_P(K_par) ‖ ser_32(i)); K_i = K_par + I_L·G, c_i = I_R. Public data only, so every signer
/// computes it locally and deterministically.
/// </summary>
public static class Bip32
{
    public const int ChainCodeLength = 32;

    /// <summary>One CKDpub step. Throws <see cref="CryptoFormatException"/> for hardened indices and for the (p ≈ 2^-127) invalid child.</summary>
    public static (Point Child, byte[] ChainCode, Scalar Tweak) DeriveChild(Point parent, ReadOnlySpan<byte> chainCode, uint index)
    {
        if (chainCode.Length != ChainCodeLength)
        {
            throw new ArgumentException("chain code must be 32 bytes", nameof(chainCode));
        }

        if (parent.IsInfinity)
        {
            throw new ArgumentException("parent key is the point at infinity", nameof(parent));
        }

        if (index >= DerivationPath.HardenedOffset)
        {
            throw new CryptoFormatException("bip32: hardened index (needs the private key; not derivable by a threshold key)");
        }

        Span<byte> data = stackalloc byte[33 + 4];
        parent.WriteCompressed(data);
        BinaryPrimitives.WriteUInt32BigEndian(data[33..], index);
        Span<byte> i = stackalloc byte[64];
        HMACSHA512.HashData(chainCode, data, i);
        // BIP32: I_L ≥ n or a child at infinity makes index i invalid; the wallet moves on to i + 1.
        if (!Scalar.TryFromBytes(i[..32], out var tweak))
        {
            throw new CryptoFormatException($"bip32: index {index} gives no valid child (I_L ≥ n); use the next index");
        }

        var child = Point.BaseMulVar(tweak) + parent;
        if (child.IsInfinity)
        {
            throw new CryptoFormatException($"bip32: index {index} gives no valid child (point at infinity); use the next index");
        }

        return (child, i[32..].ToArray(), tweak);
    }

    /// <summary>Derives along a path; the tweak is the sum of every step's I_L.</summary>
    public static DerivedKey Derive(PublicKey root, ReadOnlySpan<byte> chainCode, DerivationPath path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        if (chainCode.Length != ChainCodeLength)
        {
            throw new ArgumentException("chain code must be 32 bytes", nameof(chainCode));
        }

        var key = root.Point;
        var code = chainCode.ToArray();
        var tweak = Scalar.Zero;
        foreach (var index in path.Indices)
        {
            var (child, childCode, step) = DeriveChild(key, code, index);
            key = child;
            code = childCode;
            tweak += step;
        }

        return new DerivedKey(new PublicKey(key), code, tweak, path);
    }

    public static DerivedKey Derive(PublicKey root, ReadOnlySpan<byte> chainCode, string? path) =>
        Derive(root, chainCode, DerivationPath.Parse(path));
}
