using System.Text.Json;
using DltSigner.Node.Store;
using static DltSigner.Node.Tests.Cli.LocalSignTests;
using static DltSigner.Node.Tests.Store.StoreTestSupport;

namespace DltSigner.Node.Tests.Cli;

public sealed class LocalKeygenTests(LocalKeyFixture key) : IClassFixture<LocalKeyFixture>
{
    [Fact]
    public async Task Keygen_refuses_to_overwrite_existing_shares_without_force()
    {
        var dir = key.CopyKey();
        var before = Snapshot(dir);
        var (code, stdout, stderr) = await key.Run("local", "keygen", "-t", "2", "-n", "3", "--out", dir);
        AssertUserError(code, stdout, stderr, "--force");
        AssertSame(before, Snapshot(dir));
    }

    [Fact]
    public async Task Keygen_with_force_replaces_the_key_and_removes_parties_beyond_n()
    {
        var dir = key.CopyKey();
        var keyId = key.Summary.GetProperty("keyId").GetString()!;
        var (code, stdout, stderr) = await key.Run("local", "keygen", "-t", "2", "-n", "2", "--out", dir, "--force", "--destroy-key", keyId);
        Assert.True(code == 0, stderr);
        Assert.Contains($"dltsigner: warning: destroying key {keyId} (2-of-3, epoch 0) in {dir}", stderr, StringComparison.Ordinal);
        Assert.NotEqual(key.PublicKey, JsonDocument.Parse(stdout).RootElement.GetProperty("publicKey").GetString());
        Assert.False(File.Exists(Path.Combine(dir, "party-3.share")));
        Assert.Equal(2, ShareDirectory.Inspect(dir).Headers.Count);
    }

    [Theory]
    [InlineData("--threshold must be in 1..3", "4", "3")]
    [InlineData("--threshold must be in 1..3", "0", "3")]
    [InlineData("--parties must be in 1..255", "1", "0")]
    public async Task Keygen_rejects_bad_parameters_before_running_the_DKG(string expected, string t, string n)
    {
        var dir = Path.Combine(TempDir(), "k");
        var (code, stdout, stderr) = await key.Run("local", "keygen", "-t", t, "-n", n, "--out", dir);
        AssertUserError(code, stdout, stderr, expected);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task Keygen_without_the_passphrase_variable_fails_before_the_DKG()
    {
        var dir = Path.Combine(TempDir(), "k");
        var env = "DLTSIGNER_TEST_MISSING_" + Guid.NewGuid().ToString("N");
        var (code, stdout, stderr) = await CliRunner.RunAsync("local", "keygen", "-t", "2", "-n", "2", "--out", dir, "--passphrase-env", env);
        AssertUserError(code, stdout, stderr, env);
        Assert.DoesNotContain("running the DKG", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plaintext_shares_are_marked_and_need_the_flag_again_to_be_used()
    {
        var dir = Path.Combine(TempDir(), "plain");
        var (code, stdout, stderr) = await CliRunner.RunAsync("local", "keygen", "-t", "2", "-n", "2", "--out", dir, "--insecure-plaintext");
        Assert.True(code == 0, stderr);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.False(summary.GetProperty("encrypted").GetBoolean());
        Assert.Equal(ShareProtection.Plaintext, ShareFile.ReadHeader(Path.Combine(dir, "party-1.share")).Protection);
        var digest = new string('a', 64);

        (code, stdout, stderr) = await CliRunner.RunAsync("local", "sign", "--shares", dir, "--signers", "1,2", "--digest", digest);
        AssertUserError(code, stdout, stderr, "plaintext");

        (code, stdout, stderr) = await CliRunner.RunAsync("local", "sign", "--shares", dir, "--signers", "1,2", "--digest", digest, "--insecure-plaintext");
        Assert.True(code == 0, stderr);
        Assert.Contains("warning: party-1.share is stored UNENCRYPTED", stderr, StringComparison.Ordinal);
        AssertVerifies(JsonDocument.Parse(stdout).RootElement);
    }
}
