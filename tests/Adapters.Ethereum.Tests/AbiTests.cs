using System.Numerics;
using System.Text;
using DltSigner.Adapters.Ethereum.Abi;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core;
using Xunit;

namespace DltSigner.Adapters.Ethereum.Tests;

/// <summary>Known answers from the Solidity ABI specification's "Examples" sections.</summary>
public sealed class AbiTests
{
    [Fact]
    public void BazUint32Bool()
    {
        var call = AbiFunction.EncodeCall("baz(uint32,bool)", 69, true);
        Assert.Equal("0xcdcd77c0" + W("45") + W("1"), Hex.Encode(call));
        var decoded = AbiFunction.DecodeCall("baz(uint32,bool)", call);
        Assert.Equal(new BigInteger(69), decoded[0]);
        Assert.Equal(true, decoded[1]);
    }

    [Fact]
    public void BarBytes3Array()
    {
        var call = AbiFunction.EncodeCall("bar(bytes3[2])", new object[] { new object[] { "abc"u8.ToArray(), "def"u8.ToArray() } });
        Assert.Equal("0xfce353f6" + "616263".PadRight(64, '0') + "646566".PadRight(64, '0'), Hex.Encode(call));
    }

    [Fact]
    public void SamBytesBoolUintArray()
    {
        var call = AbiFunction.EncodeCall("sam(bytes,bool,uint256[])", "dave"u8.ToArray(), true, new object[] { 1, 2, 3 });
        var expected = "0xa5643bf2" + W("60") + W("1") + W("a0") + W("4") + "64617665".PadRight(64, '0') + W("3") + W("1") + W("2") + W("3");
        Assert.Equal(expected, Hex.Encode(call));
        var decoded = AbiFunction.DecodeCall("sam(bytes,bool,uint256[])", call);
        Assert.Equal("dave"u8.ToArray(), decoded[0]);
        Assert.Equal(new object[] { new BigInteger(1), new BigInteger(2), new BigInteger(3) }, (IReadOnlyList<object>)decoded[2]);
    }

    [Fact]
    public void FUint256Uint32ArrayBytes10Bytes()
    {
        var call = AbiFunction.EncodeCall("f(uint256,uint32[],bytes10,bytes)",
            0x123, new object[] { 0x456, 0x789 }, "1234567890"u8.ToArray(), "Hello, world!"u8.ToArray());
        var expected = "0x8be65246" + W("123") + W("80") + "31323334353637383930".PadRight(64, '0') + W("e0")
            + W("2") + W("456") + W("789") + W("d") + "48656c6c6f2c20776f726c6421".PadRight(64, '0');
        Assert.Equal(expected, Hex.Encode(call));
        Assert.Equal("Hello, world!"u8.ToArray(), AbiFunction.DecodeCall("f(uint256,uint32[],bytes10,bytes)", call)[3]);
    }

    [Fact]
    public void GNestedDynamicArraysAndStrings()
    {
        var call = AbiFunction.EncodeCall("g(uint256[][],string[])",
            new object[] { new object[] { 1, 2 }, new object[] { 3 } }, new object[] { "one", "two", "three" });
        var expected = "0x2289b18c" + W("40") + W("140") + W("2") + W("40") + W("a0") + W("2") + W("1") + W("2") + W("1") + W("3")
            + W("3") + W("60") + W("a0") + W("e0") + W("3") + Str("one") + W("3") + Str("two") + W("5") + Str("three");
        Assert.Equal(expected, Hex.Encode(call));
        var decoded = AbiFunction.DecodeCall("g(uint256[][],string[])", call);
        Assert.Equal(new object[] { "one", "two", "three" }, (IReadOnlyList<object>)decoded[1]);
    }

    [Fact]
    public void SelectorsTopicsAndConstructor()
    {
        Assert.Equal("0xa9059cbb", Hex.Encode(AbiFunction.Selector("transfer(address,uint256)")));
        Assert.Equal("0xa9059cbb", Hex.Encode(AbiFunction.Selector("transfer(address,uint)")));
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Hex.Encode(AbiFunction.EventTopic("Transfer(address,address,uint256)")));
        var args = AbiFunction.EncodeConstructor([0x60, 0x80], [AbiType.Int(8), AbiType.String], [-1, "x"]);
        Assert.Equal("0x6080" + new string('f', 64) + W("40") + W("1") + Str("x"), Hex.Encode(args));
        Assert.Equal("(uint256,(bytes32[2],address)[])[3]", AbiType.Parse("(uint,(bytes32[2],address)[])[3]").CanonicalName);
    }

    [Fact]
    public void HostileAndNonCanonicalInputsAreRejected()
    {
        var types = AbiType.ParseList("uint8,bool,address,bytes,uint256[]");
        object[] values = [7, false, Address.Zero, new byte[] { 1 }, new object[] { 5 }];
        var good = AbiCodec.Encode(types, values);
        Assert.Equal(5, AbiCodec.Decode(types, good).Count);

        Assert.Throws<CryptoFormatException>(() => AbiCodec.Decode(types, Patch(good, 30, 0x01))); // uint8 out of range
        Assert.Throws<CryptoFormatException>(() => AbiCodec.Decode(types, Patch(good, 63, 0x02))); // bool 2
        Assert.Throws<CryptoFormatException>(() => AbiCodec.Decode(types, Patch(good, 64, 0x01))); // address padding
        Assert.Throws<CryptoFormatException>(() => AbiCodec.Decode(types, Patch(good, 100, 0x7f))); // huge offset
        Assert.Throws<CryptoFormatException>(() => AbiCodec.Decode(types, good[..^1])); // truncated
        Assert.Throws<CryptoFormatException>(() => AbiCodec.Decode(types, [.. good, 0])); // trailing byte
        // Array count 2^32 − 1 with a few bytes present: rejected by the bounds check, nothing allocated.
        var hugeArray = Hex.Decode(W("20") + "00000000000000000000000000000000000000000000000000000000ffffffff");
        Assert.Throws<CryptoFormatException>(() => AbiCodec.Decode(AbiType.ParseList("uint256[]"), hugeArray));
        Assert.Throws<CryptoFormatException>(() => AbiType.Parse("uint7"));
        Assert.Throws<CryptoFormatException>(() => AbiType.Parse("bytes33"));
        Assert.Throws<CryptoFormatException>(() => AbiType.Parse("uint256[99999999][99999999]"));
        Assert.Throws<CryptoFormatException>(() => AbiType.Parse(new string('(', 100) + "bool" + new string(')', 100)));
    }

    private static byte[] Patch(byte[] data, int index, byte value)
    {
        var copy = (byte[])data.Clone();
        copy[index] = value;
        return copy;
    }

    private static string W(string hex) => hex.PadLeft(64, '0');

    private static string Str(string s) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)).PadRight(64, '0');
}
