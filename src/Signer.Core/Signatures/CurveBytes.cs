namespace DltSigner.Core.Signatures;

/// <summary>secp256k1 constants the signers compare encodings against (SEC 2, section 2.4.1).</summary>
internal static class CurveBytes
{
    /// <summary>The field prime p = 2²⁵⁶ − 2³² − 977, big-endian.</summary>
    public static ReadOnlySpan<byte> FieldPrime =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFC, 0x2F,
    ];

    /// <summary>True when the 32-byte big-endian value is below p (public data: variable time).</summary>
    public static bool IsBelowFieldPrime(ReadOnlySpan<byte> value32) => value32.SequenceCompareTo(FieldPrime) < 0;

    /// <summary>
    /// Writes a + b as 32 big-endian bytes; false when the sum is 2²⁵⁶ or more (public data only).
    /// </summary>
    public static bool TryAdd(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> sum)
    {
        var carry = 0;
        for (var i = 31; i >= 0; i--)
        {
            var t = a[i] + b[i] + carry;
            sum[i] = (byte)t;
            carry = t >> 8;
        }

        return carry == 0;
    }
}
