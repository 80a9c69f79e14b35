using System.Text.Json;
using System.Text.Json.Nodes;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core.Keys;
using static DltSigner.Node.Tests.Cli.LocalSignTests;

namespace DltSigner.Node.Tests.Cli;

/// <summary>`local sign-eth-tx`: 2-of-3 signing of each transaction type, checked with `eth decode-tx`; bad requests sign nothing.</summary>
public sealed class LocalSignEthTxTests(LocalKeyFixture key) : IClassFixture<LocalKeyFixture>
{
    private const string To = "0x3535353535353535353535353535353535353535";

    private Address KeyAddress => Address.FromPublicKey(PublicKey.Decode(Convert.FromHexString(key.PublicKey)));

    private static JsonObject Eip1559() => new()
    {
        ["chainId"] = "0x7a69", ["nonce"] = "0x5", ["to"] = To, ["value"] = "0xde0b6b3a7640000", ["gas"] = "0x5208",
        ["maxFeePerGas"] = "0x12a05f200", ["maxPriorityFeePerGas"] = "0x3b9aca00",
    };

    private Task<(int ExitCode, string Stdout, string Stderr)> Sign(JsonObject tx, params string[] extra) => Sign(tx.ToJsonString(), extra);

    private Task<(int ExitCode, string Stdout, string Stderr)> Sign(string tx, params string[] extra) =>
        key.Run([.. new[] { "local", "sign-eth-tx", "--shares", key.Directory, "--signers", "2,3", "--tx", tx }, .. extra]);

    /// <summary>Signs, then decodes the raw output with `eth decode-tx`; returns both JSON results.</summary>
    private async Task<(JsonElement Signed, JsonElement Decoded)> SignAndDecode(JsonObject tx, params string[] extra)
    {
        var (code, stdout, stderr) = await Sign(tx, extra);
        Assert.True(code == 0, stderr);
        var signed = JsonDocument.Parse(stdout).RootElement.Clone();
        var decode = await CliRunner.RunAsync("eth", "decode-tx", signed.GetProperty("raw").GetString()!);
        Assert.True(decode.ExitCode == 0, decode.Stderr);
        var decoded = JsonDocument.Parse(decode.Stdout).RootElement.Clone();
        Assert.Equal(signed.GetProperty("from").GetString(), decoded.GetProperty("from").GetString());
        Assert.Equal(signed.GetProperty("hash").GetString(), decoded.GetProperty("hash").GetString());
        var raw = TxCodec.Decode(Hex.Decode(signed.GetProperty("raw").GetString()!));
        Assert.Null(TxValidator.Validate(raw, new TxRules(raw.SignedChainId!.Value)));
        return (signed, decoded);
    }

    [Fact]
    public async Task Eip1559_transaction_decodes_to_the_keys_address()
    {
        var tx = Eip1559();
        tx["from"] = KeyAddress.ToString().ToLowerInvariant();
        tx["data"] = "0xa9059cbb";
        tx["input"] = "0xa9059cbb";
        tx["gas"] = "0xc350";

        var (signed, decoded) = await SignAndDecode(tx);

        Assert.Equal(KeyAddress.ToString(), signed.GetProperty("from").GetString());
        Assert.Equal("0x2", signed.GetProperty("type").GetString());
        Assert.Equal("0x7a69", signed.GetProperty("chainId").GetString());
        Assert.Equal("0x5", signed.GetProperty("nonce").GetString());
        Assert.Equal([2, 3], signed.GetProperty("signers").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("0x2", decoded.GetProperty("type").GetString());
        Assert.Equal("0x7a69", decoded.GetProperty("chainId").GetString());
        Assert.Equal("0xde0b6b3a7640000", decoded.GetProperty("value").GetString());
        Assert.Equal("0x12a05f200", decoded.GetProperty("maxFeePerGas").GetString());
        Assert.Equal("0xa9059cbb", decoded.GetProperty("input").GetString());
        Assert.Equal(To, decoded.GetProperty("to").GetString());
    }

    [Fact]
    public async Task Legacy_type_is_inferred_from_gas_price_and_signs_per_eip155()
    {
        var tx = new JsonObject { ["chainId"] = "0x1", ["nonce"] = "0x0", ["to"] = To, ["gas"] = "0x5208", ["gasPrice"] = "0x4a817c800" };

        var (signed, decoded) = await SignAndDecode(tx);

        Assert.Equal("0x0", signed.GetProperty("type").GetString());
        Assert.Equal("0x0", decoded.GetProperty("type").GetString());
        Assert.Contains(decoded.GetProperty("v").GetString(), new[] { "0x25", "0x26" });
        Assert.Equal(KeyAddress.ToString(), decoded.GetProperty("from").GetString());
    }

    [Fact]
    public async Task Eip2930_type_is_inferred_from_an_access_list_and_creation_uses_to_null()
    {
        var tx = new JsonObject
        {
            ["chainId"] = "0x5", ["nonce"] = "0x1", ["to"] = null, ["gas"] = "0x30d40", ["gasPrice"] = "0x3b9aca00", ["data"] = "0x6001600055",
            ["accessList"] = new JsonArray(new JsonObject { ["address"] = To, ["storageKeys"] = new JsonArray("0x" + new string('0', 63) + "1") }),
        };

        var (signed, decoded) = await SignAndDecode(tx);

        Assert.Equal("0x1", signed.GetProperty("type").GetString());
        Assert.Equal("0x1", decoded.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, decoded.GetProperty("to").ValueKind);
        Assert.Equal(To, decoded.GetProperty("accessList")[0].GetProperty("address").GetString());
        Assert.Equal(KeyAddress.ToString(), decoded.GetProperty("from").GetString());
    }

    [Fact]
    public async Task A_path_signs_from_the_derived_keys_address()
    {
        var tx = Eip1559();
        tx["type"] = "0x2";
        var (signed, _) = await SignAndDecode(tx, "--path", "m/0/7");
        Assert.Equal("m/0/7", signed.GetProperty("path").GetString());
        Assert.NotEqual(KeyAddress.ToString(), signed.GetProperty("from").GetString());

        var sign = await key.Run("local", "sign", "--shares", key.Directory, "--signers", "1,2", "--digest", new string('1', 64), "--path", "m/0/7");
        var derived = PublicKey.Decode(Convert.FromHexString(JsonDocument.Parse(sign.Stdout).RootElement.GetProperty("publicKey").GetString()!));
        Assert.Equal(Address.FromPublicKey(derived).ToString(), signed.GetProperty("from").GetString());
    }

    public static TheoryData<string, string> BadFields() => new()
    {
        { """{"chainId":"0x1",""", "--tx: not valid JSON" },
        { "[1,2]", "--tx: the transaction must be a JSON object, not an array" },
        { """{"gasLimit":"0x5208"}""", "unknown field 'gasLimit'" },
        { """{"nonce":5}""", "--tx: nonce must be a hex quantity string such as \"0x1\", not a number" },
        { """{"nonce":"0x05"}""", "nonce: '0x05' is not a hex quantity" },
        { """{"nonce":"5"}""", "nonce: '5' is not a hex quantity" },
        { """{"chainId":null}""", "missing field 'chainId'" },
        { """{"chainId":"0x0"}""", "chainId must be at least 0x1" },
        { """{"maxFeePerGas":"0x174876e801"}""", "maxFeePerGas 100000000001 wei is above the cap 100000000000 wei (--max-fee-per-gas); nothing signed" },
        { """{"gas":"0x989681"}""", "gas 10000001 is above the cap 10000000 (--max-gas)" },
        { """{"gas":"0x5207"}""", "fails the 'intrinsic gas too low' rule (gas 20999, needs at least 21000)" },
        { """{"data":"0xabc"}""", "--tx: data: odd number of hex digits" },
        { """{"data":"abcd"}""", "--tx: data: hex must start with 0x" },
        { """{"data":"0x00","input":"0x01"}""", "both data and input given, and they differ" },
        { """{"gasPrice":"0x1"}""", "both gasPrice and maxFeePerGas/maxPriorityFeePerGas given" },
        { """{"type":"0x3"}""", "unsupported type 0x3" },
        { """{"type":"0x0"}""", "maxFeePerGas/maxPriorityFeePerGas given for a type without them" },
        { """{"maxPriorityFeePerGas":"0x12a05f201"}""", "fails the 'priority fee above fee cap (EIP-1559)' rule" },
        { """{"to":"0x3535353535353535353535353535353535353535a"}""", "to: address: not 0x followed by 40 hex digits" },
        { """{"to":"0xAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAaa"}""", "to: address: EIP-55 checksum mismatch" },
        { """{"from":"0x0000000000000000000000000000000000000001"}""", "from 0x0000000000000000000000000000000000000001 is not this key's address" },
        { """{"accessList":[{"address":"0x3535353535353535353535353535353535353535","storageKeys":["0x01"]}]}""", "accessList storage key is not 32 bytes" },
        { """{"accessList":{}}""", "accessList must be an array, not an object" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Bad_transactions_are_one_line_errors_with_exit_code_2(string patch, string expected)
    {
        // The patch's fields replace the good transaction's; a patch that is not an object is the whole input.
        string tx;
        try
        {
            var obj = Eip1559();
            foreach (var (name, value) in JsonNode.Parse(patch)!.AsObject())
            {
                obj[name] = value?.DeepClone();
            }

            tx = obj.ToJsonString();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            tx = patch;
        }

        var (code, stdout, stderr) = await Sign(tx, "--max-fee-per-gas", "100gwei");
        AssertUserError(code, stdout, stderr, expected);
    }

    [Theory]
    [InlineData("""{"chainId":"0x1","nonce":"0x0","gas":"0x5208","gasPrice":"0x1"}""", "missing field 'to' (use \"to\": null to create a contract)")]
    [InlineData("""{"chainId":"0x1","nonce":"0x0","to":null,"gas":"0x5208","gasPrice":"0x1","gasPrice":"0x2"}""", "field 'gasPrice' given twice")]
    [InlineData("""{"chainId":"0x1","nonce":"0x0","to":null,"gas":"0x5208"}""", "missing field 'gasPrice' (type 0x0)")]
    [InlineData("""{"chainId":"0x1","nonce":"0x0","to":null,"gas":"0x5208","maxFeePerGas":"0x2"}""", "missing field 'maxPriorityFeePerGas' (type 0x2)")]
    public async Task Missing_and_repeated_fields_are_named(string tx, string expected)
    {
        var (code, stdout, stderr) = await Sign(tx);
        AssertUserError(code, stdout, stderr, expected);
    }

    [Theory]
    [InlineData("--max-fee-per-gas", "1.5wei", "--max-fee-per-gas: '1.5wei' is not an amount")]
    [InlineData("--max-fee-per-gas", "0.0000000001gwei", "at most 9 decimals")]
    [InlineData("--max-value", "1ETH2", "--max-value: '1ETH2' is not an amount")]
    [InlineData("--allowed-chain-ids", "1,x", "--allowed-chain-ids: 'x' is not a chain id")]
    [InlineData("--max-gas", "21000gwei", "--max-gas: '21000gwei' is not a whole number")]
    [InlineData("--path", "m/0'/1", "hardened")]
    public async Task Bad_options_are_one_line_errors(string option, string value, string expected)
    {
        var (code, stdout, stderr) = await Sign(Eip1559(), option, value);
        AssertUserError(code, stdout, stderr, expected);
    }

    [Fact]
    public async Task The_chain_id_allowlist_refuses_other_chains_and_its_absence_is_warned()
    {
        var (code, stdout, stderr) = await Sign(Eip1559(), "--allowed-chain-ids", "1,5");
        AssertUserError(code, stdout, stderr, "--tx: chain id 31337 is not in the allowlist (1,5); nothing signed");

        (code, _, stderr) = await Sign(Eip1559(), "--allowed-chain-ids", "1,31337");
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("warning", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await Sign(Eip1559());
        Assert.True(code == 0, stderr);
        Assert.Contains("dltsigner: warning: no chain-id allowlist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_value_cap_takes_cast_units_and_refuses_a_larger_value()
    {
        // Eip1559() sends 1 ether.
        var (code, stdout, stderr) = await Sign(Eip1559(), "--max-value", "0.5ether");
        AssertUserError(code, stdout, stderr, "--tx: value 1000000000000000000 wei is above the cap 500000000000000000 wei (--max-value); nothing signed");

        (code, _, stderr) = await Sign(Eip1559(), "--max-value", "1ether", "--max-fee-per-gas", "5.5gwei");
        Assert.True(code == 0, stderr);

        (code, stdout, stderr) = await Sign(Eip1559(), "--max-fee-per-gas", "4.5gwei");
        AssertUserError(code, stdout, stderr, "maxFeePerGas 5000000000 wei is above the cap 4500000000 wei");
    }

    [Fact]
    public async Task The_transaction_can_come_from_standard_input()
    {
        var (code, stdout, stderr) = await key.RunWithInput(Eip1559().ToJsonString(), "local", "sign-eth-tx", "--shares", key.Directory, "--signers", "1,2", "--tx", "-");
        Assert.True(code == 0, stderr);
        Assert.Equal("0x2", JsonDocument.Parse(stdout).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_decoded_transaction_can_be_signed_again()
    {
        var (signed, _) = await SignAndDecode(Eip1559());
        var decode = await CliRunner.RunAsync("eth", "decode-tx", signed.GetProperty("raw").GetString()!);

        var (code, stdout, stderr) = await key.RunWithInput(decode.Stdout, "local", "sign-eth-tx", "--shares", key.Directory, "--signers", "1,3", "--tx", "-");

        Assert.True(code == 0, stderr);
        var again = JsonDocument.Parse(stdout).RootElement;
        // Same transaction, fresh nonces in the threshold signing: another signature, same signing hash.
        var first = TxCodec.Decode(Hex.Decode(signed.GetProperty("raw").GetString()!));
        var second = TxCodec.Decode(Hex.Decode(again.GetProperty("raw").GetString()!));
        Assert.Equal(TxCodec.SigningHash(first), TxCodec.SigningHash(second));
        Assert.Equal(signed.GetProperty("from").GetString(), again.GetProperty("from").GetString());
    }
}
