namespace DltSigner.Adapters.Ethereum.Primitives;

/// <summary>Strict hex helpers for Ethereum's "0x"-prefixed byte strings (public data only).</summary>
public static class Hex
{
    /// <summary>Lower-case hex with a "0x" prefix.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes, bool prefix = true) =>
        prefix ? "0x" + Convert.ToHexStringLower(bytes) : Convert.ToHexStringLower(bytes);

    /// <summary>Decodes hex with an optional "0x" prefix; even length and hex digits only.</summary>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return TryDecode(hex, out var bytes) ? bytes : throw new FormatException("hex: not an even-length hex string");
    }

    public static bool TryDecode(string hex, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.AsSpan();
        if (digits.StartsWith("0x", StringComparison.Ordinal) || digits.StartsWith("0X", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        bytes = [];
        if (digits.Length % 2 != 0)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        bytes = Convert.FromHexString(digits);
        return true;
    }
}
