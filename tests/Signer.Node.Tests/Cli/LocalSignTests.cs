using System.Text.Json;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;
using static DltSigner.Node.Tests.Store.StoreTestSupport;

namespace DltSigner.Node.Tests.Cli;

public sealed class LocalSignTests(LocalKeyFixture key) : IClassFixture<LocalKeyFixture>
{
    private static readonly string Digest = Convert.ToHexStringLower(Hashes.Sha256("local sign test"u8));

    [Fact]
    public void Keygen_writes_three_encrypted_share_files_and_a_public_manifest()
    {
        Assert.Equal(2, key.Summary.GetProperty("threshold").GetInt32());
        Assert.Equal(3, key.Summary.GetProperty("parties").GetInt32());
        Assert.True(key.Summary.GetProperty("encrypted").GetBoolean());
        Assert.Equal(["manifest.json", "party-1.share", "party-2.share", "party-3.share"], Directory.EnumerateFiles(key.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var manifest = File.ReadAllText(Path.Combine(key.Directory, "manifest.json"));
        Assert.Contains(key.PublicKey, manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("chain", manifest, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("1,3")]
    [InlineData("2,3")]
    [InlineData("1,2,3")]
    public async Task Sign_prints_a_signature_that_verifies_under_the_printed_public_key(string signers)
    {
        var before = Snapshot(key.Directory);
        var (code, stdout, stderr) = await key.Run("local", "sign", "--shares", key.Directory, "--signers", signers, "--digest", Digest);
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(key.PublicKey, json.GetProperty("publicKey").GetString());
        AssertVerifies(json);
        AssertSame(before, Snapshot(key.Directory));
    }

    [Fact]
    public async Task Sign_with_a_path_signs_for_the_derived_key()
    {
        var (code, stdout, stderr) = await key.Run("local", "sign", "--shares", key.Directory, "--signers", "3,1", "--digest", Digest, "--path", "m/0/7");
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("m/0/7", json.GetProperty("path").GetString());
        Assert.Equal(key.PublicKey, json.GetProperty("rootPublicKey").GetString());
        Assert.NotEqual(key.PublicKey, json.GetProperty("publicKey").GetString());
        AssertVerifies(json);
    }

    [Theory]
    [InlineData("the key needs at least t = 2", "--signers", "1")]
    [InlineData("unknown signer index 4", "--signers", "1,4")]
    [InlineData("not a party index", "--signers", "1,x")]
    [InlineData("listed twice", "--signers", "1,1")]
    [InlineData("--digest must be 32 bytes", "--digest", "abcd")]
    [InlineData("not all hex", "--digest", "zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("hardened", "--path", "m/0'/1")]
    [InlineData("must start with", "--path", "0/1")]
    public async Task Bad_inputs_give_one_line_and_exit_code_2_and_leave_the_files_untouched(string expected, string option, string value)
    {
        var args = new Dictionary<string, string> { ["--signers"] = "1,3", ["--digest"] = Digest };
        args[option] = value;
        var before = Snapshot(key.Directory);
        var (code, stdout, stderr) = await key.Run([.. new[] { "local", "sign", "--shares", key.Directory }.Concat(args.SelectMany(a => new[] { a.Key, a.Value }))]);
        AssertUserError(code, stdout, stderr, expected);
        AssertSame(before, Snapshot(key.Directory));
    }

    [Fact]
    public async Task Wrong_passphrase_is_a_one_line_authentication_error()
    {
        var env = "DLTSIGNER_TEST_WRONG_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(env, "not the passphrase");
        var (code, stdout, stderr) = await CliRunner.RunAsync("local", "sign", "--shares", key.Directory, "--signers", "1,2", "--digest", Digest, "--passphrase-env", env);
        AssertUserError(code, stdout, stderr, "authentication failed (wrong passphrase or corrupted file)");
    }

    [Fact]
    public async Task Missing_passphrase_variable_is_named()
    {
        var env = "DLTSIGNER_TEST_MISSING_" + Guid.NewGuid().ToString("N");
        var (code, stdout, stderr) = await CliRunner.RunAsync("local", "sign", "--shares", key.Directory, "--signers", "1,2", "--digest", Digest, "--passphrase-env", env);
        AssertUserError(code, stdout, stderr, env);
        Assert.Contains("--insecure-plaintext", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_share_file_of_another_epoch_in_the_directory_is_refused()
    {
        var dir = key.CopyKey();
        var path = Path.Combine(dir, "party-2.share");
        using (var pass = new DltSigner.Node.Store.Passphrase("fixture passphrase"))
        {
            using var share = DltSigner.Node.Store.ShareFile.Load(path, () => pass, false);
            using var older = WithEpoch(share, share.Epoch + 1);
            DltSigner.Node.Store.ShareFile.Write(path, older, pass, Fast());
        }

        var before = Snapshot(dir);
        var (code, stdout, stderr) = await key.Run("local", "sign", "--shares", dir, "--signers", "1,3", "--digest", Digest);
        AssertUserError(code, stdout, stderr, "mixes key epochs");
        Assert.Contains("party-2.share: epoch 1", stderr, StringComparison.Ordinal);
        AssertSame(before, Snapshot(dir));
    }

    [Fact]
    public async Task A_share_file_of_another_key_is_refused()
    {
        var dir = key.CopyKey();
        var other = Path.Combine(TempDir(), "other");
        Assert.Equal(0, (await key.Run("local", "keygen", "-t", "2", "-n", "3", "--out", other)).ExitCode);
        File.Copy(Path.Combine(other, "party-3.share"), Path.Combine(dir, "party-3.share"), overwrite: true);
        var (code, stdout, stderr) = await key.Run("local", "sign", "--shares", dir, "--signers", "1,2", "--digest", Digest);
        AssertUserError(code, stdout, stderr, "belongs to another key");
    }

    internal static void AssertVerifies(JsonElement json)
    {
        var pub = PublicKey.Decode(Convert.FromHexString(json.GetProperty("publicKey").GetString()!));
        var digest = Convert.FromHexString(json.GetProperty("digest").GetString()!);
        var sig = EcdsaSignature.FromCompact(Convert.FromHexString(json.GetProperty("compact").GetString()!));
        Assert.True(Ecdsa.Verify(pub, digest, sig));
        Assert.Equal(sig, EcdsaSignature.ParseDer(Convert.FromHexString(json.GetProperty("der").GetString()!)));
        Assert.Equal("0x" + Convert.ToHexStringLower(sig.R.ToBytes()), json.GetProperty("r").GetString());
        Assert.Equal("0x" + Convert.ToHexStringLower(sig.S.ToBytes()), json.GetProperty("s").GetString());
        var recoveryId = json.GetProperty("recoveryId").GetInt32();
        Assert.Equal(pub, Ecdsa.RecoverPublicKey(digest, sig, recoveryId));
        // Ethereum's 65-byte form: r || s || v, v = 27 + y-parity.
        var rsv = json.GetProperty("rsv").GetString()!;
        Assert.Equal("0x" + json.GetProperty("compact").GetString() + Convert.ToHexStringLower([(byte)(27 + recoveryId)]), rsv);
        Assert.Equal(27 + recoveryId, json.GetProperty("v").GetInt32());
        Assert.Equal(recoveryId, json.GetProperty("yParity").GetInt32());
        Assert.Equal(pub, Ecdsa.RecoverPublicKey(digest, DltSigner.Adapters.Ethereum.Eip191.PersonalMessage.FromRsv(Convert.FromHexString(rsv[2..]))));
        var verified = json.GetProperty("verified");
        Assert.True(verified.GetProperty("dltsigner").GetBoolean() && verified.GetProperty("openssl").GetBoolean());
    }

    internal static void AssertUserError(int code, string stdout, string stderr, string expected)
    {
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("dltsigner: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    /// <summary>The same share re-encoded at another epoch (what a stale file from another generation looks like).</summary>
    private static KeyShare WithEpoch(KeyShare share, uint epoch)
    {
        var encoded = share.Encode();
        try
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(encoded.AsSpan(1 + 32), epoch);
            Hashes.WriteTaggedHash("DltSigner/key-share/integrity/v1", encoded.AsSpan(0, encoded.Length - 32), encoded.AsSpan(encoded.Length - 32));
            return KeyShare.Decode(encoded);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(encoded);
        }
    }
}
