namespace DltSigner.P2P.Multiformats;

/// <summary>RFC 4648 base32, lower case, no padding: the multibase 'b' form CIDs use.</summary>
public static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[((data.Length * 8) + 4) / 5];
        int buffer = 0, bits = 0, n = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[n++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars[n++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars, 0, n);
    }

    /// <summary>Decodes lower- or upper-case unpadded base32; false on any other character or non-zero trailing bits.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        data = [];
        var output = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, n = 0;
        foreach (var c in text)
        {
            int v = c switch
            {
                >= 'a' and <= 'z' => c - 'a',
                >= 'A' and <= 'Z' => c - 'A',
                >= '2' and <= '7' => c - '2' + 26,
                _ => -1,
            };
            if (v < 0)
            {
                return false;
            }

            buffer = ((buffer << 5) | v) & 0xFFF;
            bits += 5;
            if (bits >= 8)
            {
                output[n++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }

        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0)
        {
            return false;
        }

        data = output;
        return true;
    }
}
