using System.Buffers.Binary;
using NSec.Cryptography;

namespace DltSigner.P2P.Noise;

/// <summary>
/// Noise CipherState for ChaChaPoly (Noise spec section 5.1): a key and a 64-bit nonce, little-endian after
/// four zero bytes. Without a key it passes data through (the first handshake message).
/// </summary>
internal sealed class CipherState : IDisposable
{
    public const int TagLength = 16;

    private static readonly AeadAlgorithm Aead = AeadAlgorithm.ChaCha20Poly1305;

    private Key? _key;
    private ulong _nonce;

    public bool HasKey => _key is not null;

    public void InitializeKey(ReadOnlySpan<byte> key)
    {
        _key?.Dispose();
        _key = Key.Import(Aead, key, KeyBlobFormat.RawSymmetricKey);
        _nonce = 0;
    }

    /// <summary>Encrypts into <paramref name="ciphertext"/> (plaintext length + 16 with a key); returns the bytes written.</summary>
    public int Encrypt(ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        if (_key is null)
        {
            plaintext.CopyTo(ciphertext);
            return plaintext.Length;
        }

        Span<byte> nonce = stackalloc byte[12];
        NextNonce(nonce);
        Aead.Encrypt(_key, nonce, ad, plaintext, ciphertext[..(plaintext.Length + TagLength)]);
        return plaintext.Length + TagLength;
    }

    /// <summary>Decrypts into <paramref name="plaintext"/>; false when authentication fails (the nonce is spent either way).</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext, out int written)
    {
        if (_key is null)
        {
            ciphertext.CopyTo(plaintext);
            written = ciphertext.Length;
            return true;
        }

        written = 0;
        if (ciphertext.Length < TagLength)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[12];
        NextNonce(nonce);
        written = ciphertext.Length - TagLength;
        return Aead.Decrypt(_key, nonce, ad, ciphertext, plaintext[..written]);
    }

    public void Dispose() => _key?.Dispose();

    private void NextNonce(Span<byte> nonce)
    {
        // n = 2^64-1 is reserved (Noise section 5.1); a connection never gets near it, but never wrap.
        if (_nonce == ulong.MaxValue)
        {
            throw new P2PProtocolException("noise: nonce exhausted");
        }

        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], _nonce++);
    }
}
