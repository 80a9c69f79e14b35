using System.Buffers.Binary;
using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;

namespace DltSigner.Core.Protocols.Derivation;

/// <summary>
/// A BIP32 extended public key (version ‖ depth ‖ parent fingerprint ‖ child number ‖ chain code ‖
/// compressed key, Base58Check): lets watch-only wallets derive the same children as the signers.
/// </summary>
public sealed record ExtendedPublicKey
{
    /// <summary>Mainnet "xpub" version bytes.</summary>
    public const uint MainnetVersion = 0x0488B21E;

    /// <summary>Testnet "tpub" version bytes.</summary>
    public const uint TestnetVersion = 0x043587CF;

    private const int PayloadLength = 78;

    public ExtendedPublicKey(uint version, byte depth, uint parentFingerprint, uint childNumber, ReadOnlyMemory<byte> chainCode, PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (chainCode.Length != Bip32.ChainCodeLength)
        {
            throw new ArgumentException("chain code must be 32 bytes", nameof(chainCode));
        }

        Version = version;
        Depth = depth;
        ParentFingerprint = parentFingerprint;
        ChildNumber = childNumber;
        ChainCode = chainCode.ToArray();
        Key = key;
    }

    public uint Version { get; }

    public byte Depth { get; }

    public uint ParentFingerprint { get; }

    public uint ChildNumber { get; }

    public ReadOnlyMemory<byte> ChainCode { get; }

    public PublicKey Key { get; }

    /// <summary>First 4 bytes of Hash160(key), big-endian: the children's parent fingerprint.</summary>
    public uint Fingerprint => BinaryPrimitives.ReadUInt32BigEndian(Hashes.Hash160(Key.ToCompressed()));

    /// <summary>A non-hardened child (CKDpub with serialisation metadata).</summary>
    public ExtendedPublicKey Child(uint index)
    {
        if (Depth == byte.MaxValue)
        {
            throw new CryptoFormatException("bip32: depth 255 reached");
        }

        var (child, code, _) = Bip32.DeriveChild(Key.Point, ChainCode.Span, index);
        return new ExtendedPublicKey(Version, (byte)(Depth + 1), Fingerprint, index, code, new PublicKey(child));
    }

    /// <summary>Strict parse of an xpub/tpub; throws <see cref="CryptoFormatException"/> naming the check.</summary>
    public static ExtendedPublicKey Parse(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var data = Base58Check.Decode(encoded);
        if (data.Length != PayloadLength)
        {
            throw new CryptoFormatException("xpub: payload is not 78 bytes");
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (version is not (MainnetVersion or TestnetVersion))
        {
            throw new CryptoFormatException("xpub: not a public-key version (xpub/tpub)");
        }

        var depth = data[4];
        var parent = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(5));
        var child = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(9));
        if (depth == 0 && (parent != 0 || child != 0))
        {
            throw new CryptoFormatException("xpub: zero depth with non-zero parent fingerprint or child number");
        }

        if (!Point.TryDecode(data.AsSpan(45, 33), out var point) || data[45] is not (0x02 or 0x03))
        {
            throw new CryptoFormatException("xpub: key is not a compressed curve point");
        }

        return new ExtendedPublicKey(version, depth, parent, child, data.AsMemory(13, 32), new PublicKey(point));
    }

    public override string ToString()
    {
        var data = new byte[PayloadLength];
        BinaryPrimitives.WriteUInt32BigEndian(data, Version);
        data[4] = Depth;
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(5), ParentFingerprint);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(9), ChildNumber);
        ChainCode.Span.CopyTo(data.AsSpan(13));
        Key.Point.WriteCompressed(data.AsSpan(45));
        return Base58Check.Encode(data);
    }

    public bool Equals(ExtendedPublicKey? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override int GetHashCode() => Key.GetHashCode();
}

/// <summary>Base58 with a 4-byte double-SHA-256 checksum (Bitcoin's encoding of extended keys).</summary>
internal static class Base58Check
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static string Encode(ReadOnlySpan<byte> payload)
    {
        var data = new byte[payload.Length + 4];
        payload.CopyTo(data);
        Hashes.Sha256d(payload).AsSpan(0, 4).CopyTo(data.AsSpan(payload.Length));
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // base-256 → base-58 by repeated division (public data; quadratic is fine for 82 bytes)
        var digits = new List<int>();
        foreach (var b in data)
        {
            var carry = (int)b;
            for (var k = 0; k < digits.Count; k++)
            {
                carry += digits[k] << 8;
                digits[k] = carry % 58;
                carry /= 58;
            }

            while (carry > 0)
            {
                digits.Add(carry % 58);
                carry /= 58;
            }
        }

        var chars = new char[zeros + digits.Count];
        chars.AsSpan(0, zeros).Fill('1');
        for (var k = 0; k < digits.Count; k++)
        {
            chars[zeros + k] = Alphabet[digits[digits.Count - 1 - k]];
        }

        return new string(chars);
    }

    public static byte[] Decode(string text)
    {
        if (text.Length is 0 or > 128)
        {
            throw new CryptoFormatException("base58check: empty or too long");
        }

        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        var bytes = new List<int>();
        foreach (var c in text)
        {
            var carry = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (carry < 0)
            {
                throw new CryptoFormatException("base58check: invalid character");
            }

            for (var k = 0; k < bytes.Count; k++)
            {
                carry += bytes[k] * 58;
                bytes[k] = carry & 0xFF;
                carry >>= 8;
            }

            while (carry > 0)
            {
                bytes.Add(carry & 0xFF);
                carry >>= 8;
            }
        }

        var data = new byte[zeros + bytes.Count];
        for (var k = 0; k < bytes.Count; k++)
        {
            data[zeros + k] = (byte)bytes[bytes.Count - 1 - k];
        }

        if (data.Length < 4)
        {
            throw new CryptoFormatException("base58check: shorter than the checksum");
        }

        var payload = data.AsSpan(0, data.Length - 4);
        if (!CryptographicOperations.FixedTimeEquals(Hashes.Sha256d(payload).AsSpan(0, 4), data.AsSpan(data.Length - 4)))
        {
            throw new CryptoFormatException("base58check: bad checksum");
        }

        return payload.ToArray();
    }
}
