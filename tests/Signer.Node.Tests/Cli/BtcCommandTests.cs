using System.Text.Json;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core.Keys;

namespace DltSigner.Node.Tests.Cli;

public sealed class BtcCommandTests
{
    // The generator G: BIP173's P2WPKH example, and BIP86's first receive key for p2tr.
    private const string G = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    private const string Bip86Key = "02cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115";

    [Theory]
    [InlineData(G, "main", "p2wpkh", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")]
    [InlineData(G, "test", "p2wpkh", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")]
    [InlineData(G, "main", "p2pkh", "1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH")]
    [InlineData(Bip86Key, "main", "p2tr", "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr")]
    public async Task Address_prints_the_known_address(string pubkey, string network, string type, string expected)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("btc", "address", "--pubkey", pubkey, "--network", network, "--type", type);
        Assert.True(code == 0, stderr);
        Assert.Equal(expected, stdout.Trim());
    }

    [Fact]
    public async Task Address_defaults_to_p2wpkh_and_regtest_uses_bcrt()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("btc", "address", "--pubkey", G, "--network", "regtest");
        Assert.Equal(0, code);
        Assert.StartsWith("bcrt1q", stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_network_is_a_one_line_error_listing_the_valid_ones()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("btc", "address", "--pubkey", G, "--network", "mainnet");
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal("dltsigner: unknown network 'mainnet' (valid: main, test, testnet4, signet, regtest)", stderr.Trim());
    }

    [Theory]
    [InlineData("--type", "p2sh", "unknown address type 'p2sh'")]
    [InlineData("--pubkey", "04abcd", "dltsigner: ")]
    public async Task Bad_type_or_key_is_a_clear_error(string option, string value, string expected)
    {
        string[] args = option == "--type"
            ? ["btc", "address", "--pubkey", G, "--network", "main", "--type", value]
            : ["btc", "address", "--pubkey", value, "--network", "main"];
        var (code, _, stderr) = await CliRunner.RunAsync(args);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_tx_prints_bitcoind_shaped_json()
    {
        using var key = PrivateKey.Generate();
        var tx = new Transaction(
            2,
            [new TxIn(OutPoint.FromDisplay(new string('a', 64), 1), 0xfffffffd)],
            [new TxOut(12_345, ScriptTemplates.PayToWitnessPubKeyHash(key.PublicKey))],
            0);
        var (code, stdout, stderr) = await CliRunner.RunAsync("btc", "decode-tx", tx.ToHex());
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(tx.TxIdDisplay, json.RootElement.GetProperty("txid").GetString());
        var output = json.RootElement.GetProperty("vout")[0];
        Assert.Equal("0.00012345", output.GetProperty("value").GetRawText());
        Assert.StartsWith("bcrt1q", output.GetProperty("scriptPubKey").GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.Equal(4294967293, json.RootElement.GetProperty("vin")[0].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Decode_tx_rejects_truncated_hex_and_unknown_networks()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("btc", "decode-tx", "0200000001");
        Assert.Equal(2, code); // bad input (was 1 before the exit codes were settled)
        Assert.StartsWith("dltsigner: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await CliRunner.RunAsync("btc", "decode-tx", "00", "--network", "litecoin");
        Assert.Equal(2, code);
        Assert.Contains("unknown network 'litecoin'", stderr, StringComparison.Ordinal);
    }
}
