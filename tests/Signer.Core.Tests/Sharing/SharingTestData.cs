using System.Buffers.Binary;
using System.Security.Cryptography;
using DltSigner.Core.Math;
using DltSigner.Core.Sharing;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Sharing;

/// <summary>Deterministic test data: scalars and polynomials derived from an FsCheck-chosen seed.</summary>
internal static class SharingTestData
{
    public static Config Config => Config.QuickThrowOnFailure.WithMaxTest(60);

    /// <summary>A scalar derived from (seed, i) by SHA-256, so properties are reproducible.</summary>
    public static Scalar ScalarFrom(int seed, int i)
    {
        Span<byte> input = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(input, seed);
        BinaryPrimitives.WriteInt32BigEndian(input[4..], i);
        return Scalar.FromBytesReduced(SHA256.HashData(input));
    }

    /// <summary>A polynomial of threshold t with coefficients derived from the seed.</summary>
    public static Polynomial PolynomialFrom(int threshold, int seed)
    {
        var coefficients = new Scalar[threshold];
        for (var k = 0; k < threshold; k++)
        {
            coefficients[k] = ScalarFrom(seed, k);
        }

        return Polynomial.FromCoefficients(coefficients);
    }

    /// <summary>The indices 1..n in an order fixed by the seed.</summary>
    public static int[] ShuffledIndices(int n, int seed)
    {
        var indices = Enumerable.Range(1, n).ToArray();
#pragma warning disable CA5394 // test-only, deterministic shuffle
        new Random(seed).Shuffle(indices);
#pragma warning restore CA5394
        return indices;
    }

    /// <summary>(n, t, k, seed) with 1 ≤ t ≤ k ≤ n ≤ maxN: a t-of-n sharing and a subset of k parties.</summary>
    public static Arbitrary<(int N, int T, int K, int Seed)> Setups(int maxN = 16) =>
        (from n in Gen.Choose(1, maxN)
         from t in Gen.Choose(1, n)
         from k in Gen.Choose(t, n)
         from seed in Gen.Choose(int.MinValue, int.MaxValue)
         select (n, t, k, seed)).ToArbitrary();

    /// <summary>Evaluates a polynomial at some indices (shares as plain scalars).</summary>
    public static Scalar[] SharesAt(Polynomial f, ReadOnlySpan<int> indices)
    {
        var shares = new Scalar[indices.Length];
        for (var p = 0; p < indices.Length; p++)
        {
            shares[p] = f.Evaluate(Scalar.FromUInt64((ulong)indices[p]));
        }

        return shares;
    }
}
