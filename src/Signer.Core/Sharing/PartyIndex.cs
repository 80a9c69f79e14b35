using DltSigner.Core.Math;

namespace DltSigner.Core.Sharing;

/// <summary>
/// Party indices are the Shamir evaluation points: 1-based, nonzero, distinct within a set, at most
/// <see cref="Max"/>. Index 0 is never a share point (f(0) is the secret). Indices are public.
/// </summary>
public static class PartyIndex
{
    /// <summary>The largest index (and so the largest number of parties) accepted.</summary>
    public const int Max = 1024;

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

        // Indices are bounded, so a bitmap finds duplicates in linear time.
        Span<bool> seen = stackalloc bool[Max + 1];
        foreach (var index in indices)
        {
            Validate(index, paramName);
            if (seen[index])
            {
                throw new ArgumentException($"duplicate party index {index}", paramName);
            }

            seen[index] = true;
        }
    }

    /// <summary>The index as a field element x.</summary>
    public static Scalar ToScalar(int index)
    {
        Validate(index);
        return Scalar.FromUInt64((ulong)index);
    }
}
