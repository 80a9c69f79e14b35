using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Signatures;
using DltSigner.Tests.Shared;

namespace DltSigner.Core.Tests.Signatures;

public sealed class Rfc6979Tests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static byte[] FirstCandidates(byte[] key, byte[] hash, int count, byte[]? extra = null)
    {
        using var drbg = new Rfc6979(key, hash, extra);
        var all = new byte[count * 32];
        for (var i = 0; i < count; i++)
        {
            drbg.NextCandidate(all.AsSpan(i * 32, 32));
        }

        return all;
    }

    [Fact]
    public void PythonEcdsa_vectors_first_nonce_and_signature_r()
    {
        using var doc = JsonDocument.Parse(TestVectors.ReadText("rfc6979-secp256k1", "python-ecdsa-rfc6979-k.json"));
        var count = 0;
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var d = Hex(v.GetProperty("private_key").GetString()!);
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(v.GetProperty("message_utf8").GetString()!));
            Assert.Equal(v.GetProperty("message_sha256").GetString(), Convert.ToHexStringLower(hash));
            var expectedK = Hex(v.GetProperty("k").GetString()!);

            using (var drbg = new Rfc6979(d, hash))
            {
                Assert.Equal(expectedK, drbg.NextNonce().ToBytes());
            }

            // Sign uses exactly this nonce: r = x(k·G) mod n.
            using var key = PrivateKey.Import(d);
            var sig = Ecdsa.Sign(key, hash).Signature;
            var r = Scalar.FromBytesReduced(Point.BaseMulVar(Scalar.FromBytes(expectedK)).XBytes());
            Assert.Equal(r, sig.R);
            Assert.True(Ecdsa.Verify(key.PublicKey, hash, sig, requireLowS: true));
            count++;
        }

        Assert.Equal(6, count);
    }

    [Fact]
    public void Noble_vectors_candidates_k0_k1_k15()
    {
        using var doc = JsonDocument.Parse(TestVectors.ReadText("rfc6979-secp256k1", "noble-rfc6979.json"));
        var count = 0;
        foreach (var v in doc.RootElement.EnumerateArray())
        {
            var d = Hex(v.GetProperty("d").GetString()!);
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(v.GetProperty("message").GetString()!));
            var candidates = FirstCandidates(d, hash, 16);
            Assert.Equal(v.GetProperty("k0").GetString(), Convert.ToHexStringLower(candidates.AsSpan(0, 32)));
            Assert.Equal(v.GetProperty("k1").GetString(), Convert.ToHexStringLower(candidates.AsSpan(32, 32)));
            Assert.Equal(v.GetProperty("k15").GetString(), Convert.ToHexStringLower(candidates.AsSpan(15 * 32, 32)));
            count++;
        }

        Assert.Equal(10, count);
    }

    [Fact]
    public void Bitcoin_core_deterministic_signatures()
    {
        // Bitcoin Core src/test/key_tests.cpp "test deterministic signing" (keys strSecret1/strSecret2,
        // message hash = SHA-256d("Very deterministic message")), as r || s.
        var hash = SHA256.HashData(SHA256.HashData("Very deterministic message"u8));
        (string Key, string Sig)[] cases =
        [
            ("12b004fff7f4b69ef8650e767f18f11ede158148b425660723b9f9a66e61f747",
             "5dbbddda71772d95ce91cd2d14b592cfbc1dd0aabd6a394b6c2d377bbe59d31d14ddda21494a4e221f0824f0b8b924c43fa43c0ad57dccdaa11f81a6bd4582f6"),
            ("b524c28b61c9b2c49b2c7dd4c2d75887abb78768c054bd7c01af4029f6c0d117",
             "52d8a32079c11e79db95af63bb9600c5b04f21a9ca33dc129c2bfa8ac9dc1cd561d8ae5e0f6c1a16bde3719c64c2fd70e404b6428ab9a69566962e8771b5944d"),
        ];
        foreach (var (k, s) in cases)
        {
            using var key = PrivateKey.Import(Hex(k));
            Assert.Equal(s, Convert.ToHexStringLower(Ecdsa.Sign(key, hash).Signature.ToCompact()));
        }
    }

    [Fact]
    public void Extra_entropy_is_appended_to_the_seed()
    {
        // Values from an independent Python model of RFC 6979 section 3.6 (seed = x || h || extra),
        // the construction libsecp256k1's nonce_function_rfc6979 uses for ndata.
        var d = Hex("000000000000000000000000000000009d0219792467d7d37b4d43298a7d0c05");
        var hash = SHA256.HashData("sample"u8);
        var one = new byte[32];
        one[0] = 1;
        Assert.Equal("8fa1f95d514760e498f28957b824ee6ec39ed64826ff4fecc2b5739ec45b91cd", Convert.ToHexStringLower(FirstCandidates(d, hash, 1)));
        Assert.Equal("73700d54ba9f43c7f9a92e8c90bfad6a450f0b78c78b48ed840d971cf19dfb7d", Convert.ToHexStringLower(FirstCandidates(d, hash, 1, new byte[32])));
        Assert.Equal("55e06036a03905ea097d127a0aec1b624f01b8c0df967c36abcfb15804ef1c12", Convert.ToHexStringLower(FirstCandidates(d, hash, 1, one)));

        using var key = PrivateKey.Import(d);
        var plain = Ecdsa.Sign(key, hash);
        var ground = Ecdsa.Sign(key, hash, one);
        Assert.NotEqual(plain.Signature.R, ground.Signature.R);
        Assert.True(Ecdsa.Verify(key.PublicKey, hash, ground.Signature, requireLowS: true));
    }

    [Fact]
    public void Rejects_bad_lengths()
    {
        Assert.Throws<ArgumentException>(() => new Rfc6979(new byte[31], new byte[32]));
        Assert.Throws<ArgumentException>(() => new Rfc6979(new byte[32], new byte[33]));
        Assert.Throws<ArgumentException>(() => new Rfc6979(new byte[32], new byte[32], new byte[16]));
    }
}
