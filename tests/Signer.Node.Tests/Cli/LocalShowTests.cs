using System.Text.Json;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core.Keys;
using static DltSigner.Node.Tests.Cli.LocalSignTests;

namespace DltSigner.Node.Tests.Cli;

/// <summary>`local show`: key id, public key, threshold, epoch and addresses; the root without any passphrase.</summary>
public sealed class LocalShowTests(LocalKeyFixture key) : IClassFixture<LocalKeyFixture>
{
    [Fact]
    public async Task Show_prints_the_key_and_its_root_addresses_without_the_passphrase()
    {
        var unset = "DLTSIGNER_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var (code, stdout, stderr) = await CliRunner.RunAsync("local", "show", "--shares", key.Directory, "--passphrase-env", unset);
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(key.Summary.GetProperty("keyId").GetString(), json.GetProperty("keyId").GetString());
        Assert.Equal(2, json.GetProperty("threshold").GetInt32());
        Assert.Equal(3, json.GetProperty("parties").GetInt32());
        Assert.Equal(0u, json.GetProperty("epoch").GetUInt32());
        Assert.Equal("regtest", json.GetProperty("network").GetString());
        var root = json.GetProperty("root");
        Assert.Equal(key.PublicKey, root.GetProperty("publicKey").GetString());
        Assert.Equal(Address.FromPublicKey(PublicKey.Decode(Convert.FromHexString(key.PublicKey))).ToString(), root.GetProperty("ethereum").GetString());
        var btc = await CliRunner.RunAsync("btc", "address", "--pubkey", key.PublicKey);
        Assert.Equal(btc.Stdout.Trim(), root.GetProperty("bitcoinP2wpkh").GetString());
        Assert.StartsWith("bcrt1p", root.GetProperty("bitcoinP2tr").GetString(), StringComparison.Ordinal);
        Assert.False(json.TryGetProperty("derived", out _));
        Assert.DoesNotContain("passphrase", stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Show_with_a_path_prints_the_child_that_local_sign_signs_for()
    {
        var (code, stdout, stderr) = await key.Run("local", "show", "--shares", key.Directory, "--path", "m/0/7", "--network", "main");
        Assert.True(code == 0, stderr);
        var derived = JsonDocument.Parse(stdout).RootElement.GetProperty("derived");
        Assert.Equal("m/0/7", derived.GetProperty("path").GetString());
        Assert.StartsWith("bc1q", derived.GetProperty("bitcoinP2wpkh").GetString(), StringComparison.Ordinal);

        var sign = await key.Run("local", "sign", "--shares", key.Directory, "--signers", "1,2", "--digest", new string('2', 64), "--path", "m/0/7");
        Assert.Equal(JsonDocument.Parse(sign.Stdout).RootElement.GetProperty("publicKey").GetString(), derived.GetProperty("publicKey").GetString());
    }

    [Fact]
    public async Task Show_refuses_a_bad_path_and_a_missing_directory()
    {
        var (code, stdout, stderr) = await key.Run("local", "show", "--shares", key.Directory, "--path", "m/0'");
        AssertUserError(code, stdout, stderr, "hardened");
        (code, stdout, stderr) = await key.Run("local", "show", "--shares", key.Directory + "-missing");
        AssertUserError(code, stdout, stderr, "does not exist");
    }
}
