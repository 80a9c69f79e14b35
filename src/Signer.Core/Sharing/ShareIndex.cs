using DltSigner.Core.Math;
using DltSigner.Core.Mpc;

namespace DltSigner.Core.Sharing;

/// <summary>
/// Share indices are the Shamir evaluation points, the same numbers as <see cref="PartyIndex"/>
/// values: 1-based, nonzero, distinct within a set, at most <see cref="Max"/>. Index 0 is never
/// a share point (f(0) is the secret). Indices are public.
/// </summary>
public static class ShareIndex
{
    /// <summary>The largest index accepted (the range of <see cref="PartyIndex"/>).</summary>
    public const int Max = ushort.MaxValue;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 1 ≤ index ≤ <see cref="Max"/>.</summary>
    public static void Validate(int index, string paramName = "index")
    {
        if (index < 1 || index > Max)
        {
            throw new ArgumentOutOfRangeException(paramName, index, $"party index must be in [1, {Max}]");
        }
    }

    /// <summary>
    /// Validates a set of indices: nonempty, each in range, no duplicates. Order is free (callers
    /// that must agree on an order sort first).
    /// </summary>
    public static void ValidateSet(ReadOnlySpan<int> indices, string paramName = "indices")
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException("index set is empty", paramName);
        }

        if (indices.Length > Max)
        {
            throw new ArgumentException("index set is too large", paramName);
        }

        // Indices are bounded, so an 8 KiB bitmap finds duplicates in linear time.
        Span<ulong> seen = stackalloc ulong[(Max + 64) / 64];
        seen.Clear();
        foreach (var index in indices)
        {
            Validate(index, paramName);
            var bit = 1UL << (index & 63);
            if ((seen[index >> 6] & bit) != 0)
            {
                throw new ArgumentException($"duplicate party index {index}", paramName);
            }

            seen[index >> 6] |= bit;
        }
    }

    /// <summary>The index as a field element x.</summary>
    public static Scalar ToScalar(int index)
    {
        Validate(index);
        return Scalar.FromUInt64((ulong)index);
    }

    /// <summary>The plain index values of MPC party indices (rejects the invalid default).</summary>
    public static int[] FromParties(ReadOnlySpan<PartyIndex> parties)
    {
        var result = new int[parties.Length];
        for (var p = 0; p < parties.Length; p++)
        {
            result[p] = parties[p].Value;
            Validate(result[p], nameof(parties));
        }

        return result;
    }
}
