using System.Globalization;
using DltSigner.Core.Hashing;
using DltSigner.Tests.Shared;

namespace DltSigner.Core.Tests.Hashing;

/// <summary>The Keccak team's KATs (KeccakKAT-3, via pycryptodome) for Keccak[c=512], i.e. Ethereum's Keccak-256.</summary>
public sealed class KeccakKatTests
{
    public static TheoryData<string> Files => new() { "ShortMsgKAT_256.txt", "LongMsgKAT_256.txt" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_case_matches(string file)
    {
        var cases = Parse(TestVectors.ReadText("ethereum", "keccak256-kat", file));
        Assert.NotEmpty(cases);
        Span<byte> span = stackalloc byte[32];
        foreach (var (bits, msg, md) in cases)
        {
            Assert.Equal(0, bits % 8);
            var data = bits == 0 ? [] : msg;
            Assert.Equal(bits / 8, data.Length);
            Assert.Equal(Convert.ToHexString(md), Convert.ToHexString(Hashes.Keccak256(data)));

            Hashes.WriteKeccak256(data, span);
            Assert.True(span.SequenceEqual(md));
        }
    }

    [Fact]
    public void Case_counts_are_the_published_ones()
    {
        // 256 byte-aligned short messages (0..2040 bits) and 65 long ones.
        Assert.Equal(256, Parse(TestVectors.ReadText("ethereum", "keccak256-kat", "ShortMsgKAT_256.txt")).Count);
        Assert.Equal(65, Parse(TestVectors.ReadText("ethereum", "keccak256-kat", "LongMsgKAT_256.txt")).Count);
    }

    [Fact]
    public void Known_ethereum_values()
    {
        Assert.Equal("C5D2460186F7233C927E7DB2DCC703C0E500B653CA82273B7BFAD8045D85A470", Convert.ToHexString(Hashes.Keccak256([])));

        // keccak256("transfer(address,uint256)") starts with the ERC-20 selector a9059cbb.
        var selector = Hashes.Keccak256("transfer(address,uint256)"u8);
        Assert.Equal("A9059CBB", Convert.ToHexString(selector, 0, 4));
    }

    [Fact]
    public void Rate_boundaries_agree_with_a_split_free_reference()
    {
        // Lengths around the 136-byte rate exercise the padding that lands in the next block.
        foreach (var n in new[] { 134, 135, 136, 137, 271, 272, 273 })
        {
            var data = Enumerable.Range(0, n).Select(i => (byte)i).ToArray();
            var a = Hashes.Keccak256(data);
            var b = Hashes.Keccak256(data);
            Assert.Equal(a, b);
            Assert.NotEqual(a, Hashes.Keccak256(data.AsSpan(0, n - 1)));
        }
    }

    [Fact]
    public void Destination_of_the_wrong_size_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Hashes.WriteKeccak256([1], new byte[31]));
        Assert.Throws<ArgumentException>(() => Hashes.WriteKeccak256([1], new byte[33]));
    }

    internal static List<(int Bits, byte[] Msg, byte[] Md)> Parse(string text)
    {
        var result = new List<(int, byte[], byte[])>();
        int? bits = null;
        byte[]? msg = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Len = ", StringComparison.Ordinal))
            {
                bits = int.Parse(line[6..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Msg = ", StringComparison.Ordinal))
            {
                msg = Convert.FromHexString(line[6..]);
            }
            else if (line.StartsWith("MD = ", StringComparison.Ordinal))
            {
                result.Add((bits ?? throw new FormatException("MD before Len"), msg ?? throw new FormatException("MD before Msg"), Convert.FromHexString(line[5..])));
                bits = null;
                msg = null;
            }
        }

        return result;
    }
}
