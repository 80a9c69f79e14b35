using DltSigner.Core;
using DltSigner.Core.Hashing;

namespace DltSigner.Adapters.Bitcoin.Encoding;

/// <summary>Base58 and Base58Check as Bitcoin Core's base58.cpp (leading '1' per leading zero byte).</summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>Longest string accepted (bounds the quadratic decode); addresses and WIF keys are far shorter.</summary>
    public const int MaxStringLength = 1024;

    private static readonly sbyte[] Digits = BuildDigits();

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // log(256)/log(58) ≈ 1.37: enough base-58 digits for the remaining bytes.
        var size = ((data.Length - zeros) * 138 / 100) + 1;
        var b58 = new byte[size];
        var length = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 256 * b58[k];
                b58[k] = (byte)(carry % 58);
                carry /= 58;
            }

            length = j;
        }

        var start = size - length;
        while (start < size && b58[start] == 0)
        {
            start++;
        }

        var chars = new char[zeros + (size - start)];
        chars.AsSpan(0, zeros).Fill('1');
        for (var i = start; i < size; i++)
        {
            chars[zeros + i - start] = Alphabet[b58[i]];
        }

        return new string(chars);
    }

    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxStringLength)
        {
            throw new CryptoFormatException("base58: too long");
        }

        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        // log(58)/log(256) ≈ 0.733: enough bytes for the remaining digits.
        var size = ((text.Length - zeros) * 733 / 1000) + 1;
        var b256 = new byte[size];
        var length = 0;
        for (var i = zeros; i < text.Length; i++)
        {
            var c = text[i];
            int carry = c < 128 ? Digits[c] : -1;
            if (carry < 0)
            {
                throw new CryptoFormatException("base58: invalid character");
            }

            var j = 0;
            for (var k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 58 * b256[k];
                b256[k] = (byte)(carry & 0xff);
                carry >>= 8;
            }

            length = j;
        }

        var start = size - length;
        while (start < size && b256[start] == 0)
        {
            start++;
        }

        var result = new byte[zeros + (size - start)];
        b256.AsSpan(start).CopyTo(result.AsSpan(zeros));
        return result;
    }

    /// <summary>Base58 of payload || first 4 bytes of SHA256d(payload).</summary>
    public static string EncodeCheck(ReadOnlySpan<byte> payload)
    {
        var buffer = new byte[payload.Length + 4];
        payload.CopyTo(buffer);
        Hashes.Sha256d(payload).AsSpan(0, 4).CopyTo(buffer.AsSpan(payload.Length));
        return Encode(buffer);
    }

    /// <summary>Decodes and verifies the 4-byte checksum; returns the payload.</summary>
    public static byte[] DecodeCheck(string text)
    {
        var raw = Decode(text);
        if (raw.Length < 4)
        {
            throw new CryptoFormatException("base58check: too short");
        }

        var payload = raw.AsSpan(0, raw.Length - 4);
        if (!Hashes.Sha256d(payload).AsSpan(0, 4).SequenceEqual(raw.AsSpan(raw.Length - 4)))
        {
            throw new CryptoFormatException("base58check: checksum mismatch");
        }

        return payload.ToArray();
    }

    public static bool TryDecodeCheck(string text, out byte[] payload)
    {
        try
        {
            payload = DecodeCheck(text);
            return true;
        }
        catch (CryptoFormatException)
        {
            payload = [];
            return false;
        }
    }

    private static sbyte[] BuildDigits()
    {
        var map = new sbyte[128];
        Array.Fill(map, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            map[Alphabet[i]] = (sbyte)i;
        }

        return map;
    }
}
