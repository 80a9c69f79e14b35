using System.CommandLine;
using System.Reflection;

namespace DltSigner.Node.Cli;

/// <summary>
/// The `dltsigner` command line: one sub-command per file under Cli/. The conventions every command
/// follows (exit codes, errors, JSON, units, stdin) are in docs/cli.md and live in CliErrors,
/// CliJson, Units and CliInput.
/// </summary>
internal static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("DltSigner: threshold secp256k1 signer for distributed ledgers.");
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(BtcCommand.Build());
        root.Subcommands.Add(EthCommand.Build());
        root.Subcommands.Add(LocalCommand.Build());
        root.Subcommands.Add(P2PCommand.Build());
        root.Subcommands.Add(VersionCommand());
        return root;
    }

    /// <summary>Runs the command line; output, error and input default to the console (tests pass their own).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, TextReader? input = null)
    {
        var parse = Build().Parse(args);
        // Our own handlers print user errors as one line, without a stack trace (CliErrors).
        var config = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0)
        {
            // Never the full help on stdout: one line, a usage line, exit 2.
            await config.Error.WriteLineAsync(CliErrors.ParseErrorMessage(parse)).ConfigureAwait(false);
            await config.Error.WriteLineAsync(CliErrors.Usage(parse.CommandResult.Command)).ConfigureAwait(false);
            return CliErrors.BadInput;
        }

        using var stdin = CliInput.Use(input ?? Console.In);
        try
        {
            return await parse.InvokeAsync(config).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var (code, message) = CliErrors.Describe(e);
            await config.Error.WriteLineAsync($"dltsigner: {message}").ConfigureAwait(false);
            return code;
        }
    }

    private static Command VersionCommand()
    {
        var cmd = new Command("version", "Print the version.");
        cmd.SetAction(parse =>
        {
            var v = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            parse.InvocationConfiguration.Output.WriteLine($"dltsigner {v}");
        });
        return cmd;
    }
}

/// <summary>An error for the user: printed as one line on stderr, with its exit code (<see cref="CliErrors"/>).</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = CliErrors.BadInput)
        : base(message) => ExitCode = exitCode;

    public CliException()
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; } = CliErrors.BadInput;
}
