using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;

namespace DltSigner.Core.Tests.Signatures;

/// <summary>
/// Cross-checks against an independent implementation: .NET's ECDsa (OpenSSL on Linux) with secp256k1
/// given as an explicit prime curve (SEC 2 section 2.4.1 parameters), not by name.
/// </summary>
public sealed class EcdsaOpenSslInteropTests
{
    internal static ECCurve Secp256k1Explicit() => new()
    {
        CurveType = ECCurve.ECCurveType.PrimeShortWeierstrass,
        Prime = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F"),
        A = new byte[32],
        B = Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000007"),
        G = new ECPoint
        {
            X = Convert.FromHexString("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798"),
            Y = Convert.FromHexString("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8"),
        },
        Order = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"),
        Cofactor = [1],
    };

    internal static ECDsa OpenSslKey(PublicKey publicKey, byte[]? d = null)
    {
        var q = publicKey.ToUncompressed();
        return ECDsa.Create(new ECParameters
        {
            Curve = Secp256k1Explicit(),
            Q = new ECPoint { X = q[1..33], Y = q[33..] },
            D = d,
        });
    }

    [Fact]
    public void Our_signatures_verify_in_openssl()
    {
        var rng = new Random(1);
        for (var i = 0; i < 50; i++)
        {
            using var key = PrivateKey.Import(TestKeys.RandomKeyBytes(rng));
            var hash = new byte[32];
            rng.NextBytes(hash);
            var sig = Ecdsa.Sign(key, hash).Signature;
            using var openssl = OpenSslKey(key.PublicKey);
            Assert.True(openssl.VerifyHash(hash, sig.ToCompact(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            Assert.True(openssl.VerifyHash(hash, sig.ToDer(), DSASignatureFormat.Rfc3279DerSequence));
            hash[5] ^= 0x40;
            Assert.False(openssl.VerifyHash(hash, sig.ToCompact(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        }
    }

    [Fact]
    public void Openssl_signatures_verify_with_ours()
    {
        var rng = new Random(2);
        int highS = 0;
        for (var i = 0; i < 50; i++)
        {
            var d = TestKeys.RandomKeyBytes(rng);
            using var key = PrivateKey.Import(d);
            var hash = new byte[32];
            rng.NextBytes(hash);
            using var openssl = OpenSslKey(key.PublicKey, d);

            // OpenSSL picks random nonces and does not normalise s: about half are high-S.
            var p1363 = openssl.SignHash(hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            var sig = EcdsaSignature.FromCompact(p1363);
            Assert.True(Ecdsa.Verify(key.PublicKey, hash, sig));
            Assert.Equal(sig.IsLowS, Ecdsa.Verify(key.PublicKey, hash, sig, requireLowS: true));
            highS += sig.IsLowS ? 0 : 1;

            var der = openssl.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
            Assert.True(Ecdsa.VerifyDer(key.PublicKey, hash, der));
            Assert.Equal(der, EcdsaSignature.ParseDer(der).ToDer());
            Assert.True(Ecdsa.Verify(key.PublicKey, hash, EcdsaSignature.ParseDer(der).NormalizeLowS(), requireLowS: true));
        }

        Assert.InRange(highS, 1, 49);
    }
}
