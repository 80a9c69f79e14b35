using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DltSigner.Core.Ot;

/// <summary>Bit-matrix helpers. Bit j of a byte string is (bytes[j/8] >> (j%8)) &amp; 1 throughout.</summary>
internal static class BitOps
{
    public static byte GetBit(ReadOnlySpan<byte> bits, int j) => (byte)((bits[j >> 3] >> (j & 7)) & 1);

    /// <summary>destination = choice ? one : zero, without a branch on choice (0 or 1).</summary>
    public static void ConditionalCopy(ReadOnlySpan<byte> zero, ReadOnlySpan<byte> one, byte choice, Span<byte> destination)
    {
        var mask = (byte)(0 - choice);
        for (var k = 0; k < destination.Length; k++)
        {
            destination[k] = (byte)(zero[k] ^ ((zero[k] ^ one[k]) & mask));
        }
    }

    /// <summary>destination ^= choice ? source : 0, without a branch on choice (0 or 1).</summary>
    public static void ConditionalXor(Span<byte> destination, ReadOnlySpan<byte> source, byte choice)
    {
        var mask = (byte)(0 - choice);
        for (var k = 0; k < destination.Length; k++)
        {
            destination[k] ^= (byte)(source[k] & mask);
        }
    }

    /// <summary>
    /// Transposes the first <paramref name="rowCount"/> rows out of λ_c columns: row j gets bit j of
    /// every column (bit i of the row = bit j of column i). Rows are λ_c/8 bytes each.
    /// </summary>
    public static byte[] Transpose(byte[][] columns, int rowCount)
    {
        const int rowBytes = OtParameters.LambdaC / 8;
        var rows = new byte[rowCount * rowBytes];
        for (var i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            var shift = i & 7;
            var byteIndex = i >> 3;
            for (var j = 0; j < rowCount; j++)
            {
                rows[(j * rowBytes) + byteIndex] |= (byte)(((column[j >> 3] >> (j & 7)) & 1) << shift);
            }
        }

        return rows;
    }

    /// <summary>
    /// PRG for the OT extension: column i of the matrix is SHA-256(seed ‖ key ‖ i ‖ ctr) for
    /// ctr = 0, 1, … truncated to <see cref="OtParameters.ColumnBytes"/>; key binds the session.
    /// </summary>
    public static byte[] Prg(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> key, int column)
    {
        var output = new byte[OtParameters.ColumnBytes];
        Span<byte> input = stackalloc byte[OtParameters.SeedBytes + 32 + 8];
        Span<byte> block = stackalloc byte[32];
        try
        {
            seed.CopyTo(input);
            key.CopyTo(input[OtParameters.SeedBytes..]);
            BinaryPrimitives.WriteInt32BigEndian(input[(OtParameters.SeedBytes + 32)..], column);
            for (var counter = 0; counter * 32 < output.Length; counter++)
            {
                BinaryPrimitives.WriteInt32BigEndian(input[(OtParameters.SeedBytes + 36)..], counter);
                SHA256.HashData(input, block);
                var take = System.Math.Min(32, output.Length - (counter * 32));
                block[..take].CopyTo(output.AsSpan(counter * 32));
            }

            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(block);
        }
    }
}
