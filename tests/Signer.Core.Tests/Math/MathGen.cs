using System.Numerics;
using DltSigner.Core.Math;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace DltSigner.Core.Tests.Math;

/// <summary>Generators and the System.Numerics.BigInteger reference model for the math tests.</summary>
internal static class MathGen
{
    public static readonly BigInteger P = BigInteger.Pow(2, 256) - BigInteger.Pow(2, 32) - 977;
    public static readonly BigInteger N = Parse("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
    public static readonly BigInteger TwoTo256 = BigInteger.Pow(2, 256);

    public static Config Quick => Seeded(200);

    /// <summary>A fixed seed keeps the property tests deterministic (failures replay exactly).</summary>
    public static Config Seeded(int maxTest) => FsCheck.Config.QuickThrowOnFailure
        .WithMaxTest(maxTest)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(0x5EED_1234_ABCDUL, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));

    public static BigInteger Parse(string hex) => new(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);

    public static BigInteger FromBytes(ReadOnlySpan<byte> b) => new(b, isUnsigned: true, isBigEndian: true);

    public static byte[] ToBytes32(BigInteger v)
    {
        var raw = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (raw.Length > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(v));
        }

        var b = new byte[32];
        raw.CopyTo(b, 32 - raw.Length);
        return b;
    }

    public static BigInteger Mod(BigInteger v, BigInteger m) => ((v % m) + m) % m;

    public static Gen<byte[]> Bytes(int length) => Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf(length);

    /// <summary>Values near the edges of a modulus m and of limb boundaries, plus uniform ones.</summary>
    public static Gen<BigInteger> Below(BigInteger m)
    {
        BigInteger[] edges =
        [
            0, 1, 2, 3, 7, m - 1, m - 2, m / 2, (m / 2) + 1,
            BigInteger.Pow(2, 64) - 1, BigInteger.Pow(2, 64), BigInteger.Pow(2, 128) - 1, BigInteger.Pow(2, 128),
            BigInteger.Pow(2, 192) - 1, BigInteger.Pow(2, 255), m - BigInteger.Pow(2, 64),
        ];
        return Gen.Frequency(
            (1, Gen.Elements(edges)),
            (4, Bytes(32).Select(b => FromBytes(b) % m)));
    }

    public static Arbitrary<BigInteger> FieldValues => Below(P).ToArbitrary();

    public static Arbitrary<BigInteger> ScalarValues => Below(N).ToArbitrary();

    public static Arbitrary<(BigInteger, BigInteger)> FieldPairs => Gen.Zip(Below(P), Below(P)).ToArbitrary();

    public static Arbitrary<(BigInteger, BigInteger)> ScalarPairs => Gen.Zip(Below(N), Below(N)).ToArbitrary();

    public static FieldElement Fe(BigInteger v)
    {
        Assert.True(FieldElement.TryFromBytes(ToBytes32(v), out var fe));
        return fe;
    }

    public static BigInteger Big(FieldElement fe) => FromBytes(fe.ToBytes());

    public static Scalar Sc(BigInteger v) => Scalar.FromBytes(ToBytes32(Mod(v, N)));

    public static BigInteger Big(Scalar s) => FromBytes(s.ToBytes());

    /// <summary>Deterministic pseudo-random scalars for example-based tests.</summary>
    public static Scalar[] Scalars(int count, int seed)
    {
        var rng = new Random(seed);
        var result = new Scalar[count];
        var buf = new byte[64];
        for (int i = 0; i < count; i++)
        {
            rng.NextBytes(buf);
            result[i] = Scalar.FromBytesReduced(buf);
        }

        return result;
    }
}
