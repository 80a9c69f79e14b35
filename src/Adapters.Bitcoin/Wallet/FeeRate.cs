using System.Globalization;

namespace DltSigner.Adapters.Bitcoin.Wallet;

/// <summary>
/// A fee rate in satoshis per 1000 virtual bytes (Bitcoin Core CFeeRate); <see cref="FeeFor"/>
/// rounds up as CFeeRate::GetFee does, so a fee never falls below the rate.
/// </summary>
public readonly record struct FeeRate : IComparable<FeeRate>
{
    public FeeRate(long satPerKvB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(satPerKvB);
        SatPerKvB = satPerKvB;
    }

    public long SatPerKvB { get; }

    public decimal SatPerVByte => SatPerKvB / 1000m;

    /// <summary>From sat/vB (three decimals kept, as Core's -paytxfee granularity).</summary>
    public static FeeRate FromSatPerVByte(decimal satPerVByte)
    {
        if (satPerVByte < 0 || satPerVByte > 100_000_000m)
        {
            throw new ArgumentOutOfRangeException(nameof(satPerVByte), "fee rate must be 0..1e8 sat/vB");
        }

        return new FeeRate((long)decimal.Round(satPerVByte * 1000m, MidpointRounding.AwayFromZero));
    }

    /// <summary>From BTC/kvB, the unit estimatesmartfee and testmempoolaccept use.</summary>
    public static FeeRate FromBtcPerKvB(decimal btcPerKvB) => new((long)decimal.Round(btcPerKvB * 100_000_000m, MidpointRounding.AwayFromZero));

    /// <summary>The fee for <paramref name="vsize"/> virtual bytes, rounded up.</summary>
    public long FeeFor(int vsize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(vsize);
        return checked((SatPerKvB * vsize) + 999) / 1000;
    }

    /// <summary>The rate a fee pays over a vsize (rounded down, so it never overstates).</summary>
    public static FeeRate Of(long fee, int vsize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vsize);
        return new FeeRate(checked(fee * 1000) / vsize);
    }

    public int CompareTo(FeeRate other) => SatPerKvB.CompareTo(other.SatPerKvB);

    public static bool operator <(FeeRate left, FeeRate right) => left.SatPerKvB < right.SatPerKvB;

    public static bool operator >(FeeRate left, FeeRate right) => left.SatPerKvB > right.SatPerKvB;

    public static bool operator <=(FeeRate left, FeeRate right) => left.SatPerKvB <= right.SatPerKvB;

    public static bool operator >=(FeeRate left, FeeRate right) => left.SatPerKvB >= right.SatPerKvB;

    public override string ToString() => SatPerVByte.ToString("0.###", CultureInfo.InvariantCulture) + " sat/vB";
}
