using System.Globalization;
using System.Text.Json;
using DltSigner.Core.Math;
using DltSigner.Tests.Shared;
using FsCheck;
using FsCheck.Fluent;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using static DltSigner.Core.Tests.Math.MathGen;

namespace DltSigner.Core.Tests.Math;

/// <summary>Cross-checks against an independent implementation (BouncyCastle) and official vectors.</summary>
public sealed class ReferenceCrossCheckTests
{
    private static readonly X9ECParameters Curve = SecNamedCurves.GetByName("secp256k1");

    private static Config Few => Seeded(50);

    private static byte[] BcMul(Scalar k) => Curve.G.Multiply(new BigInteger(1, k.ToBytes())).Normalize().GetEncoded(false);

    [Fact]
    public void Curve_constants_match_reference()
    {
        Assert.Equal(Curve.N.ToByteArrayUnsigned(), Scalar.OrderBytes.ToArray());
        Assert.Equal(Curve.G.GetEncoded(false), Point.Generator.ToUncompressed());
    }

    [Fact]
    public void BaseMul_matches_BouncyCastle() => Check.One(Few, Prop.ForAll(ScalarValues, v =>
    {
        var k = Sc(v);
        if (k.IsZero)
        {
            return Point.BaseMul(k).IsInfinity;
        }

        var expected = BcMul(k);
        return Point.BaseMul(k).ToUncompressed().SequenceEqual(expected)
            && (k * Point.Generator).ToUncompressed().SequenceEqual(expected);
    }));

    [Fact]
    public void Addition_and_variable_base_match_BouncyCastle() => Check.One(Few, Prop.ForAll(
        Gen.Zip(Gen.Zip(Below(N), Below(N)), Below(N)).ToArbitrary(), t =>
    {
        var a = Scalar.Select(Sc(t.Item1.Item1), Scalar.One, Sc(t.Item1.Item1).IsZero);
        var b = Scalar.Select(Sc(t.Item1.Item2), Scalar.One, Sc(t.Item1.Item2).IsZero);
        var k = Sc(t.Item2);
        var p = Point.BaseMulVar(a);
        var q = Point.BaseMulVar(b);
        var bp = Curve.Curve.DecodePoint(p.ToCompressed());
        var bq = Curve.Curve.DecodePoint(q.ToCompressed());
        var sum = bp.Add(bq).Normalize();
        var kp = bp.Multiply(new BigInteger(1, k.ToBytes())).Normalize();
        bool sumOk = sum.IsInfinity ? (p + q).IsInfinity : (p + q).ToUncompressed().SequenceEqual(sum.GetEncoded(false));
        bool kpOk = kp.IsInfinity ? (k * p).IsInfinity : (k * p).ToUncompressed().SequenceEqual(kp.GetEncoded(false));
        return sumOk && kpOk && p.MulVar(k) == k * p;
    }));

    /// <summary>Scalars at the edges of the GLV split (λ multiples, 2^128 boundaries, n/2) on every path.</summary>
    [Fact]
    public void Endomorphism_edge_scalars_match_BouncyCastle()
    {
        var lambda = Big(Endomorphism.Lambda);
        System.Numerics.BigInteger two128 = System.Numerics.BigInteger.Pow(2, 128);
        System.Numerics.BigInteger[] edges =
        [
            lambda, N - lambda, lambda + 1, lambda - 1, (lambda * lambda) % N, two128, two128 - 1, two128 + 1,
            N - two128, (two128 - 1) * (lambda + 1), N / 2, (N / 2) + 1, N - 1, N - 2, 1, 2,
        ];
        var p = Point.BaseMul(Scalar.FromUInt64(0xC0FFEE));
        var bp = Curve.Curve.DecodePoint(p.ToCompressed());
        foreach (var v in edges)
        {
            var k = Sc(v);
            var expected = bp.Multiply(new BigInteger(1, k.ToBytes())).Normalize().GetEncoded(false);
            Assert.Equal(expected, (k * p).ToUncompressed());
            Assert.Equal(expected, p.MulVar(k).ToUncompressed());
            Assert.Equal(expected, Point.MultiMulVar([k, Scalar.Zero], [p, Point.Generator]).ToUncompressed());
            Assert.Equal(BcMul(k), Point.BaseMul(k).ToUncompressed());
            Assert.Equal(BcMul(k), Point.DoubleMulVar(k, Scalar.Zero, p).ToUncompressed());
        }
    }

    [Fact]
    public void Bip340_public_keys()
    {
        var lines = File.ReadAllLines(TestVectors.Path("bip340", "test-vectors.csv")).Skip(1);
        int withSecret = 0;
        foreach (var line in lines)
        {
            var f = line.Split(',');
            var xOnly = Convert.FromHexString(f[2]);
            bool liftable = Point.TryLiftX(xOnly, out var lifted);
            if (f[1].Length > 0)
            {
                var pub = Point.BaseMul(Scalar.FromBytes(Convert.FromHexString(f[1])));
                Assert.Equal(xOnly, pub.XBytes());
                Assert.True(liftable);
                Assert.Equal(pub.HasOddY ? -pub : pub, lifted);
                withSecret++;
            }
            else if (f[^1].Contains("public key not on the curve", StringComparison.Ordinal)
                || f[^1].Contains("public key is not a valid X coordinate", StringComparison.Ordinal))
            {
                Assert.False(liftable, line);
            }
        }

        Assert.True(withSecret >= 4);
    }

    /// <summary>
    /// Wycheproof ECDH over secp256k1: for every test whose public key uses the plain named-curve SPKI
    /// header, decoding must succeed exactly for the valid/acceptable cases, and x(d·Q) must equal the
    /// shared secret (constant-time and variable-time paths).
    /// </summary>
    [Fact]
    public void Wycheproof_ecdh()
    {
        const string Uncompressed = "3056301006072a8648ce3d020106052b8104000a034200";
        const string Compressed = "3036301006072a8648ce3d020106052b8104000a032200";
        using var doc = JsonDocument.Parse(File.ReadAllText(TestVectors.Path("wycheproof", "ecdh_secp256k1_test.json")));
        int checkedValid = 0, checkedInvalid = 0;
        foreach (var group in doc.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                string pub = test.GetProperty("public").GetString()!;
                string result = test.GetProperty("result").GetString()!;
                string header = pub.StartsWith(Uncompressed, StringComparison.Ordinal) ? Uncompressed
                    : pub.StartsWith(Compressed, StringComparison.Ordinal) ? Compressed : "";
                if (header.Length == 0 || pub.Length != header.Length + (header == Uncompressed ? 130 : 66))
                {
                    continue;
                }

                var encoded = Convert.FromHexString(pub[header.Length..]);
                bool decoded = Point.TryDecode(encoded, out var q);
                var flags = test.GetProperty("flags").EnumerateArray().Select(e => e.GetString()).ToList();
                if (result == "invalid")
                {
                    if (flags.Contains("InvalidCurveAttack") || flags.Contains("InvalidPublic") || flags.Contains("InvalidCompressedPublic"))
                    {
                        Assert.False(decoded, $"tcId {test.GetProperty("tcId").GetInt32()}");
                        checkedInvalid++;
                    }

                    continue;
                }

                if (flags.Contains("InvalidAsn"))
                {
                    continue; // "acceptable" only because the ASN.1 wrapper was tampered with
                }

                Assert.True(decoded, $"tcId {test.GetProperty("tcId").GetInt32()}");
                var priv = System.Numerics.BigInteger.Parse("0" + test.GetProperty("private").GetString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var d = Sc(priv);
                var shared = Convert.FromHexString(test.GetProperty("shared").GetString()!);
                Assert.Equal(shared, (d * q).XBytes());
                Assert.Equal(shared, q.MulVar(d).XBytes());
                checkedValid++;
            }
        }

        Assert.True(checkedValid > 400, $"valid cases checked: {checkedValid}");
        Assert.True(checkedInvalid > 5, $"invalid cases checked: {checkedInvalid}");
    }
}
