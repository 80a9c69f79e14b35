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

    [Fact]
    public void Incremental_matches_one_shot_for_any_split()
    {
        var data = Enumerable.Range(0, 700).Select(i => (byte)(i * 13)).ToArray();
        var expected = Hashes.Keccak256(data);
        foreach (var chunk in new[] { 1, 7, 135, 136, 137, 300, 700 })
        {
            var hasher = new Keccak256.Incremental();
            for (var at = 0; at < data.Length; at += chunk)
            {
                hasher.Append(data.AsSpan(at, System.Math.Min(chunk, data.Length - at)));
            }

            var digest = new byte[32];
            hasher.Finish(digest);
            Assert.Equal(expected, digest);
            Assert.Throws<ObjectDisposedException>(() => hasher.Append([1]));
        }
    }

    /// <summary>ExtremelyLongMsgKAT: Text repeated 16,777,216 times (1 GiB), streamed; ~25 s CPU in Debug.</summary>
    [SlowFact]
    public void Extremely_long_message()
    {
        var lines = TestVectors.ReadText("ethereum", "keccak256-kat", "ExtremelyLongMsgKAT_256.txt").Split('\n').Select(l => l.Trim()).ToList();
        var repeat = int.Parse(lines.Single(l => l.StartsWith("Repeat = ", StringComparison.Ordinal))[9..], CultureInfo.InvariantCulture);
        var text = System.Text.Encoding.ASCII.GetBytes(lines.Single(l => l.StartsWith("Text = ", StringComparison.Ordinal))[7..]);
        var md = Convert.FromHexString(lines.Single(l => l.StartsWith("MD = ", StringComparison.Ordinal))[5..]);

        // Feed 1 MiB chunks of the repeated text (64 bytes divides 1 MiB).
        var chunk = new byte[1 << 20];
        for (var at = 0; at < chunk.Length; at += text.Length)
        {
            text.CopyTo(chunk, at);
        }

        var hasher = new Keccak256.Incremental();
        var total = (long)repeat * text.Length;
        for (long done = 0; done < total; done += chunk.Length)
        {
            hasher.Append(chunk.AsSpan(0, (int)System.Math.Min(chunk.Length, total - done)));
        }

        var digest = new byte[32];
        hasher.Finish(digest);
        Assert.Equal(md, digest);
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
