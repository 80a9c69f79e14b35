using System.Globalization;

namespace DltSigner.Core.Mpc;

/// <summary>
/// A party's 1-based index, the same number as its Shamir x-coordinate. Zero is never a valid
/// index (x = 0 is the secret); <c>default(PartyIndex)</c> is therefore invalid and rejected by
/// every API that takes one.
/// </summary>
public readonly record struct PartyIndex : IComparable<PartyIndex>
{
    public PartyIndex(ushort value)
    {
        if (value == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "party index is 1-based");
        }

        Value = value;
    }

    public ushort Value { get; }

    public bool IsValid => Value != 0;

    public static PartyIndex FromInt32(int value) =>
        value is >= 1 and <= ushort.MaxValue
            ? new PartyIndex((ushort)value)
            : throw new ArgumentOutOfRangeException(nameof(value), "party index must be in 1..65535");

    /// <summary>Indices 1..n, the usual party set.</summary>
    public static IReadOnlyList<PartyIndex> Range(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, ushort.MaxValue);
        return [.. Enumerable.Range(1, count).Select(FromInt32)];
    }

    public int CompareTo(PartyIndex other) => Value.CompareTo(other.Value);

    public static bool operator <(PartyIndex left, PartyIndex right) => left.Value < right.Value;
    public static bool operator >(PartyIndex left, PartyIndex right) => left.Value > right.Value;
    public static bool operator <=(PartyIndex left, PartyIndex right) => left.Value <= right.Value;
    public static bool operator >=(PartyIndex left, PartyIndex right) => left.Value >= right.Value;

    public override string ToString() => "P" + Value.ToString(CultureInfo.InvariantCulture);
}
