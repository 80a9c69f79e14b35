using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Core;

namespace DltSigner.Adapters.Bitcoin.Tests;

public sealed class EncodingTests
{
    [Fact]
    public void Base58_core_vectors_encode_and_decode()
    {
        var cases = Json.CoreCases("base58_encode_decode.json");
        Assert.Equal(21, cases.Count);
        foreach (var c in cases)
        {
            var bytes = Hex.Decode(c[0].GetString()!);
            var text = c[1].GetString()!;
            Assert.Equal(text, Base58.Encode(bytes));
            Assert.Equal(bytes, Base58.Decode(text));
        }
    }

    [Theory]
    [InlineData("0OIl")]
    [InlineData("3SEo3LWLoPntC ")]
    public void Base58_rejects_invalid_characters(string text) =>
        Assert.Throws<CryptoFormatException>(() => Base58.Decode(text));

    [Fact]
    public void Base58check_rejects_bad_checksum()
    {
        var good = Base58.EncodeCheck([0, 1, 2, 3]);
        Assert.Equal([0, 1, 2, 3], Base58.DecodeCheck(good));
        var bad = good[..^1] + (good[^1] == '2' ? '3' : '2');
        Assert.Throws<CryptoFormatException>(() => Base58.DecodeCheck(bad));
    }

    [Theory]
    [InlineData("fd0000")]       // 0 in 3 bytes
    [InlineData("fdfc00")]       // 252 in 3 bytes
    [InlineData("fe0000ffff")]   // needs only fd
    [InlineData("ff00000000ffffffff")]
    [InlineData("fe01000002")]   // above MAX_SIZE
    [InlineData("fd01")]         // truncated
    public void CompactSize_rejects_non_canonical_truncated_or_huge(string hex) =>
        Assert.Throws<CryptoFormatException>(() => new ByteReader(Hex.Decode(hex)).ReadCompactSize("t"));

    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(252UL, "fc")]
    [InlineData(253UL, "fdfd00")]
    [InlineData(0xffffUL, "fdffff")]
    [InlineData(0x10000UL, "fe00000100")]
    [InlineData(0x02000000UL, "fe00000002")]
    public void CompactSize_round_trips(ulong value, string hex)
    {
        var w = new ByteWriter();
        w.WriteCompactSize(value);
        Assert.Equal(hex, Hex.Encode(w.WrittenSpan));
        Assert.Equal(value, new ByteReader(Hex.Decode(hex)).ReadCompactSize("t"));
    }

    [Fact]
    public void Hex_is_strict()
    {
        Assert.Throws<CryptoFormatException>(() => Hex.Decode("abc"));
        Assert.Throws<CryptoFormatException>(() => Hex.Decode("zz"));
        Assert.Equal([0xab, 0xcd], Hex.Decode("ABcd"));
    }
}
