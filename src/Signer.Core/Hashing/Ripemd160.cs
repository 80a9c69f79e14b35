using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace DltSigner.Core.Hashing;

/// <summary>
/// RIPEMD-160 (Dobbertin, Bosselaers, Preneel, "RIPEMD-160: A Strengthened Version of RIPEMD", 1996):
/// two parallel lines of 5 rounds × 16 steps over little-endian 32-bit words, MD-strengthened.
/// Allocation-free; the table indices are message-word positions, never data.
/// </summary>
internal static class Ripemd160
{
    public const int HashSize = 20;
    private const int BlockSize = 64;

    // Message word selection r (left line) and r' (right line).
    private static ReadOnlySpan<byte> RL =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
        3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
        1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
        4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13,
    ];

    private static ReadOnlySpan<byte> RR =>
    [
        5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
        6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
        15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
        8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
        12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11,
    ];

    // Rotation amounts s (left) and s' (right).
    private static ReadOnlySpan<byte> SL =>
    [
        11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
        7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
        11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
        11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
        9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6,
    ];

    private static ReadOnlySpan<byte> SR =>
    [
        8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
        9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
        9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
        15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
        8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11,
    ];

    private static ReadOnlySpan<uint> KL => [0x00000000u, 0x5A827999u, 0x6ED9EBA1u, 0x8F1BBCDCu, 0xA953FD4Eu];
    private static ReadOnlySpan<uint> KR => [0x50A28BE6u, 0x5C4DD124u, 0x6D703EF3u, 0x7A6D76E9u, 0x00000000u];

    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException("destination shorter than 20 bytes", nameof(destination));
        }

        Span<uint> h = [0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u];
        var bitLength = (ulong)data.Length * 8;
        while (data.Length >= BlockSize)
        {
            Compress(h, data[..BlockSize]);
            data = data[BlockSize..];
        }

        // Padding: 0x80, zeros, then the bit length as 64-bit little-endian (one or two blocks).
        Span<byte> tail = stackalloc byte[2 * BlockSize];
        tail.Clear();
        data.CopyTo(tail);
        tail[data.Length] = 0x80;
        var tailLength = data.Length + 9 <= BlockSize ? BlockSize : 2 * BlockSize;
        BinaryPrimitives.WriteUInt64LittleEndian(tail[(tailLength - 8)..], bitLength);
        Compress(h, tail[..BlockSize]);
        if (tailLength == 2 * BlockSize)
        {
            Compress(h, tail[BlockSize..]);
        }

        tail.Clear();
        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(4 * i)..], h[i]);
        }
    }

    // The five boolean functions f_0..f_4 of the paper.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F0(uint x, uint y, uint z) => x ^ y ^ z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F1(uint x, uint y, uint z) => (x & y) | (~x & z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F2(uint x, uint y, uint z) => (x | ~y) ^ z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F3(uint x, uint y, uint z) => (x & z) | (y & ~z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F4(uint x, uint y, uint z) => x ^ (y | ~z);

    /// <summary>One step: T = ROL(A + f + X + K, s) + E; (A, B, C, D, E) = (E, T, B, ROL(C, 10), D).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref uint a, ref uint b, ref uint c, ref uint d, ref uint e, uint f, uint xk, int s)
    {
        var t = BitOperations.RotateLeft(a + f + xk, s) + e;
        a = e;
        e = d;
        d = BitOperations.RotateLeft(c, 10);
        c = b;
        b = t;
    }

    private static void Compress(Span<uint> h, ReadOnlySpan<byte> block)
    {
        Span<uint> x = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            x[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(4 * i)..]);
        }

        uint al = h[0], bl = h[1], cl = h[2], dl = h[3], el = h[4];
        uint ar = al, br = bl, cr = cl, dr = dl, er = el;
        // Left line uses f_j, the right line f_{79-j}: the round functions in reverse order.
        for (var j = 0; j < 16; j++)
        {
            Step(ref al, ref bl, ref cl, ref dl, ref el, F0(bl, cl, dl), x[RL[j]] + KL[0], SL[j]);
            Step(ref ar, ref br, ref cr, ref dr, ref er, F4(br, cr, dr), x[RR[j]] + KR[0], SR[j]);
        }

        for (var j = 16; j < 32; j++)
        {
            Step(ref al, ref bl, ref cl, ref dl, ref el, F1(bl, cl, dl), x[RL[j]] + KL[1], SL[j]);
            Step(ref ar, ref br, ref cr, ref dr, ref er, F3(br, cr, dr), x[RR[j]] + KR[1], SR[j]);
        }

        for (var j = 32; j < 48; j++)
        {
            Step(ref al, ref bl, ref cl, ref dl, ref el, F2(bl, cl, dl), x[RL[j]] + KL[2], SL[j]);
            Step(ref ar, ref br, ref cr, ref dr, ref er, F2(br, cr, dr), x[RR[j]] + KR[2], SR[j]);
        }

        for (var j = 48; j < 64; j++)
        {
            Step(ref al, ref bl, ref cl, ref dl, ref el, F3(bl, cl, dl), x[RL[j]] + KL[3], SL[j]);
            Step(ref ar, ref br, ref cr, ref dr, ref er, F1(br, cr, dr), x[RR[j]] + KR[3], SR[j]);
        }

        for (var j = 64; j < 80; j++)
        {
            Step(ref al, ref bl, ref cl, ref dl, ref el, F4(bl, cl, dl), x[RL[j]] + KL[4], SL[j]);
            Step(ref ar, ref br, ref cr, ref dr, ref er, F0(br, cr, dr), x[RR[j]] + KR[4], SR[j]);
        }

        var h0 = h[1] + cl + dr;
        h[1] = h[2] + dl + er;
        h[2] = h[3] + el + ar;
        h[3] = h[4] + al + br;
        h[4] = h[0] + bl + cr;
        h[0] = h0;
        x.Clear();
    }
}
