using System.Security.Cryptography;
using DltSigner.Core;
using DltSigner.Core.Keys;

namespace DltSigner.Node.Store;

/// <summary>How to protect a share file being written.</summary>
public sealed record ShareWriteOptions
{
    /// <summary>OWASP 2023 guidance for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Encrypt (default) or, only when explicitly asked, store in plaintext.</summary>
    public ShareProtection Protection { get; init; } = ShareProtection.Pbkdf2Sha256AesGcm;

    /// <summary>PBKDF2 iteration count, stored in the header. Lower only for tests (explicit option).</summary>
    public int Iterations { get; init; } = DefaultIterations;

    /// <summary>Test hook: invoked at each crash-injection point of the atomic write sequence.</summary>
    public Action<string>? FailPoint { get; init; }
}

/// <summary>
/// One party's key share at rest: public header + AES-256-GCM over <see cref="KeyShare.Encode"/>
/// with the header as associated data (layout: <see cref="ShareFileHeader"/>). Every secret
/// temporary (passphrase bytes are the caller's; derived key, plaintext) is zeroed after use.
/// </summary>
public static class ShareFile
{
    /// <summary>The file's bytes for <paramref name="share"/>; <paramref name="passphrase"/> is ignored for plaintext.</summary>
    public static byte[] Seal(KeyShare share, Passphrase? passphrase, ShareWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(options);
        var encrypted = options.Protection != ShareProtection.Plaintext;
        if (encrypted && passphrase is null)
        {
            throw new ArgumentNullException(nameof(passphrase), "encryption needs a passphrase");
        }

        if (encrypted && options.Iterations is < 1 or > ShareFileHeader.MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "PBKDF2 iterations out of range");
        }

        var plaintext = share.Encode();
        try
        {
            var header = new ShareFileHeader(
                options.Protection,
                encrypted ? options.Iterations : 0,
                encrypted ? RandomNumberGenerator.GetBytes(ShareFileHeader.SaltLength) : new byte[ShareFileHeader.SaltLength],
                encrypted ? RandomNumberGenerator.GetBytes(ShareFileHeader.NonceLength) : new byte[ShareFileHeader.NonceLength],
                share.KeyId, share.Self, share.Epoch, share.Threshold, share.PartyCount, plaintext.Length);
            var file = new byte[header.FileLength];
            var headerBytes = header.Encode();
            headerBytes.CopyTo(file, 0);
            var payload = file.AsSpan(ShareFileHeader.Length, plaintext.Length);
            if (!encrypted)
            {
                plaintext.CopyTo(payload);
                return file;
            }

            Span<byte> key = stackalloc byte[32];
            try
            {
                DeriveKey(passphrase!, header, key);
                using var aes = new AesGcm(key, ShareFileHeader.TagLength);
                aes.Encrypt(header.Nonce.Span, plaintext, payload, file.AsSpan(ShareFileHeader.Length + plaintext.Length), headerBytes);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }

            return file;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// Decrypts and decodes a share file. Wrong passphrase, any modified byte of header, ciphertext or
    /// tag, and an encoded share that fails its own checks all give the same
    /// <see cref="ShareFileError.Authentication"/> error. Plaintext files need <paramref name="allowPlaintext"/>.
    /// </summary>
    public static KeyShare Open(ReadOnlySpan<byte> file, string name, Func<Passphrase> passphrase, bool allowPlaintext)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var header = ShareFileHeader.Decode(file, name);
        var payload = file.Slice(ShareFileHeader.Length, header.PayloadLength);
        if (!header.IsEncrypted)
        {
            if (!allowPlaintext)
            {
                throw new ShareFileException(ShareFileError.Plaintext, $"share file {name} is stored in plaintext (insecure); pass --insecure-plaintext to use it");
            }

            return DecodeChecked(payload, header, name);
        }

        var plaintext = new byte[header.PayloadLength];
        Span<byte> key = stackalloc byte[32];
        try
        {
            DeriveKey(passphrase(), header, key);
            using (var aes = new AesGcm(key, ShareFileHeader.TagLength))
            {
                try
                {
                    aes.Decrypt(header.Nonce.Span, payload, file.Slice(ShareFileHeader.Length + header.PayloadLength, ShareFileHeader.TagLength), plaintext, file[..ShareFileHeader.Length]);
                }
                catch (AuthenticationTagMismatchException)
                {
                    throw AuthenticationFailed(name);
                }
            }

            return DecodeChecked(plaintext, header, name);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Reads and opens a file from disk (the read buffer is zeroed afterwards).</summary>
    public static KeyShare Load(string path, Func<Passphrase> passphrase, bool allowPlaintext)
    {
        var bytes = ReadAll(path);
        try
        {
            return Open(bytes, Path.GetFileName(path), passphrase, allowPlaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The public header only (no passphrase needed).</summary>
    public static ShareFileHeader ReadHeader(string path)
    {
        var bytes = ReadAll(path);
        try
        {
            return ShareFileHeader.Decode(bytes, Path.GetFileName(path));
        }
        finally
        {
            // A plaintext share file holds the secret in this buffer.
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Seals and writes atomically (temp file, fsync, rename, directory fsync; mode 0600).</summary>
    public static void Write(string path, KeyShare share, Passphrase? passphrase, ShareWriteOptions options)
    {
        var bytes = Seal(share, passphrase, options);
        try
        {
            AtomicFile.Write(path, bytes, options.FailPoint);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static ShareFileException AuthenticationFailed(string name) =>
        new(ShareFileError.Authentication, $"share file {name}: authentication failed (wrong passphrase or corrupted file)");

    private static byte[] ReadAll(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > ShareFileHeader.Length + (long)ShareFileHeader.MaxPayloadLength + ShareFileHeader.TagLength)
            {
                throw new ShareFileException(ShareFileError.Format, $"share file {info.Name}: too large to be a share file");
            }

            return RegularFile.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new ShareFileException(ShareFileError.Files, $"share file {path} not found");
        }
    }

    private static void DeriveKey(Passphrase passphrase, ShareFileHeader header, Span<byte> key) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase.Bytes, header.Salt.Span, key, header.Iterations, HashAlgorithmName.SHA256);

    /// <summary>Decodes and checks that the share is the one the header names.</summary>
    private static KeyShare DecodeChecked(ReadOnlySpan<byte> encoded, ShareFileHeader header, string name)
    {
        KeyShare share;
        try
        {
            share = KeyShare.Decode(encoded);
        }
        catch (CryptoFormatException)
        {
            // Only reachable for plaintext files or a bug: GCM already authenticated encrypted ones.
            throw AuthenticationFailed(name);
        }

        if (share.KeyId != header.KeyId || share.Self != header.Party || share.Epoch != header.Epoch
            || share.Threshold != header.Threshold || share.PartyCount != header.PartyCount)
        {
            share.Dispose();
            throw AuthenticationFailed(name);
        }

        return share;
    }
}
