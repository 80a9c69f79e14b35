using System.Globalization;
using System.Numerics;
using DltSigner.Adapters.Bitcoin.Wallet;

namespace DltSigner.Node.Cli;

/// <summary>
/// Amounts as users type them: Ethereum values as cast accepts them (<c>1.5gwei</c>, <c>0.01ether</c>,
/// <c>21000wei</c>, a bare whole number of wei, or a <c>0x</c> hex quantity), Bitcoin amounts as
/// bitcoin-cli does (a decimal number of BTC with at most 8 decimals).
/// </summary>
internal static class Units
{
    public const long SatPerBtc = 100_000_000;

    private static readonly (string Suffix, int Decimals)[] EthUnits = [("ether", 18), ("gwei", 9), ("wei", 0)];

    /// <summary>Wei, from "1.5gwei", "0.01ether", "21000wei", "21000" or "0x5208".</summary>
    public static BigInteger ParseWei(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return t.Length is > 2 and <= 66 && t[2..].All(char.IsAsciiHexDigit)
                ? BigInteger.Parse("0" + t[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                : throw new CliException($"{option}: '{text}' is not a hex quantity");
        }

        var (number, decimals) = (t, 0);
        foreach (var (suffix, d) in EthUnits)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                (number, decimals) = (t[..^suffix.Length].TrimEnd(), d);
                break;
            }
        }

        return ParseScaled(number, decimals, out var value)
            ? value
            : throw new CliException($"{option}: '{text}' is not an amount such as 21000 (wei), 1.5gwei or 0.01ether (at most {decimals} decimals for this unit)");
    }

    /// <summary>Satoshis from a BTC amount as bitcoin-cli takes it ("0.1", "1", "0.00001"; at most 8 decimals, at most 21 million).</summary>
    public static long ParseBtc(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!ParseScaled(text.Trim(), 8, out var sat) || sat > 21_000_000 * (BigInteger)SatPerBtc)
        {
            throw new CliException($"{option}: '{text}' is not a BTC amount such as 0.1 (at most 8 decimals, at most 21000000)");
        }

        return (long)sat;
    }

    /// <summary>A fee rate in BTC/kvB, the unit of Bitcoin Core's -maxfeerate and sendrawtransaction's maxfeerate.</summary>
    public static FeeRate ParseBtcPerKvB(string text, string option) => new(ParseBtc(text, option));

    /// <summary>"0.1" for 10 000 000 sat: BTC with up to 8 decimals, no trailing zeros (as bitcoin-cli prints amounts, minus the padding).</summary>
    public static string FormatBtc(long sat)
    {
        var btc = (decimal)sat / SatPerBtc;
        return btc.ToString("0.########", CultureInfo.InvariantCulture);
    }

    /// <summary>A non-negative decimal with at most <paramref name="decimals"/> fraction digits, times 10^decimals.</summary>
    private static bool ParseScaled(string text, int decimals, out BigInteger value)
    {
        value = BigInteger.Zero;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        if ((whole.Length == 0 && fraction.Length == 0) || whole.Length > 80 || fraction.Length > decimals
            || (dot >= 0 && fraction.Length == 0) || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit))
        {
            return false;
        }

        value = BigInteger.Parse((whole.Length == 0 ? "0" : whole) + fraction.PadRight(decimals, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }
}
