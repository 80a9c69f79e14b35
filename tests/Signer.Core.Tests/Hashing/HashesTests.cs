using System.Text;
using DltSigner.Core.Hashing;

namespace DltSigner.Core.Tests.Hashing;

public sealed class HashesTests
{
    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    [Fact]
    public void Sha256_known_answers()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hex(Hashes.Sha256([])));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hex(Hashes.Sha256("abc"u8)));
    }

    [Fact]
    public void Sha256d_is_sha256_twice()
    {
        Assert.Equal(Hashes.Sha256(Hashes.Sha256("abc"u8)), Hashes.Sha256d("abc"u8));

        // Bitcoin's hash256 of the empty string.
        Assert.Equal("5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456", Hex(Hashes.Sha256d([])));
    }

    // RIPEMD-160 paper, Appendix: test vectors.
    [Theory]
    [InlineData("", "9c1185a5c5e9fc54612808977ee8f548b2258d31")]
    [InlineData("a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe")]
    [InlineData("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")]
    [InlineData("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "12a053384a9c0c88e405a06c27dcf49ada62eb2b")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "b0e20b6e3116640286ed3a87a5713079b21f5189")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "9b752e45573d4b39f4dbd3323cab82bf63326bfb")]
    public void Ripemd160_paper_vectors(string message, string expected)
    {
        Assert.Equal(expected, Hex(Hashes.Ripemd160(Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public void Ripemd160_one_million_a()
    {
        var data = new byte[1_000_000];
        Array.Fill(data, (byte)'a');
        Assert.Equal("52783243c1697bdbe16d37f97f68f08325dc1528", Hex(Hashes.Ripemd160(data)));
    }

    [Fact]
    public void Ripemd160_padding_boundaries_are_consistent()
    {
        // 55/56/63/64 bytes put the length field in the same or the next block.
        Span<byte> span = stackalloc byte[20];
        foreach (var n in new[] { 55, 56, 63, 64, 65, 119, 120 })
        {
            var data = new byte[n];
            Hashes.WriteRipemd160(data, span);
            Assert.True(span.SequenceEqual(Hashes.Ripemd160(data)));
            Assert.NotEqual(Hashes.Ripemd160(data), Hashes.Ripemd160(new byte[n + 1]));
        }
    }

    [Fact]
    public void Hash160_of_the_generator_compressed_key()
    {
        var g = Convert.FromHexString("0279BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798");
        Assert.Equal("751e76e8199196d454941c45d1b3a323f1433bd6", Hex(Hashes.Hash160(g)));
        Span<byte> span = stackalloc byte[20];
        Hashes.WriteHash160(g, span);
        Assert.Equal("751e76e8199196d454941c45d1b3a323f1433bd6", Hex(span.ToArray()));
    }

    // RFC 4231 §4.2 and §4.3.
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void HmacSha256_rfc4231(string key, string data, string expected)
    {
        Assert.Equal(expected, Hex(Hashes.HmacSha256(Convert.FromHexString(key), Convert.FromHexString(data))));
        var mac = new byte[32];
        Hashes.WriteHmacSha256(Convert.FromHexString(key), Convert.FromHexString(data), mac);
        Assert.Equal(expected, Hex(mac));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(511)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(5000)]
    public void TaggedHash_matches_its_definition(int size)
    {
        var data = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        foreach (var tag in new[] { "BIP0340/challenge", "BIP0340/nonce", "TapTweak" })
        {
            var t = Hashes.Sha256(Encoding.UTF8.GetBytes(tag));
            var expected = Hashes.Sha256([.. t, .. t, .. data]);
            Assert.Equal(expected, Hashes.TaggedHash(tag, data));
        }
    }

    [Fact]
    public void TaggedHash_known_value()
    {
        // SHA256("BIP0340/challenge") is the published tag hash.
        Assert.Equal(
            "7bb52d7a9fef58323eb1bf7a407db382d2f3f2d81bb1224f49fe518f6d48d37c",
            Hex(Hashes.Sha256("BIP0340/challenge"u8)));
        Assert.NotEqual(Hashes.TaggedHash("BIP0340/aux", []), Hashes.TaggedHash("BIP0340/nonce", []));
    }

    [Fact]
    public void TaggedHash_cache_is_safe_under_concurrency()
    {
        var expected = Hashes.Sha256([.. Hashes.Sha256("concurrent/tag"u8), .. Hashes.Sha256("concurrent/tag"u8), 1, 2, 3]);
        Parallel.For(0, 64, _ => Assert.Equal(expected, Hashes.TaggedHash("concurrent/tag", [1, 2, 3])));
    }
}
