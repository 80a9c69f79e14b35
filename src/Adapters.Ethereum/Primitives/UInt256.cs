using System.Numerics;
using DltSigner.Core;

namespace DltSigner.Adapters.Ethereum.Primitives;

/// <summary>
/// Helpers for 256-bit unsigned public values (amounts, gas, chain ids) held in <see cref="BigInteger"/>.
/// Never used for secrets.
/// </summary>
public static class UInt256
{
    /// <summary>2²⁵⁶ − 1.</summary>
    public static readonly BigInteger MaxValue = (BigInteger.One << 256) - 1;

    public static bool IsInRange(BigInteger value) => value.Sign >= 0 && value <= MaxValue;

    /// <summary>Minimal big-endian bytes (empty for zero): RLP's integer form.</summary>
    public static byte[] ToMinimalBigEndian(BigInteger value)
    {
        if (!IsInRange(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "value is not a 256-bit unsigned integer");
        }

        return value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    /// <summary>32-byte big-endian word (ABI and EIP-712 form).</summary>
    public static byte[] ToWord(BigInteger value)
    {
        var minimal = ToMinimalBigEndian(value);
        var word = new byte[32];
        minimal.CopyTo(word, 32 - minimal.Length);
        return word;
    }

    /// <summary>Unsigned big-endian bytes to a value; at most 32 bytes.</summary>
    public static BigInteger FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 32)
        {
            throw new CryptoFormatException("uint256: more than 32 bytes");
        }

        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}
