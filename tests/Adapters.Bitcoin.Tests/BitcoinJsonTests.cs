using System.Text.Json;
using DltSigner.Adapters.Bitcoin.Addresses;
using DltSigner.Adapters.Bitcoin.Transactions;

namespace DltSigner.Adapters.Bitcoin.Tests;

public sealed class BitcoinJsonTests
{
    [Fact]
    public void Decodes_the_bip143_p2sh_p2wpkh_transaction_like_bitcoind()
    {
        var hex = Json.Load("bip143", "bip143-examples.json").GetProperty("examples")[1].GetProperty("signed_tx").GetString()!;
        using var doc = JsonDocument.Parse(BitcoinJson.DecodeTransactionJson(hex, Network.Main));
        var root = doc.RootElement;
        var tx = Transaction.Parse(hex);
        Assert.Equal(tx.TxIdDisplay, root.GetProperty("txid").GetString());
        Assert.Equal(tx.WTxIdDisplay, root.GetProperty("hash").GetString());
        Assert.NotEqual(root.GetProperty("txid").GetString(), root.GetProperty("hash").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(hex.Length / 2, root.GetProperty("size").GetInt32());
        Assert.Equal(tx.Weight, root.GetProperty("weight").GetInt32());
        Assert.Equal((tx.Weight + 3) / 4, root.GetProperty("vsize").GetInt32());
        Assert.Equal(1170, root.GetProperty("locktime").GetInt32());

        var vin = root.GetProperty("vin")[0];
        Assert.Equal("77541aeb3c4dac9260b68f74f44c973081a9d4cb2ebe8038b2d70faa201b6bdb", vin.GetProperty("txid").GetString());
        Assert.Equal(1, vin.GetProperty("vout").GetInt32());
        Assert.Equal(2, vin.GetProperty("txinwitness").GetArrayLength());
        Assert.Equal(4294967294, vin.GetProperty("sequence").GetInt64());

        var vout = root.GetProperty("vout")[0];
        Assert.Equal("1.99996600", vout.GetProperty("value").GetRawText());
        Assert.Equal("pubkeyhash", vout.GetProperty("scriptPubKey").GetProperty("type").GetString());
        Assert.Equal("1Fyxts6r24DpEieygQiNnWxUdb18ANa5p7", vout.GetProperty("scriptPubKey").GetProperty("address").GetString());
    }

    [Theory]
    [InlineData(0L, "0.00000000")]
    [InlineData(1L, "0.00000001")]
    [InlineData(2_100_000_000_000_000L, "21000000.00000000")]
    [InlineData(-1L, "-0.00000001")]
    public void Formats_amounts_with_eight_decimals(long sats, string expected) =>
        Assert.Equal(expected, BitcoinJson.FormatAmount(sats));
}
