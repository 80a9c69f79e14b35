using DltSigner.Core;

namespace DltSigner.Adapters.Bitcoin.Bech32;

/// <summary>Which checksum constant a bech32 string uses (BIP173: 1, BIP350: 0x2bc830a3).</summary>
public enum Bech32Encoding
{
    Bech32,
    Bech32m,
}

/// <summary>A decoded bech32/bech32m string: lowercase HRP, 5-bit data without checksum.</summary>
public sealed record Bech32Decoded(string Hrp, byte[] Data, Bech32Encoding Encoding);

/// <summary>Bech32 and Bech32m (BIP173, BIP350): 90-character limit, no mixed case.</summary>
public static class Bech32Codec
{
    public const int MaxLength = 90;

    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const uint Bech32mConst = 0x2bc830a3;

    private static readonly sbyte[] CharsetRev = BuildRev();

    public static string Encode(string hrp, ReadOnlySpan<byte> data5, Bech32Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(hrp);
        if (hrp.Length == 0 || hrp.Length + 1 + data5.Length + 6 > MaxLength)
        {
            throw new ArgumentException("bech32: bad length", nameof(hrp));
        }

        foreach (var c in hrp)
        {
            if (c < 33 || c > 126 || char.IsAsciiLetterUpper(c))
            {
                throw new ArgumentException("bech32: HRP must be lowercase printable ASCII", nameof(hrp));
            }
        }

        var chars = new char[hrp.Length + 1 + data5.Length + 6];
        hrp.CopyTo(0, chars, 0, hrp.Length);
        chars[hrp.Length] = '1';
        var pos = hrp.Length + 1;
        foreach (var d in data5)
        {
            if (d > 31)
            {
                throw new ArgumentException("bech32: data value above 31", nameof(data5));
            }

            chars[pos++] = Charset[d];
        }

        var checksum = CreateChecksum(hrp, data5, encoding);
        foreach (var d in checksum)
        {
            chars[pos++] = Charset[d];
        }

        return new string(chars);
    }

    public static Bech32Decoded Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new CryptoFormatException("bech32: longer than 90 characters");
        }

        bool lower = false, upper = false;
        foreach (var c in text)
        {
            if (c < 33 || c > 126)
            {
                throw new CryptoFormatException("bech32: character out of range");
            }

            lower |= char.IsAsciiLetterLower(c);
            upper |= char.IsAsciiLetterUpper(c);
        }

        if (lower && upper)
        {
            throw new CryptoFormatException("bech32: mixed case");
        }

        var lowered = text.ToLowerInvariant();
        var sep = lowered.LastIndexOf('1');
        if (sep < 1)
        {
            throw new CryptoFormatException("bech32: missing separator or empty HRP");
        }

        if (sep + 7 > lowered.Length)
        {
            throw new CryptoFormatException("bech32: checksum too short");
        }

        var hrp = lowered[..sep];
        var values = new byte[lowered.Length - sep - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var c = lowered[sep + 1 + i];
            var v = c < 128 ? CharsetRev[c] : -1;
            if (v < 0)
            {
                throw new CryptoFormatException("bech32: invalid data character");
            }

            values[i] = (byte)v;
        }

        var check = PolyMod(hrp, values);
        var encoding = check switch
        {
            1 => Bech32Encoding.Bech32,
            Bech32mConst => Bech32Encoding.Bech32m,
            _ => throw new CryptoFormatException("bech32: checksum mismatch"),
        };
        return new Bech32Decoded(hrp, values[..^6], encoding);
    }

    public static bool TryDecode(string text, out Bech32Decoded? decoded)
    {
        try
        {
            decoded = Decode(text);
            return true;
        }
        catch (CryptoFormatException)
        {
            decoded = null;
            return false;
        }
    }

    /// <summary>Regroups bits (BIP173 convertbits); false on invalid padding when not padding.</summary>
    public static bool TryConvertBits(ReadOnlySpan<byte> input, int fromBits, int toBits, bool pad, out byte[] output)
    {
        var result = new List<byte>((input.Length * fromBits / toBits) + 1);
        var acc = 0;
        var bits = 0;
        var maxv = (1 << toBits) - 1;
        foreach (var value in input)
        {
            if ((value >> fromBits) != 0)
            {
                output = [];
                return false;
            }

            acc = ((acc << fromBits) | value) & ((1 << (fromBits + toBits - 1)) - 1);
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                result.Add((byte)((acc >> bits) & maxv));
            }
        }

        if (pad)
        {
            if (bits > 0)
            {
                result.Add((byte)((acc << (toBits - bits)) & maxv));
            }
        }
        else if (bits >= fromBits || ((acc << (toBits - bits)) & maxv) != 0)
        {
            output = [];
            return false;
        }

        output = [.. result];
        return true;
    }

    private static byte[] CreateChecksum(string hrp, ReadOnlySpan<byte> data5, Bech32Encoding encoding)
    {
        var values = new byte[data5.Length + 6];
        data5.CopyTo(values);
        var mod = PolyMod(hrp, values) ^ (encoding == Bech32Encoding.Bech32 ? 1u : Bech32mConst);
        var result = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            result[i] = (byte)((mod >> (5 * (5 - i))) & 31);
        }

        return result;
    }

    private static uint PolyMod(string hrp, ReadOnlySpan<byte> values)
    {
        uint chk = 1;
        foreach (var c in hrp)
        {
            chk = Step(chk) ^ ((uint)c >> 5);
        }

        chk = Step(chk);
        foreach (var c in hrp)
        {
            chk = Step(chk) ^ ((uint)c & 31);
        }

        foreach (var v in values)
        {
            chk = Step(chk) ^ v;
        }

        return chk;
    }

    private static uint Step(uint chk)
    {
        var top = chk >> 25;
        chk = (chk & 0x1ffffff) << 5;
        if ((top & 1) != 0) chk ^= 0x3b6a57b2;
        if ((top & 2) != 0) chk ^= 0x26508e6d;
        if ((top & 4) != 0) chk ^= 0x1ea119fa;
        if ((top & 8) != 0) chk ^= 0x3d4233dd;
        if ((top & 16) != 0) chk ^= 0x2a1462b3;
        return chk;
    }

    private static sbyte[] BuildRev()
    {
        var map = new sbyte[128];
        Array.Fill(map, (sbyte)-1);
        for (var i = 0; i < Charset.Length; i++)
        {
            map[Charset[i]] = (sbyte)i;
            map[char.ToUpperInvariant(Charset[i])] = (sbyte)i;
        }

        return map;
    }
}
