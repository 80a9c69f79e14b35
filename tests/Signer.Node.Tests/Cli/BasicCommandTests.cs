namespace DltSigner.Node.Tests.Cli;

public sealed class BasicCommandTests
{
    [Fact]
    public async Task Version_prints_the_name_and_version()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("version");
        Assert.Equal(0, code);
        Assert.StartsWith("dltsigner ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_passes_every_check()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("demo", "--message", "test");
        Assert.Equal(0, code);
        Assert.Contains("demo: all checks passed", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_prints_a_row_per_operation()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("bench", "--iterations", "7", "--primitives-only");
        Assert.Equal(0, code);
        Assert.Contains("ecdsa: sign RFC 6979 (DltSigner)", stdout, StringComparison.Ordinal);
        Assert.Contains("bip340: verify", stdout, StringComparison.Ordinal);
        Assert.Contains("bench: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_includes_threshold_key_generation_and_signing()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("bench", "--iterations", "7");
        Assert.Equal(0, code);
        Assert.Contains("dkls23: DKG 2-of-3, all 3 parties, wall", stdout, StringComparison.Ordinal);
        Assert.Contains("dkls23: sign 2-of-3, both signers, wall", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_rejects_too_few_iterations_with_a_clear_error()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("bench", "--iterations", "1");
        Assert.Equal(2, code);
        Assert.Contains("--iterations must be at least 7", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_fails()
    {
        var (code, _, _) = await CliRunner.RunAsync("no-such-command");
        Assert.NotEqual(0, code);
    }
}
