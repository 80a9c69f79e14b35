using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rlp;
using DltSigner.Core;
using DltSigner.Tests.Shared;
using Xunit;

namespace DltSigner.Adapters.Ethereum.Tests;

public sealed class RlpVectorTests
{
    [Fact]
    public void ValidVectorsEncodeAndDecodeExactly()
    {
        var cases = Load("rlptest.json").Concat(Load("RandomRLPTests", "example.json")).ToList();
        var count = 0;
        foreach (var (name, input, output) in cases)
        {
            var expected = Hex.Decode(output);
            if (input.ValueKind == JsonValueKind.String && input.GetString() == "VALID")
            {
                Assert.True(RlpCodec.TryDecode(expected, out var decoded), name);
                Assert.Equal(expected, RlpCodec.Encode(decoded!));
            }
            else
            {
                var item = ToItem(input);
                Assert.Equal(Hex.Encode(expected), Hex.Encode(RlpCodec.Encode(item)));
                Assert.Equal(item, RlpCodec.Decode(expected));
            }

            count++;
        }

        Assert.Equal(29, count);
    }

    [Fact]
    public void InvalidVectorsAreRejected()
    {
        var count = 0;
        foreach (var (name, _, output) in Load("invalidRLPTest.json"))
        {
            // A few invalid cases are not even hex (odd length): those are rejected before RLP.
            if (Hex.TryDecode(output, out var bytes))
            {
                Assert.False(RlpCodec.TryDecode(bytes, out _), name);
            }

            count++;
        }

        Assert.Equal(26, count);
    }

    [Fact]
    public void DepthAndItemCapsHold()
    {
        var nested = RlpCodec.EncodeList();
        for (var i = 0; i < 100; i++)
        {
            nested = RlpCodec.EncodeList(nested);
        }

        Assert.Throws<CryptoFormatException>(() => RlpCodec.Decode(nested));
        Assert.NotNull(RlpCodec.Decode(nested, maxDepth: 101));
        var wide = RlpCodec.EncodeList(Enumerable.Repeat(new byte[] { 0x01 }, 10));
        Assert.Throws<CryptoFormatException>(() => RlpCodec.Decode(wide, maxItems: 5));
        // A length prefix claiming 2^64 − 1 bytes must fail on the bounds check, not allocate.
        Assert.Throws<CryptoFormatException>(() => RlpCodec.Decode([0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    }

    private static IEnumerable<(string Name, JsonElement In, string Out)> Load(params string[] file)
    {
        using var doc = JsonDocument.Parse(TestVectors.ReadText(["ethereum", "ethereum-tests", "RLPTests", .. file]));
        return doc.RootElement.EnumerateObject()
            .Select(p => (p.Name, p.Value.GetProperty("in").Clone(), p.Value.GetProperty("out").GetString()!))
            .ToList();
    }

    // The vector format: strings are bytes (as code points), "#digits" big integers, numbers integers.
    private static RlpItem ToItem(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => new RlpList(e.EnumerateArray().Select(ToItem).ToList()),
        JsonValueKind.Number => new RlpString(UInt256.ToMinimalBigEndian(new BigInteger(e.GetUInt64()))),
        _ when e.GetString()!.StartsWith('#') =>
            new RlpString(BigInteger.Parse(e.GetString()![1..], CultureInfo.InvariantCulture).ToByteArray(isUnsigned: true, isBigEndian: true)),
        _ => new RlpString(Encoding.Latin1.GetBytes(e.GetString()!)),
    };
}
