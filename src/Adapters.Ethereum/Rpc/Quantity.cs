using System.Globalization;
using System.Numerics;
using DltSigner.Adapters.Ethereum.Primitives;

namespace DltSigner.Adapters.Ethereum.Rpc;

/// <summary>
/// The JSON-RPC value encodings (execution-apis): QUANTITY is "0x" + hex without leading zeros
/// ("0x0" for zero), at most 256 bits; DATA is "0x" + an even number of hex digits.
/// </summary>
public static class Quantity
{
    public static string Encode(BigInteger value)
    {
        if (!UInt256.IsInRange(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "quantity is not a 256-bit unsigned integer");
        }

        return value.IsZero ? "0x0" : "0x" + Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0');
    }

    public static string Encode(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Strict QUANTITY parse; false on a missing prefix, leading zeros, non-hex or more than 64 digits.</summary>
    public static bool TryParse(string? text, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (text is null || text.Length < 3 || text.Length > 66 || !text.StartsWith("0x", StringComparison.Ordinal))
        {
            return false;
        }

        var digits = text.AsSpan(2);
        if (digits.Length > 1 && digits[0] == '0')
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

        value = BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return true;
    }

    public static BigInteger Parse(string? text, string what) =>
        TryParse(text, out var value) ? value : throw new EthRpcException($"malformed quantity for {what}");

    /// <summary>QUANTITY that must fit in 64 bits (block numbers, gas, nonces).</summary>
    public static ulong ParseUInt64(string? text, string what)
    {
        var value = Parse(text, what);
        return value <= ulong.MaxValue ? (ulong)value : throw new EthRpcException($"{what} does not fit 64 bits");
    }

    public static byte[] ParseData(string? text, string what) =>
        text is not null && text.StartsWith("0x", StringComparison.Ordinal) && Hex.TryDecode(text, out var bytes)
            ? bytes
            : throw new EthRpcException($"malformed hex data for {what}");

    /// <summary>A 32-byte hash as "0x" + 64 lower-case hex digits.</summary>
    public static string ParseHash(string? text, string what)
    {
        var bytes = ParseData(text, what);
        return bytes.Length == 32 ? Hex.Encode(bytes) : throw new EthRpcException($"{what} is not 32 bytes");
    }

    public static Address ParseAddress(string? text, string what) =>
        text is not null && text.Length == 42 && Hex.TryDecode(text, out var bytes) && text.StartsWith("0x", StringComparison.Ordinal)
            ? new Address(bytes)
            : throw new EthRpcException($"malformed address for {what}");
}
