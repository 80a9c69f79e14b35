using System.Text.Json;
using DltSigner.Core.Hashing;
using DltSigner.Node.Store;
using static DltSigner.Node.Tests.Cli.LocalSignTests;
using static DltSigner.Node.Tests.Store.StoreTestSupport;

namespace DltSigner.Node.Tests.Cli;

public sealed class LocalRefreshTests(LocalKeyFixture key) : IClassFixture<LocalKeyFixture>
{
    private static readonly string Digest = Convert.ToHexStringLower(Hashes.Sha256("local refresh test"u8));

    [Fact]
    public async Task Refresh_renews_every_share_file_and_the_new_shares_sign_for_the_same_key()
    {
        var dir = key.CopyKey();
        var before = Snapshot(dir);
        var (code, stdout, stderr) = await key.Run("local", "refresh", "--shares", dir);
        Assert.True(code == 0, stderr);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(key.PublicKey, summary.GetProperty("publicKey").GetString());
        Assert.Equal(1u, summary.GetProperty("epoch").GetUInt32());
        var after = Snapshot(dir);
        Assert.Equal(before.Keys, after.Keys); // no staged or temp files left
        Assert.All(before, f => Assert.False(f.Value.AsSpan().SequenceEqual(after[f.Key]), f.Key + " unchanged"));
        Assert.All(ShareDirectory.Inspect(dir).Headers.Values, h => Assert.Equal(1u, h.Epoch));

        foreach (var signers in new[] { "1,3", "2,3" })
        {
            (code, stdout, stderr) = await key.Run("local", "sign", "--shares", dir, "--signers", signers, "--digest", Digest);
            Assert.True(code == 0, stderr);
            var json = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(key.PublicKey, json.GetProperty("publicKey").GetString());
            Assert.Equal(1u, json.GetProperty("epoch").GetUInt32());
            AssertVerifies(json);
        }

        // A pre-refresh file copied back among the refreshed ones: the directory is refused as a whole.
        File.WriteAllBytes(Path.Combine(dir, "party-2.share"), before["party-2.share"]);
        var mixed = Snapshot(dir);
        (code, stdout, stderr) = await key.Run("local", "sign", "--shares", dir, "--signers", "1,3", "--digest", Digest);
        AssertUserError(code, stdout, stderr, "mixes key epochs");
        Assert.Contains("party-2.share: epoch 0", stderr, StringComparison.Ordinal);
        AssertSame(mixed, Snapshot(dir));
    }

    [Fact]
    public async Task Refresh_needs_every_share_and_the_right_passphrase_and_changes_nothing_otherwise()
    {
        var dir = key.CopyKey();
        File.Delete(Path.Combine(dir, "party-2.share"));
        var before = Snapshot(dir);
        var (code, stdout, stderr) = await key.Run("local", "refresh", "--shares", dir);
        AssertUserError(code, stdout, stderr, "missing: party-2.share");
        AssertSame(before, Snapshot(dir));

        dir = key.CopyKey();
        before = Snapshot(dir);
        (code, stdout, stderr) = await CliRunner.RunAsync("local", "refresh", "--shares", dir, "--passphrase-env", key.PassphraseEnv, "--insecure-plaintext");
        AssertUserError(code, stdout, stderr, "would write the refreshed shares unencrypted");
        AssertSame(before, Snapshot(dir));

        var env = "DLTSIGNER_TEST_WRONG_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(env, "wrong");
        (code, stdout, stderr) = await CliRunner.RunAsync("local", "refresh", "--shares", dir, "--passphrase-env", env, "--kdf-iterations", "1000");
        AssertUserError(code, stdout, stderr, "authentication failed");
        AssertSame(before, Snapshot(dir));
    }

    [Fact]
    public async Task Reshare_to_a_new_committee_keeps_the_key_and_leaves_the_old_directory_alone()
    {
        var before = Snapshot(key.Directory);
        var outDir = Path.Combine(TempDir(), "new");
        var (code, stdout, stderr) = await key.Run("local", "reshare", "--shares", key.Directory, "--signers", "1,2", "--new-threshold", "3", "--new-parties", "4", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("destroy them", stderr, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(key.PublicKey, summary.GetProperty("publicKey").GetString());
        Assert.Equal((3, 4, 1u), (summary.GetProperty("threshold").GetInt32(), summary.GetProperty("parties").GetInt32(), summary.GetProperty("epoch").GetUInt32()));
        AssertSame(before, Snapshot(key.Directory));

        (code, stdout, stderr) = await key.Run("local", "sign", "--shares", outDir, "--signers", "2,3,4", "--digest", Digest, "--path", "m/1/2");
        Assert.True(code == 0, stderr);
        AssertVerifies(JsonDocument.Parse(stdout).RootElement);

        // The derived key is the same as under the old committee: the chain code was carried over.
        var (_, oldOut, _) = await key.Run("local", "sign", "--shares", key.Directory, "--signers", "1,3", "--digest", Digest, "--path", "m/1/2");
        Assert.Equal(JsonDocument.Parse(oldOut).RootElement.GetProperty("publicKey").GetString(), JsonDocument.Parse(stdout).RootElement.GetProperty("publicKey").GetString());

        (code, stdout, stderr) = await key.Run("local", "sign", "--shares", outDir, "--signers", "1,4", "--digest", Digest);
        AssertUserError(code, stdout, stderr, "at least t = 3");
    }

    [Theory]
    [InlineData("exactly t = 2 old parties", "--signers", "1,2,3")]
    [InlineData("unknown signer index 5", "--signers", "1,5")]
    [InlineData("--new-threshold must be in 1..4", "--new-threshold", "5")]
    [InlineData("--new-parties must be in 1..255", "--new-parties", "0")]
    [InlineData("--out must be a new directory", "--out", "<shares>")]
    public async Task Reshare_rejects_bad_inputs_and_changes_nothing(string expected, string option, string value)
    {
        var args = new Dictionary<string, string>
        {
            ["--signers"] = "1,2", ["--new-threshold"] = "3", ["--new-parties"] = "4", ["--out"] = Path.Combine(TempDir(), "new"),
        };
        args[option] = value == "<shares>" ? key.Directory : value;
        var before = Snapshot(key.Directory);
        var (code, stdout, stderr) = await key.Run([.. new[] { "local", "reshare", "--shares", key.Directory }.Concat(args.SelectMany(a => new[] { a.Key, a.Value }))]);
        AssertUserError(code, stdout, stderr, expected);
        AssertSame(before, Snapshot(key.Directory));
        if (value != "<shares>")
        {
            Assert.False(Directory.Exists(args["--out"]) && Directory.EnumerateFiles(args["--out"]).Any());
        }
    }
}
