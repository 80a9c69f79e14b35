using System.Security.Cryptography;
using DltSigner.Core.Math;

namespace DltSigner.Core.Signatures;

/// <summary>
/// RFC 6979 deterministic nonces for secp256k1 with HMAC-SHA256 (section 3.2; qlen = hlen = 256, so
/// bits2int is the identity and bits2octets is a reduction mod n). Optional extra entropy is appended
/// to the seed as in RFC 6979 section 3.6 and libsecp256k1's nonce_function_rfc6979 (ndata, 32 bytes).
/// <see cref="NextCandidate"/> yields the raw candidate sequence T₀, T₁, … (step h.3 without the
/// range check); <see cref="NextNonce"/> skips candidates outside [1, n).
/// K and V are pinned and zeroed on dispose; HMAC runs through the BCL's span one-shot (not
/// Hashes.HmacSha256, whose fresh arrays would leave copies of K on the movable heap).
/// </summary>
public sealed class Rfc6979 : IDisposable
{
    private const int Size = 32;

    // K || V in one pinned array: the GC never copies the DRBG state around the heap.
    private readonly byte[] _state = GC.AllocateArray<byte>(2 * Size, pinned: true);
    private bool _started;
    private bool _disposed;

    /// <param name="privateKey">x, 32 bytes big-endian (a secret).</param>
    /// <param name="hash">h₁, the 32-byte message hash.</param>
    /// <param name="extraEntropy">empty, or 32 bytes appended to the seed (libsecp256k1 ndata).</param>
    public Rfc6979(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> extraEntropy = default)
    {
        if (privateKey.Length != Size || hash.Length != Size)
        {
            throw new ArgumentException("RFC 6979: key and hash must be 32 bytes");
        }

        if (!extraEntropy.IsEmpty && extraEntropy.Length != Size)
        {
            throw new ArgumentException("RFC 6979: extra entropy must be empty or 32 bytes", nameof(extraEntropy));
        }

        // seed = int2octets(x) || bits2octets(h1) || extra; bits2octets(h1) = (h1 mod n) as 32 bytes.
        Span<byte> seed = stackalloc byte[1 + (3 * Size)];
        var seedLength = 1 + (2 * Size) + extraEntropy.Length;
        try
        {
            privateKey.CopyTo(seed[1..]);
            Scalar.FromBytesReduced(hash).WriteBytes(seed.Slice(1 + Size, Size));
            extraEntropy.CopyTo(seed[(1 + (2 * Size))..]);
            Initialize(seed[..seedLength]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private Span<byte> K => _state.AsSpan(0, Size);

    private Span<byte> V => _state.AsSpan(Size, Size);

    /// <summary>Steps b–g of section 3.2; seed has one free leading byte for the 0x00/0x01 separator.</summary>
    private void Initialize(Span<byte> seed)
    {
        V.Fill(0x01);
        K.Clear();
        UpdateK(0x00, seed);
        Mac(V, V);
        UpdateK(0x01, seed);
        Mac(V, V);
    }

    /// <summary>target = HMAC_K(data) through a scratch buffer, so data, key and target may alias.</summary>
    private void Mac(ReadOnlySpan<byte> data, Span<byte> target)
    {
        Span<byte> mac = stackalloc byte[Size];
        try
        {
            HMACSHA256.HashData(K, data, mac);
            mac.CopyTo(target);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mac);
        }
    }

    /// <summary>K = HMAC_K(V || sep || seed[1..]), using a scratch copy so V stays intact.</summary>
    private void UpdateK(byte separator, Span<byte> seed)
    {
        Span<byte> input = stackalloc byte[Size + seed.Length];
        try
        {
            V.CopyTo(input);
            seed[0] = separator;
            seed.CopyTo(input[Size..]);
            Mac(input, K);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>Writes the next 32-byte candidate T (step h.2); after the first, step h.3's update runs first.</summary>
    public void NextCandidate(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length != Size)
        {
            throw new ArgumentException("destination must be 32 bytes", nameof(destination));
        }

        if (_started)
        {
            // h.3 on rejection: K = HMAC_K(V || 0x00), V = HMAC_K(V).
            Span<byte> sep = stackalloc byte[1];
            UpdateK(0x00, sep);
            Mac(V, V);
        }

        _started = true;
        Mac(V, V);
        V.CopyTo(destination);
    }

    /// <summary>The next candidate that is a valid nonce, in [1, n).</summary>
    public Scalar NextNonce()
    {
        Span<byte> t = stackalloc byte[Size];
        try
        {
            while (true)
            {
                NextCandidate(t);

                // Rejection happens with probability ~2⁻¹²⁸; the loop reveals nothing in practice.
                if (Scalar.TryFromBytes(t, out var k) && !k.IsZero)
                {
                    return k;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(t);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_state);
        _disposed = true;
    }

    public override string ToString() => "Rfc6979(redacted)";
}
