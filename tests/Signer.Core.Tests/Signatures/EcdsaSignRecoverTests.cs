using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Signatures;

namespace DltSigner.Core.Tests.Signatures;

public sealed class EcdsaSignRecoverTests
{
    [Fact]
    public void Sign_is_low_s_verifies_and_recovers_the_key()
    {
        var rng = new Random(6979);
        for (var i = 0; i < 40; i++)
        {
            using var key = PrivateKey.Import(TestKeys.RandomKeyBytes(rng));
            var hash = new byte[32];
            rng.NextBytes(hash);
            var (sig, recoveryId) = Ecdsa.Sign(key, hash);

            Assert.True(sig.IsLowS);
            Assert.InRange(recoveryId, 0, 3);
            Assert.True(Ecdsa.Verify(key.PublicKey, hash, sig));
            Assert.True(Ecdsa.Verify(key.PublicKey, hash, sig, requireLowS: true));
            Assert.Equal(key.PublicKey, Ecdsa.RecoverPublicKey(hash, sig, recoveryId));

            // Deterministic: the same key and hash give the same signature.
            Assert.Equal(sig, Ecdsa.Sign(key, hash).Signature);

            // The high-S twin verifies under the standard rule only, and recovers with the other parity.
            var high = new EcdsaSignature(sig.R, -sig.S);
            Assert.True(Ecdsa.Verify(key.PublicKey, hash, high));
            Assert.False(Ecdsa.Verify(key.PublicKey, hash, high, requireLowS: true));
            Assert.Equal(key.PublicKey, Ecdsa.RecoverPublicKey(hash, high, recoveryId ^ 1));
            Assert.Equal(new RecoverableSignature(sig, recoveryId), new RecoverableSignature(high, recoveryId ^ 1).NormalizeLowS());

            // A wrong parity recovers a different key (or none); a wrong hash does not verify.
            Assert.False(Ecdsa.TryRecoverPublicKey(hash, sig, recoveryId ^ 1, out var other) && other == key.PublicKey);
            hash[0] ^= 1;
            Assert.False(Ecdsa.Verify(key.PublicKey, hash, sig));
        }
    }

    [Fact]
    public void Der_byte_api_matches_the_struct_api()
    {
        using var key = PrivateKey.Import(TestKeys.RandomKeyBytes(new Random(66)));
        var hash = SHA256.HashData("der"u8);
        var der = Ecdsa.SignDer(key, hash);
        Assert.Equal(Ecdsa.Sign(key, hash).Signature.ToDer(), der);
        Span<byte> buffer = stackalloc byte[EcdsaSignature.MaxDerLength];
        Assert.True(Ecdsa.TrySignDer(key, hash, buffer, out var written));
        Assert.True(buffer[..written].SequenceEqual(der));
        Assert.False(Ecdsa.TrySignDer(key, hash, buffer[..(der.Length - 1)], out _));
        Assert.True(Ecdsa.VerifyDer(key.PublicKey, hash, der, requireLowS: true));
    }

    [Fact]
    public void Recovery_id_overflow_bit_rebuilds_r_plus_n()
    {
        // r = 1 with the overflow bit names x = n + 1 < p; x = n + 1 is a valid x-coordinate or not,
        // either way the call must not throw. r ≥ p − n with bit 1 has no point (x would be ≥ p).
        var hash = SHA256.HashData("overflow"u8);
        var small = new EcdsaSignature(Scalar.One, Scalar.One);
        _ = Ecdsa.TryRecoverPublicKey(hash, small, 2, out _);
        _ = Ecdsa.TryRecoverPublicKey(hash, small, 3, out _);

        var bigR = Scalar.FromBytes(Convert.FromHexString("00000000000000000000000000000001" + "45512319" + "50b75fc4402da1722fc9baee"));
        var big = new EcdsaSignature(bigR, Scalar.One);
        Assert.False(Ecdsa.TryRecoverPublicKey(hash, big, 2, out _));
        Assert.False(Ecdsa.TryRecoverPublicKey(hash, big, 3, out _));
        Assert.Throws<CryptoFormatException>(() => Ecdsa.RecoverPublicKey(hash, big, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecoverableSignature(small, 4));
        Assert.False(Ecdsa.TryRecoverPublicKey(hash, small, 4, out _));
    }

    [Fact]
    public void Bad_inputs()
    {
        using var key = PrivateKey.Generate();
        Assert.Throws<ArgumentException>(() => Ecdsa.Sign(key, new byte[31]));
        Assert.Throws<ArgumentException>(() => Ecdsa.Verify(key.PublicKey, new byte[33], new EcdsaSignature(Scalar.One, Scalar.One)));
        Assert.False(Ecdsa.Verify(key.PublicKey, new byte[32], default));
        Assert.False(Ecdsa.TryRecoverPublicKey(new byte[32], default, 0, out _));
    }

    [Fact]
    public void Low_s_boundary_is_n_over_2()
    {
        var half = Scalar.FromBytes(Convert.FromHexString("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0"));
        Assert.True(new EcdsaSignature(Scalar.One, half).IsLowS);
        Assert.False(new EcdsaSignature(Scalar.One, half + Scalar.One).IsLowS);
    }
}
