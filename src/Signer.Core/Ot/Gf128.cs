using System.Buffers.Binary;

namespace DltSigner.Core.Ot;

/// <summary>
/// GF(2^128) = GF(2)[X]/(X^128 + X^7 + X^2 + X + 1), elements as little-endian 128-bit integers
/// (bit i = coefficient of X^i). Used only for the KOS15 consistency check. Constant-time:
/// the loop and shifts depend on public counters only.
/// </summary>
internal static class Gf128
{
    public const int Bytes = 16;

    public static UInt128 Load(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadUInt128LittleEndian(bytes);

    public static void Store(UInt128 value, Span<byte> destination) => BinaryPrimitives.WriteUInt128LittleEndian(destination, value);

    public static UInt128 Multiply(UInt128 a, UInt128 b)
    {
        UInt128 result = 0;
        for (var i = 0; i < 128; i++)
        {
            var take = UInt128.Zero - ((b >> i) & UInt128.One);
            result ^= a & take;
            var carry = UInt128.Zero - (a >> 127);
            a = (a << 1) ^ (carry & 0x87);
        }

        return result;
    }
}
