using System.Diagnostics;
using System.Text.Json;
using DltSigner.Node.Store;
using static DltSigner.Node.Tests.Cli.LocalSignTests;
using static DltSigner.Node.Tests.Store.StoreTestSupport;

namespace DltSigner.Node.Tests.Cli;

/// <summary>Checks before work starts, confirmations, weak settings and files that are not what they claim.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalSafetyTests(LocalKeyFixture key) : IClassFixture<LocalKeyFixture>
{
    private static readonly string Digest = new('5', 64);

    private string KeyId => key.Summary.GetProperty("keyId").GetString()!;

    [Fact]
    public async Task Force_over_an_existing_key_names_the_key_and_needs_its_id_to_confirm()
    {
        var dir = key.CopyKey();
        var before = Snapshot(dir);
        var (code, stdout, stderr) = await key.Run("local", "keygen", "-t", "2", "-n", "3", "--out", dir, "--force");
        AssertUserError(code, stdout, stderr, $"--force would destroy key {KeyId} (2-of-3, epoch 0) in {dir}: add --destroy-key {KeyId} to confirm");

        (code, stdout, stderr) = await key.Run("local", "keygen", "-t", "2", "-n", "3", "--out", dir, "--force", "--destroy-key", "not-the-id");
        AssertUserError(code, stdout, stderr, "add --destroy-key");
        Assert.DoesNotContain("running the DKG", stderr, StringComparison.Ordinal);
        AssertSame(before, Snapshot(dir));

        (code, stdout, stderr) = await key.Run("local", "keygen", "-t", "2", "-n", "3", "--out", dir);
        AssertUserError(code, stdout, stderr, $"already holds key {KeyId}");
    }

    [Fact]
    public async Task Keygen_checks_the_output_directory_before_the_DKG()
    {
        var root = TempDir();
        var file = Path.Combine(root, "a-file");
        await File.WriteAllTextAsync(file, "x");

        var (code, stdout, stderr) = await key.Run("local", "keygen", "-t", "2", "-n", "3", "--out", file);
        AssertUserError(code, stdout, stderr, $"--out {file} is a file, not a directory");

        (code, stdout, stderr) = await key.Run("local", "keygen", "-t", "2", "-n", "3", "--out", Path.Combine(file, "key"));
        AssertUserError(code, stdout, stderr, $"{file} is a file, not a directory");
        Assert.Equal(["a-file"], Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Threshold_one_needs_an_explicit_flag_and_is_warned_about()
    {
        var dir = Path.Combine(TempDir(), "k");
        var (code, stdout, stderr) = await key.Run("local", "keygen", "-t", "1", "-n", "2", "--out", dir);
        AssertUserError(code, stdout, stderr, "--threshold 1: any single share would sign alone (no threshold protection); add --allow-threshold-1");
        Assert.False(Directory.Exists(dir));

        (code, _, stderr) = await key.Run("local", "keygen", "-t", "1", "-n", "2", "--out", dir, "--allow-threshold-1");
        Assert.True(code == 0, stderr);
        Assert.Contains("dltsigner: warning: threshold 1: any single share signs alone", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_low_kdf_count_and_a_short_passphrase_are_warned_about_and_share_files_are_0600()
    {
        var env = "DLTSIGNER_TEST_SHORT_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(env, "short");
        var dir = Path.Combine(TempDir(), "k");
        var (code, _, stderr) = await CliRunner.RunAsync("local", "keygen", "-t", "2", "-n", "2", "--out", dir, "--passphrase-env", env, "--kdf-iterations", "1000");
        Assert.True(code == 0, stderr);
        Assert.Contains("dltsigner: warning: --kdf-iterations 1000 is below 600000", stderr, StringComparison.Ordinal);
        Assert.Contains("dltsigner: warning: the passphrase is shorter than 12 bytes", stderr, StringComparison.Ordinal);
        foreach (var f in new[] { "party-1.share", "party-2.share" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, f)));
        }
    }

    [Fact]
    public async Task A_group_or_world_readable_share_file_is_reported()
    {
        var dir = key.CopyKey();
        File.SetUnixFileMode(Path.Combine(dir, "party-3.share"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var (code, _, stderr) = await key.Run("local", "sign", "--shares", dir, "--signers", "1,2", "--digest", Digest);
        Assert.True(code == 0, stderr);
        Assert.Contains("dltsigner: warning: party-3.share can be read or written by other users (share files are written 0600): chmod 600 them", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("party-2.share", "fifo", "is a FIFO, not a regular file: refused, not read")]
    [InlineData("manifest.json", "fifo", "is a FIFO, not a regular file")]
    [InlineData("party-2.share", "/dev/zero", "is a character device, not a regular file")]
    public async Task A_key_file_that_is_not_a_regular_file_is_refused_never_read(string name, string kind, string expected)
    {
        var dir = key.CopyKey();
        var path = Path.Combine(dir, name);
        File.Delete(path);
        if (kind == "fifo")
        {
            using var mkfifo = Process.Start("mkfifo", [path]);
            Assert.True(mkfifo.WaitForExit(30_000) && mkfifo.ExitCode == 0);
        }
        else
        {
            File.CreateSymbolicLink(path, kind);
        }

        // A reader that opened the FIFO would block forever: bounded wait.
        var run = key.Run("local", "sign", "--shares", dir, "--signers", "1,3", "--digest", Digest);
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(120))));
        var (code, stdout, stderr) = await run;
        AssertUserError(code, stdout, stderr, expected);
    }

    [Fact]
    public async Task A_file_as_the_share_directory_is_a_one_line_error()
    {
        var file = Path.Combine(key.Directory, "manifest.json");
        var (code, stdout, stderr) = await key.Run("local", "sign", "--shares", file, "--signers", "1,3", "--digest", Digest);
        AssertUserError(code, stdout, stderr, $"{file} is a file, not a key directory");
        _ = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.True(File.Exists(file));
        _ = ShareDirectory.Inspect(key.Directory);
    }
}
