using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using DltSigner.Adapters.Ethereum.Eip191;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Tests.Shared;
using Xunit;

namespace DltSigner.Adapters.Ethereum.Tests;

public sealed class BasicAndEipExampleTests
{
    [Fact]
    public void KeyToAddress()
    {
        using var doc = Load("ethereum-tests", "BasicTests", "keyaddrtest.json");
        var count = 0;
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            var keyBytes = Hex.Decode(c.GetProperty("key").GetString()!);
            Assert.Equal(keyBytes, Hashes.Keccak256(Encoding.UTF8.GetBytes(c.GetProperty("seed").GetString()!)));
            using var key = PrivateKey.Import(keyBytes);
            var address = Address.FromPublicKey(key.PublicKey);
            Assert.Equal("0x" + c.GetProperty("addr").GetString(), address.ToLowerHex());

            // sig_of_emptystring is not checked: its digest convention (old pyethereum) is not
            // documented, and neither keccak256(""), sha256("") nor 32 zero bytes recover this key.
            count++;
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public void LegacySignedTransactions()
    {
        using var doc = Load("ethereum-tests", "BasicTests", "txtest.json");
        var count = 0;
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            using var key = PrivateKey.Import(Hex.Decode(c.GetProperty("key").GetString()!));
            var signed = Hex.Decode(c.GetProperty("signed").GetString()!);
            var tx = Assert.IsType<LegacyTransaction>(TxCodec.Decode(signed));
            Assert.Null(tx.ChainId);
            Assert.Equal(c.GetProperty("nonce").GetUInt64(), (ulong)tx.Nonce);
            Assert.Equal(c.GetProperty("gasprice").GetUInt64(), (ulong)tx.GasPrice);
            Assert.Equal(c.GetProperty("startgas").GetUInt64(), (ulong)tx.GasLimit);
            Assert.Equal(c.GetProperty("value").GetUInt64(), (ulong)tx.Value);
            Assert.Equal(c.GetProperty("data").GetString(), Convert.ToHexStringLower(tx.Data));
            Assert.Equal(c.GetProperty("to").GetString(), tx.To is { } to ? to.ToLowerHex()[2..] : "");
            // Frontier-era vectors: the second carries a high s, valid before EIP-2.
            Assert.Equal(Address.FromPublicKey(key.PublicKey), TxSigner.RecoverSender(tx, requireLowS: false));
            Assert.Equal(signed, TxCodec.Encode(tx));

            // Re-signing with our RFC 6979 ECDSA gives the same r, and s or its low-S twin n − s.
            var resigned = TxSigner.Sign(tx with { Signature = null }, key);
            Assert.Equal(tx.Signature!.R, resigned.Signature!.R);
            Assert.True(tx.Signature.S == resigned.Signature.S || tx.Signature.S == TxSigner.Order - resigned.Signature.S);
            Assert.Equal(Address.FromPublicKey(key.PublicKey), TxSigner.RecoverSender(resigned));
            count++;
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public void Eip155ExampleSignsByteExact()
    {
        using var doc = Load("eip-examples", "eip155-example.json");
        var v = doc.RootElement;
        var t = v.GetProperty("tx");
        var tx = new LegacyTransaction
        {
            Nonce = t.GetProperty("nonce").GetUInt64(),
            GasPrice = BigInteger.Parse(t.GetProperty("gasPrice").GetString()!, CultureInfo.InvariantCulture),
            GasLimit = t.GetProperty("gasLimit").GetUInt64(),
            To = Address.Parse(t.GetProperty("to").GetString()!),
            Value = BigInteger.Parse(t.GetProperty("value").GetString()!, CultureInfo.InvariantCulture),
            Data = Hex.Decode(t.GetProperty("data").GetString()!),
            ChainId = t.GetProperty("chainId").GetUInt64(),
        };
        Assert.Equal(v.GetProperty("signing_data").GetString(), Hex.Encode(TxCodec.SigningPayload(tx)));
        Assert.Equal(v.GetProperty("signing_hash").GetString(), Hex.Encode(TxCodec.SigningHash(tx)));

        using var key = PrivateKey.Import(Hex.Decode(v.GetProperty("private_key").GetString()!));
        var signed = TxSigner.Sign(tx, key);
        Assert.Equal(v.GetProperty("v").GetInt32(), (int)signed.V!.Value);
        Assert.Equal(v.GetProperty("signed_tx").GetString(), Hex.Encode(TxCodec.Encode(signed)));
        Assert.Equal(v.GetProperty("sender_address").GetString(), TxSigner.RecoverSender(signed).ToLowerHex());

        // Attaching the same (r, s, recovery id) by hand gives the same transaction.
        var r = Hex.Decode(v.GetProperty("r").GetString()!);
        var s = Hex.Decode(v.GetProperty("s").GetString()!);
        var attached = TxSigner.WithSignature(tx, r, s, (int)(signed.V!.Value - 35 - 2));
        Assert.Equal(TxCodec.Encode(signed), TxCodec.Encode(attached));
        Assert.Equal(Hex.Encode(TxCodec.Encode(signed)), Hex.Encode(TxCodec.Encode(TxCodec.Decode(TxCodec.Encode(signed)))));
    }

    [Fact]
    public void PersonalSignVectors()
    {
        using var doc = Load("eip-examples", "eip191-personal-sign.json");
        var count = 0;
        foreach (var c in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var message = Hex.Decode(c.GetProperty("message_hex").GetString()!);
            Assert.Equal(c.GetProperty("messageHash").GetString(), Hex.Encode(PersonalMessage.Hash(message)));
            if (c.TryGetProperty("message_utf8", out var text))
            {
                Assert.Equal(c.GetProperty("messageHash").GetString(), Hex.Encode(PersonalMessage.Hash(text.GetString()!)));
            }

            if (c.TryGetProperty("privateKey", out var keyHex))
            {
                using var key = PrivateKey.Import(Hex.Decode(keyHex.GetString()!));
                var expected = Address.Parse(c.GetProperty("address").GetString()!);
                Assert.Equal(expected, Address.FromPublicKey(key.PublicKey));
                Assert.Equal(c.GetProperty("signature").GetString(), Hex.Encode(PersonalMessage.Sign(key, message)));
                Assert.Equal(expected, PersonalMessage.RecoverSigner(message, Hex.Decode(c.GetProperty("signature").GetString()!)));
            }

            count++;
        }

        Assert.Equal(6, count);
    }

    private static JsonDocument Load(params string[] path) => JsonDocument.Parse(TestVectors.ReadText(["ethereum", .. path]));
}
