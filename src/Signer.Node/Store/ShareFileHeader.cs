using System.Buffers.Binary;
using DltSigner.Core.Mpc;

namespace DltSigner.Node.Store;

/// <summary>How the payload of a share file is protected.</summary>
public enum ShareProtection : byte
{
    /// <summary>INSECURE: the encoded key share in the clear (explicit --insecure-plaintext only).</summary>
    Plaintext = 0,

    /// <summary>Key = PBKDF2-HMAC-SHA256(passphrase, salt, iterations); AES-256-GCM, header as associated data.</summary>
    Pbkdf2Sha256AesGcm = 1,
}

/// <summary>
/// The public header of a share file, readable without the passphrase (docs/SECURITY.md "Key shares
/// at rest"). Layout, integers big-endian, 90 bytes:
/// <code>
/// magic "DLTSHARE" (8) ‖ format version u8 (= 1) ‖ protection u8 ‖ KDF id u8 ‖ reserved u8 (= 0)
/// ‖ KDF iterations u32 ‖ salt (16) ‖ nonce (12) ‖ key id (32) ‖ party u16 ‖ epoch u32
/// ‖ threshold u16 ‖ parties n u16 ‖ payload length u32
/// </code>
/// followed by the payload (ciphertext, or the plaintext share) and, when encrypted, the 16-byte
/// GCM tag. The whole header is the AEAD's associated data, so changing any header byte of an
/// encrypted file fails authentication. Plaintext files carry zero KDF id, iterations, salt, nonce.
/// </summary>
public sealed record ShareFileHeader(
    ShareProtection Protection,
    int Iterations,
    ReadOnlyMemory<byte> Salt,
    ReadOnlyMemory<byte> Nonce,
    SessionId KeyId,
    PartyIndex Party,
    uint Epoch,
    int Threshold,
    int PartyCount,
    int PayloadLength)
{
    public const int Length = 90;
    public const byte FormatVersion = 1;
    public const byte KdfPbkdf2Sha256 = 1;
    public const int SaltLength = 16;
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>Upper bound on the stored iteration count, so a hostile header cannot stall the loader.</summary>
    public const int MaxIterations = 10_000_000;

    /// <summary>Upper bound on the payload (far above any committee's encoded share).</summary>
    public const int MaxPayloadLength = 64 << 20;

    private static ReadOnlySpan<byte> Magic => "DLTSHARE"u8;

    public bool IsEncrypted => Protection != ShareProtection.Plaintext;

    /// <summary>Length of the whole file this header describes.</summary>
    public long FileLength => Length + (long)PayloadLength + (IsEncrypted ? TagLength : 0);

    public byte[] Encode()
    {
        var h = new byte[Length];
        var s = h.AsSpan();
        Magic.CopyTo(s);
        s[8] = FormatVersion;
        s[9] = (byte)Protection;
        s[10] = IsEncrypted ? KdfPbkdf2Sha256 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(s[12..], (uint)Iterations);
        Salt.Span.CopyTo(s.Slice(16, SaltLength));
        Nonce.Span.CopyTo(s.Slice(32, NonceLength));
        KeyId.WriteBytes(s.Slice(44, SessionId.Size));
        BinaryPrimitives.WriteUInt16BigEndian(s[76..], Party.Value);
        BinaryPrimitives.WriteUInt32BigEndian(s[78..], Epoch);
        BinaryPrimitives.WriteUInt16BigEndian(s[82..], (ushort)Threshold);
        BinaryPrimitives.WriteUInt16BigEndian(s[84..], (ushort)PartyCount);
        BinaryPrimitives.WriteUInt32BigEndian(s[86..], (uint)PayloadLength);
        return h;
    }

    /// <summary>Strict decoding of the public header; <paramref name="name"/> is used in error messages.</summary>
    public static ShareFileHeader Decode(ReadOnlySpan<byte> file, string name)
    {
        ShareFileException Bad(string what) => new(ShareFileError.Format, $"share file {name}: {what}");

        if (file.Length < Length || !file[..8].SequenceEqual(Magic))
        {
            throw Bad("not a DltSigner share file");
        }

        if (file[8] != FormatVersion)
        {
            throw Bad($"unsupported format version {file[8]}");
        }

        var protection = (ShareProtection)file[9];
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(file[12..]);
        var salt = file.Slice(16, SaltLength);
        var nonce = file.Slice(32, NonceLength);
        switch (protection)
        {
            case ShareProtection.Pbkdf2Sha256AesGcm:
                if (file[10] != KdfPbkdf2Sha256 || iterations is 0 or > MaxIterations)
                {
                    throw Bad("unsupported key derivation parameters");
                }

                break;
            case ShareProtection.Plaintext:
                if (file[10] != 0 || iterations != 0 || salt.ContainsAnyExcept((byte)0) || nonce.ContainsAnyExcept((byte)0))
                {
                    throw Bad("malformed plaintext header");
                }

                break;
            default:
                throw Bad($"unsupported protection {file[9]}");
        }

        var party = BinaryPrimitives.ReadUInt16BigEndian(file[76..]);
        var threshold = BinaryPrimitives.ReadUInt16BigEndian(file[82..]);
        var n = BinaryPrimitives.ReadUInt16BigEndian(file[84..]);
        var payload = BinaryPrimitives.ReadUInt32BigEndian(file[86..]);
        if (file[11] != 0 || party == 0 || n == 0 || threshold == 0 || threshold > n || payload is 0 or > MaxPayloadLength)
        {
            throw Bad("malformed header");
        }

        var header = new ShareFileHeader(
            protection, (int)iterations, salt.ToArray(), nonce.ToArray(), SessionId.FromBytes(file.Slice(44, SessionId.Size)),
            new PartyIndex(party), BinaryPrimitives.ReadUInt32BigEndian(file[78..]), threshold, n, (int)payload);
        if (file.Length != header.FileLength)
        {
            throw Bad(file.Length < header.FileLength ? "truncated" : "trailing bytes after the share");
        }

        return header;
    }
}
