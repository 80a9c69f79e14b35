using System.Text.Json;
using DltSigner.Adapters.Ethereum.Eip191;
using DltSigner.Adapters.Ethereum.Eip712;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;
using DltSigner.Tests.Shared;
using Xunit;

namespace DltSigner.Adapters.Ethereum.Tests;

public sealed class Eip712Tests
{
    private static readonly JsonElement Vector =
        JsonDocument.Parse(TestVectors.ReadText("ethereum", "eip-examples", "eip712-mail-example.json")).RootElement.Clone();

    private static TypedData Mail() => TypedData.FromJson(Vector.GetProperty("typed_data"));

    [Fact]
    public void MailExampleEveryIntermediateValue()
    {
        var data = Mail();
        Assert.Equal(Str("encodeType_Mail"), data.EncodeType("Mail"));
        Assert.Equal(Str("typeHash_Mail"), Hex.Encode(data.TypeHash("Mail")));
        Assert.Equal(Str("encodeData_Mail_message"), Hex.Encode(TypedDataEncoder.EncodeData(data, "Mail", data.Message)));
        Assert.Equal(Str("hashStruct_Mail_message"), Hex.Encode(TypedDataEncoder.HashStruct(data, "Mail", data.Message)));
        Assert.Equal(Str("domainSeparator"), Hex.Encode(TypedDataEncoder.DomainSeparator(data)));
        Assert.Equal(Str("signing_hash"), Hex.Encode(TypedDataEncoder.SigningHash(data)));

        using var key = PrivateKey.Import(Hex.Decode(Str("private_key")));
        var signature = PersonalMessage.ToRsv(Ecdsa.Sign(key, TypedDataEncoder.SigningHash(data)));
        Assert.Equal(Str("signature_rsv"), Hex.Encode(signature));
        Assert.Equal(Address.Parse(Str("signer_address")), PersonalMessage.RecoverFromHash(TypedDataEncoder.SigningHash(data), signature));
    }

    [Fact]
    public void ArraysNestedAndRecursiveTypes()
    {
        // Mail with Person[] recipients and a self-referencing type: encodeType lists each type once, sorted.
        const string json = """
        {"types":{"EIP712Domain":[{"name":"name","type":"string"}],
          "Node":[{"name":"value","type":"uint8"},{"name":"children","type":"Node[]"},{"name":"tags","type":"bytes32[2]"}],
          "A":[{"name":"n","type":"Node"},{"name":"z","type":"Zed"},{"name":"i","type":"int16[]"},{"name":"b","type":"bytes"}],
          "Zed":[{"name":"ok","type":"bool"}]},
         "primaryType":"A","domain":{"name":"x"},
         "message":{"n":{"value":1,"children":[{"value":"0x02","children":[],"tags":["0x0000000000000000000000000000000000000000000000000000000000000001","0x0000000000000000000000000000000000000000000000000000000000000002"]}],
                   "tags":["0x0000000000000000000000000000000000000000000000000000000000000003","0x0000000000000000000000000000000000000000000000000000000000000004"]},
                   "z":{"ok":true},"i":[-1,"-32768",32767],"b":"0x0102"}}
        """;
        var data = TypedData.Parse(json);
        Assert.Equal("A(Node n,Zed z,int16[] i,bytes b)Node(uint8 value,Node[] children,bytes32[2] tags)Zed(bool ok)", data.EncodeType("A"));
        Assert.Equal(32, TypedDataEncoder.SigningHash(data).Length);

        Assert.Throws<CryptoFormatException>(() => TypedData.Parse(json.Replace("-32768", "-32769", StringComparison.Ordinal)).Let(TypedDataEncoder.SigningHash));
        Assert.Throws<CryptoFormatException>(() => TypedData.Parse(json.Replace("\"0x0102\"", "\"0x010\"", StringComparison.Ordinal)).Let(TypedDataEncoder.SigningHash));
        Assert.Throws<CryptoFormatException>(() => TypedData.Parse(json.Replace("\"ok\":true", "\"ok\":true,\"extra\":1", StringComparison.Ordinal)).Let(TypedDataEncoder.SigningHash));
        Assert.Throws<CryptoFormatException>(() => TypedData.Parse(json.Replace("bytes32[2]", "bytes32[3]", StringComparison.Ordinal)).Let(TypedDataEncoder.SigningHash));
        Assert.Throws<CryptoFormatException>(() => TypedData.Parse(json.Replace("\"type\":\"bool\"", "\"type\":\"bool)X(\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void WrongChecksumAddressIsRejected()
    {
        var text = Vector.GetProperty("typed_data").GetRawText().Replace("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "0xcD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", StringComparison.Ordinal);
        Assert.Throws<CryptoFormatException>(() => TypedDataEncoder.SigningHash(TypedData.Parse(text)));
    }

    private static string Str(string name) => Vector.GetProperty(name).GetString()!;
}

internal static class LetExtension
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
