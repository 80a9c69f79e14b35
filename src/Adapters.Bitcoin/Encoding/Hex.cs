using DltSigner.Core;

namespace DltSigner.Adapters.Bitcoin.Encoding;

/// <summary>Strict hex: even length, [0-9a-fA-F] only; lowercase on output.</summary>
public static class Hex
{
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if ((hex.Length & 1) != 0)
        {
            throw new CryptoFormatException("hex: odd length");
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException e)
        {
            throw new CryptoFormatException("hex: invalid character", e);
        }
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Hex of the bytes in reverse order: how Bitcoin displays txids and block hashes.</summary>
    public static string EncodeReversed(ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Array.Reverse(copy);
        return Convert.ToHexStringLower(copy);
    }

    public static byte[] DecodeReversed(string hex)
    {
        var bytes = Decode(hex);
        Array.Reverse(bytes);
        return bytes;
    }
}
