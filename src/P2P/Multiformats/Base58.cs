namespace DltSigner.P2P.Multiformats;

/// <summary>Base58btc (the Bitcoin alphabet), as peer ids use it. Not constant-time: for public data only.</summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>The longest text decoded: peer ids are under 60 characters; this bounds the quadratic work.</summary>
    public const int MaxTextLength = 512;

    private static readonly sbyte[] Index = BuildIndex();

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        // log(256)/log(58) < 1.37
        var digits = new byte[((data.Length - zeros) * 137 / 100) + 1];
        var length = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            for (var j = 0; j < length; j++)
            {
                carry += digits[j] << 8;
                digits[j] = (byte)(carry % 58);
                carry /= 58;
            }

            while (carry > 0)
            {
                digits[length++] = (byte)(carry % 58);
                carry /= 58;
            }
        }

        var chars = new char[zeros + length];
        chars.AsSpan(0, zeros).Fill('1');
        for (var i = 0; i < length; i++)
        {
            chars[zeros + i] = Alphabet[digits[length - 1 - i]];
        }

        return new string(chars);
    }

    public static bool TryDecode(string text, out byte[] data)
    {
        ArgumentNullException.ThrowIfNull(text);
        data = [];
        if (text.Length > MaxTextLength)
        {
            return false;
        }

        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        var bytes = new byte[text.Length];
        var length = 0;
        for (var i = zeros; i < text.Length; i++)
        {
            var c = text[i];
            var digit = c < 128 ? Index[c] : -1;
            if (digit < 0)
            {
                return false;
            }

            int carry = digit;
            for (var j = 0; j < length; j++)
            {
                carry += bytes[j] * 58;
                bytes[j] = (byte)carry;
                carry >>= 8;
            }

            while (carry > 0)
            {
                bytes[length++] = (byte)carry;
                carry >>= 8;
            }
        }

        data = new byte[zeros + length];
        for (var i = 0; i < length; i++)
        {
            data[zeros + i] = bytes[length - 1 - i];
        }

        return true;
    }

    private static sbyte[] BuildIndex()
    {
        var index = new sbyte[128];
        Array.Fill(index, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            index[Alphabet[i]] = (sbyte)i;
        }

        return index;
    }
}
