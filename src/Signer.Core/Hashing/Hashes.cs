using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace DltSigner.Core.Hashing;

/// <summary>The hash functions the signer and the adapters use, behind one facade.</summary>
/// <remarks>
/// Every function has an allocating form returning a new array and a span form
/// (<c>Write…</c>) that writes into a caller buffer and allocates nothing.
/// </remarks>
public static class Hashes
{
    public const int Sha256Size = 32;
    public const int Keccak256Size = 32;
    public const int Ripemd160Size = 20;

    /// <summary>Data up to this size is concatenated on the stack for a tagged hash; beyond it, a pooled array.</summary>
    private const int TaggedStackLimit = 512;

    // SHA-256(tag) || SHA-256(tag) per tag; tags are a small fixed set of protocol constants.
    private static readonly ConcurrentDictionary<string, byte[]> TagPrefixes = new(StringComparer.Ordinal);

    public static byte[] Sha256(ReadOnlySpan<byte> data) => SHA256.HashData(data);

    public static void WriteSha256(ReadOnlySpan<byte> data, Span<byte> destination) =>
        SHA256.HashData(data, Require(destination, Sha256Size));

    /// <summary>SHA-256(SHA-256(data)), Bitcoin's hash256.</summary>
    public static byte[] Sha256d(ReadOnlySpan<byte> data)
    {
        var result = new byte[Sha256Size];
        WriteSha256d(data, result);
        return result;
    }

    public static void WriteSha256d(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> inner = stackalloc byte[Sha256Size];
        SHA256.HashData(data, inner);
        SHA256.HashData(inner, Require(destination, Sha256Size));
        CryptographicOperations.ZeroMemory(inner);
    }

    /// <summary>BIP340 tagged hash: SHA-256(SHA-256(tag) || SHA-256(tag) || data); tag prefixes are cached.</summary>
    public static byte[] TaggedHash(string tag, ReadOnlySpan<byte> data)
    {
        var result = new byte[Sha256Size];
        WriteTaggedHash(tag, data, result);
        return result;
    }

    public static void WriteTaggedHash(string tag, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var prefix = TagPrefixes.GetOrAdd(tag, ComputeTagPrefix);
        var total = prefix.Length + data.Length;
        byte[]? rented = null;
        var buffer = total <= TaggedStackLimit + 64
            ? stackalloc byte[TaggedStackLimit + 64]
            : (rented = ArrayPool<byte>.Shared.Rent(total));
        var input = buffer[..total];
        try
        {
            prefix.CopyTo(input);
            data.CopyTo(input[prefix.Length..]);
            SHA256.HashData(input, Require(destination, Sha256Size));
        }
        finally
        {
            // The data may be secret (BIP340 nonce derivation hashes the key).
            CryptographicOperations.ZeroMemory(input);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Keccak-256 as Ethereum uses it (original Keccak padding 0x01, not SHA3-256).</summary>
    public static byte[] Keccak256(ReadOnlySpan<byte> data)
    {
        var result = new byte[Keccak256Size];
        Hashing.Keccak256.Hash(data, result);
        return result;
    }

    public static void WriteKeccak256(ReadOnlySpan<byte> data, Span<byte> destination) =>
        Hashing.Keccak256.Hash(data, Require(destination, Keccak256Size));

    public static byte[] Ripemd160(ReadOnlySpan<byte> data)
    {
        var result = new byte[Ripemd160Size];
        Hashing.Ripemd160.Hash(data, result);
        return result;
    }

    public static void WriteRipemd160(ReadOnlySpan<byte> data, Span<byte> destination) =>
        Hashing.Ripemd160.Hash(data, Require(destination, Ripemd160Size));

    /// <summary>RIPEMD-160(SHA-256(data)), Bitcoin's hash160.</summary>
    public static byte[] Hash160(ReadOnlySpan<byte> data)
    {
        var result = new byte[Ripemd160Size];
        WriteHash160(data, result);
        return result;
    }

    public static void WriteHash160(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> inner = stackalloc byte[Sha256Size];
        SHA256.HashData(data, inner);
        Hashing.Ripemd160.Hash(inner, Require(destination, Ripemd160Size));
        CryptographicOperations.ZeroMemory(inner);
    }

    public static byte[] HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => HMACSHA256.HashData(key, data);

    public static void WriteHmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) =>
        HMACSHA256.HashData(key, data, Require(destination, Sha256Size));

    private static byte[] ComputeTagPrefix(string tag)
    {
        var prefix = new byte[2 * Sha256Size];
        SHA256.HashData(Encoding.UTF8.GetBytes(tag), prefix);
        prefix.AsSpan(0, Sha256Size).CopyTo(prefix.AsSpan(Sha256Size));
        return prefix;
    }

    /// <summary>Exactly the digest's length, so a too-long buffer is not silently half-written.</summary>
    private static Span<byte> Require(Span<byte> destination, int size) =>
        destination.Length == size
            ? destination
            : throw new ArgumentException($"destination must be exactly {size} bytes", nameof(destination));
}
