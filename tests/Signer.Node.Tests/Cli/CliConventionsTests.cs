using System.Diagnostics;
using System.Text.Json;
using DltSigner.Node.Cli;
using static DltSigner.Node.Tests.Cli.LocalSignTests;
using static DltSigner.Node.Tests.Store.StoreTestSupport;

namespace DltSigner.Node.Tests.Cli;

/// <summary>The conventions of docs/cli.md: exit codes, parse errors, units, and the diagnostics endpoint of a real dltsigner process.</summary>
public sealed class CliConventionsTests
{
    public static TheoryData<string[], string> ParseErrors() => new()
    {
        { ["local", "keygen", "--threshold", "x", "--parties", "3", "--out", "d"], "usage: dltsigner local keygen --threshold <" },
        { ["local", "sign", "--shares", "d"], "usage: dltsigner local sign --shares <" },
        { ["local", "sign", "--bogus"], "usage: dltsigner local sign " },
        { ["local"], "usage: dltsigner local <command>" },
        { ["no-such-command"], "usage: dltsigner <command>" },
        { ["eth", "decode-tx"], "usage: dltsigner eth decode-tx <rawhex>" },
    };

    [Theory]
    [MemberData(nameof(ParseErrors))]
    public async Task Parse_errors_are_one_line_and_a_usage_line_on_stderr_with_exit_code_2(string[] args, string usage)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync(args);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("dltsigner: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(usage, lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("System.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_named_without_a_dotnet_type()
    {
        var (_, _, stderr) = await CliRunner.RunAsync("local", "keygen", "--threshold", "two", "--parties", "3", "--out", "d");
        Assert.Contains("'two'", stderr, StringComparison.Ordinal);
        Assert.Contains("as a whole number", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_is_printed_only_when_asked_for()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("local", "sign", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--signers", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task File_system_errors_are_exit_code_2_with_our_own_message()
    {
        var missing = Path.Combine(TempDir(), "nothing-here");
        var (code, stdout, stderr) = await CliRunner.RunAsync("local", "sign", "--shares", missing, "--signers", "1,2", "--digest", new string('1', 64));
        AssertUserError(code, stdout, stderr, $"share directory {missing} does not exist");
    }

    [Theory]
    [InlineData(typeof(UnauthorizedAccessException), "Access to the path '/x/y' is denied.", 2, "/x/y: permission denied")]
    [InlineData(typeof(FileNotFoundException), "Could not find file '/x/y'.", 2, "/x/y: not found")]
    [InlineData(typeof(DirectoryNotFoundException), "Could not find a part of the path '/x/y'.", 2, "/x/y: not found")]
    [InlineData(typeof(IOException), "No space left on device : '/x/y'", 2, "/x/y: input/output error")]
    [InlineData(typeof(NullReferenceException), "Object reference not set to an instance of an object.", 1, "internal error")]
    [InlineData(typeof(FormatException), "The input is not a valid Base-64 string", 1, "internal error")]
    public void Exceptions_map_to_the_one_exit_code_table_without_their_dotnet_text(Type type, string message, int exit, string expected)
    {
        var e = (Exception)Activator.CreateInstance(type, message)!;
        var (code, text) = CliErrors.Describe(e);
        Assert.Equal(exit, code);
        Assert.StartsWith(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Object reference", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_protocol_failure_is_exit_code_1()
    {
        var (code, text) = CliErrors.Describe(new DltSigner.Core.Mpc.ProtocolException(DltSigner.Core.Mpc.ProtocolErrorKind.Aborted, "commitment mismatch"));
        Assert.Equal(1, code);
        Assert.Equal("protocol failure: Aborted: commitment mismatch", text);
    }

    [Theory]
    [InlineData("21000", "21000")]
    [InlineData("21000wei", "21000")]
    [InlineData("1.5gwei", "1500000000")]
    [InlineData("0.01ether", "10000000000000000")]
    [InlineData("1ether", "1000000000000000000")]
    [InlineData("0x5208", "21000")]
    [InlineData(".5gwei", "500000000")]
    public void Ethereum_amounts_are_read_as_cast_reads_them(string text, string wei) =>
        Assert.Equal(System.Numerics.BigInteger.Parse(wei, System.Globalization.CultureInfo.InvariantCulture), Units.ParseWei(text, "--x"));

    [Theory]
    [InlineData("0.1", 10_000_000)]
    [InlineData("1", 100_000_000)]
    [InlineData("0.00000001", 1)]
    [InlineData("21000000", 2_100_000_000_000_000)]
    public void Bitcoin_amounts_are_read_as_bitcoin_cli_reads_them(string text, long sat) => Assert.Equal(sat, Units.ParseBtc(text, "--x"));

    [Theory]
    [InlineData("0.000000001")]
    [InlineData("21000000.00000001")]
    [InlineData("1.")]
    [InlineData("-1")]
    [InlineData("1btc")]
    public void Bad_bitcoin_amounts_are_refused(string text) =>
        Assert.Contains("is not a BTC amount", Assert.Throws<CliException>(() => Units.ParseBtc(text, "--x")).Message, StringComparison.Ordinal);

    [Fact]
    public void No_short_option_has_two_meanings()
    {
        var meanings = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Walk(System.CommandLine.Command c)
        {
            foreach (var o in c.Options)
            {
                foreach (var alias in o.Aliases.Where(a => !a.StartsWith("--", StringComparison.Ordinal)))
                {
                    (meanings.TryGetValue(alias, out var set) ? set : meanings[alias] = []).Add(o.Name);
                }
            }

            foreach (var sub in c.Subcommands)
            {
                Walk(sub);
            }
        }

        Walk(CliApp.Build());
        Assert.All(meanings, m => Assert.True(m.Value.Count == 1, $"{m.Key} means {string.Join(" and ", m.Value)}"));
    }

    [Fact]
    public void Network_defaults_to_regtest_in_every_command()
    {
        var networks = new List<System.CommandLine.Option>();
        void Walk(System.CommandLine.Command c)
        {
            networks.AddRange(c.Options.Where(o => o.Name == "--network"));
            foreach (var sub in c.Subcommands)
            {
                Walk(sub);
            }
        }

        Walk(CliApp.Build());
        Assert.True(networks.Count >= 3);
        Assert.All(networks, o => Assert.Equal("regtest", ((System.CommandLine.Option<string>)o).DefaultValueFactory!(null!)));
    }

    /// <summary>
    /// The real dltsigner process (apphost from the test output) restarts itself with
    /// DOTNET_EnableDiagnostics=0: the child, which would read the shares, has no diagnostic IPC
    /// socket, while the parent (holding nothing) shows that the socket would be there otherwise.
    /// </summary>
    [Fact]
    public async Task The_process_that_runs_the_command_opens_no_diagnostics_socket()
    {
        var tmp = TempDir();
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "dltsigner"))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "local", "sign-psbt", "--shares", tmp, "--signers", "1,2", "--psbt", "-" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["TMPDIR"] = tmp;
        start.Environment.Remove("DOTNET_EnableDiagnostics");
        using var parent = Process.Start(start)!;
        try
        {
            var child = await WaitForAsync(() => ChildOf(parent.Id) is { } c && Maps(c).Contains("System.CommandLine", StringComparison.Ordinal) ? c : (int?)null);
            var sockets = Directory.EnumerateFileSystemEntries(tmp).Select(Path.GetFileName).ToList();
            Assert.Contains(sockets, s => s!.StartsWith($"dotnet-diagnostic-{parent.Id}-", StringComparison.Ordinal));
            Assert.DoesNotContain(sockets, s => s!.Contains($"-{child}-", StringComparison.Ordinal));
            Assert.Contains("DOTNET_EnableDiagnostics=0", await File.ReadAllTextAsync($"/proc/{child}/environ"), StringComparison.Ordinal);
        }
        finally
        {
            parent.StandardInput.Close();
            if (!parent.WaitForExit(60_000))
            {
                parent.Kill(entireProcessTree: true);
            }
        }

        Assert.Equal(2, parent.ExitCode);
        Assert.Equal("dltsigner: --psbt -: standard input is empty", (await parent.StandardError.ReadToEndAsync()).Trim());
    }

    [Fact]
    public void The_runtimeconfig_of_the_cli_is_the_one_built()
    {
        // The runtime has no runtimeconfig.json switch for the diagnostics endpoint (only the environment
        // variable), hence DiagnosticsGuard; this pins that nobody relies on a knob that does nothing.
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "dltsigner.runtimeconfig.json"))).RootElement;
        Assert.False(config.GetProperty("runtimeOptions").GetProperty("configProperties").TryGetProperty("System.Runtime.EnableDiagnostics", out _));
    }

    private static int? ChildOf(int pid)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var candidate))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (fields[1] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    {
                        return candidate;
                    }
                }
                catch (IOException)
                {
                    // The process ended meanwhile.
                }
            }
        }

        return null;
    }

    private static string Maps(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/maps");
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task<int> WaitForAsync(Func<int?> probe)
    {
        for (var i = 0; i < 1200; i++)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the dltsigner child process did not start within 60 s");
    }
}
