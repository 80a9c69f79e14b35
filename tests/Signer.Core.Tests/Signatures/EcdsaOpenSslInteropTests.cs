using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;

namespace DltSigner.Core.Tests.Signatures;

/// <summary>
/// Cross-checks against an independent implementation: .NET's ECDsa (OpenSSL on Linux) with secp256k1
/// given as an explicit prime curve (SEC 2 section 2.4.1 parameters), not by name. The curve constants
/// are also checked against SEC 2 here, since OpenSslCurve builds them from the library's own constants.
/// </summary>
public sealed class EcdsaOpenSslInteropTests
{
    [Fact]
    public void Explicit_curve_matches_sec2()
    {
        var c = OpenSslCurve.Secp256k1();
        Assert.Equal("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", Convert.ToHexString(c.Prime!));
        Assert.Equal("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", Convert.ToHexString(c.G.X!));
        Assert.Equal("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8", Convert.ToHexString(c.G.Y!));
        Assert.Equal("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", Convert.ToHexString(c.Order!));
        Assert.Equal(new byte[32], c.A);
        Assert.Equal(7, c.B![31]);
        c.Validate();
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
            using var openssl = OpenSslCurve.CreateKey(key.PublicKey);
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
            using var openssl = OpenSslCurve.CreateKey(key.PublicKey, d);

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
