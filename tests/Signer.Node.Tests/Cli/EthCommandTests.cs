using System.Numerics;
using System.Text.Json;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core.Keys;
using DltSigner.Node.Cli;
using DltSigner.Tests.Shared;

namespace DltSigner.Node.Tests.Cli;

public sealed class EthCommandTests
{
    private static readonly JsonElement Eip155 =
        JsonDocument.Parse(TestVectors.ReadText("ethereum", "eip-examples", "eip155-example.json")).RootElement.Clone();

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Decode_tx_prints_the_eip155_example_with_sender_and_hash()
    {
        var raw = Eip155.GetProperty("signed_tx").GetString()!;

        var (exit, stdout, stderr) = await RunAsync("eth", "decode-tx", raw);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        Assert.Equal("0x0", r.GetProperty("type").GetString());
        Assert.Equal("legacy", r.GetProperty("typeName").GetString());
        Assert.Equal("0x1", r.GetProperty("chainId").GetString());
        Assert.Equal("0x9", r.GetProperty("nonce").GetString());
        Assert.Equal("0x3535353535353535353535353535353535353535", r.GetProperty("to").GetString());
        Assert.Equal("0xde0b6b3a7640000", r.GetProperty("value").GetString());
        Assert.Equal("0x5208", r.GetProperty("gas").GetString());
        Assert.Equal("0x4a817c800", r.GetProperty("gasPrice").GetString());
        Assert.Equal("0x", r.GetProperty("input").GetString());
        Assert.Equal("0x25", r.GetProperty("v").GetString());
        Assert.Equal(Eip155.GetProperty("r").GetString(), r.GetProperty("r").GetString());
        Assert.Equal(Eip155.GetProperty("signing_hash").GetString(), r.GetProperty("signingHash").GetString());
        Assert.Equal(Address.Parse(Eip155.GetProperty("sender_address").GetString()!).ToString(), r.GetProperty("from").GetString());
        Assert.Equal(Hex.Encode(DltSigner.Core.Hashing.Hashes.Keccak256(Hex.Decode(raw))), r.GetProperty("hash").GetString());
    }

    [Fact]
    public async Task Decode_tx_prints_an_eip1559_transaction()
    {
        using var key = PrivateKey.Import(Hex.Decode("0x4646464646464646464646464646464646464646464646464646464646464646"));
        var tx = TxSigner.Sign(new Eip1559Transaction
        {
            ChainId = 31337, Nonce = 7, MaxPriorityFeePerGas = 2_000_000_000, MaxFeePerGas = BigInteger.Parse("100000000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture),
            GasLimit = 60000, To = null, Value = 0, Data = [0x60, 0x01],
        }, key);

        var (exit, stdout, _) = await RunAsync("eth", "decode-tx", Hex.Encode(TxCodec.Encode(tx))[2..]);

        Assert.Equal(0, exit);
        var r = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("eip1559", r.GetProperty("typeName").GetString());
        Assert.Equal("0x2", r.GetProperty("type").GetString());
        Assert.Equal("0x7a69", r.GetProperty("chainId").GetString());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("to").ValueKind);
        Assert.Equal("0x1431e0fae6d7217caa0000000", r.GetProperty("maxFeePerGas").GetString());
        Assert.Equal("0x77359400", r.GetProperty("maxPriorityFeePerGas").GetString());
        Assert.Equal("0x6001", r.GetProperty("input").GetString());
        Assert.Equal(Address.FromPublicKey(key.PublicKey).ToString(), r.GetProperty("from").GetString());
        Assert.Equal(Hex.Encode(TxCodec.Hash(tx)), r.GetProperty("hash").GetString());
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("0x02c0")]
    [InlineData("0x05")]
    public async Task Decode_tx_rejects_bad_input_with_a_one_line_error(string raw)
    {
        var (exit, stdout, stderr) = await RunAsync("eth", "decode-tx", raw);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("dltsigner: decode-tx: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Address_prints_the_eip55_address_for_compressed_and_uncompressed_keys()
    {
        using var key = PrivateKey.Import(Hex.Decode("0x4646464646464646464646464646464646464646464646464646464646464646"));
        var expected = Address.Parse("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f").ToString();
        Assert.Equal("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F", expected);

        foreach (var encoded in new[] { key.PublicKey.ToCompressed(), key.PublicKey.ToUncompressed() })
        {
            var (exit, stdout, stderr) = await RunAsync("eth", "address", "--pubkey", Hex.Encode(encoded));
            Assert.True(exit == 0, stderr);
            Assert.Equal(expected, stdout.Trim());
        }

        var bad = await RunAsync("eth", "address", "--pubkey", "0x02" + new string('f', 64));
        Assert.Equal(2, bad.Exit);
        Assert.Contains("not a valid SEC1", bad.Err, StringComparison.Ordinal);
    }
}
