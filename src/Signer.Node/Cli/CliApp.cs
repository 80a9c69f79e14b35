using System.CommandLine;
using System.Reflection;

namespace DltSigner.Node.Cli;

/// <summary>The `dltsigner` command line: one sub-command per file under Cli/.</summary>
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

    /// <summary>Runs the command line; output and error default to the console (tests pass writers).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var parse = Build().Parse(args);
        // Our own handlers below print user errors as one line, without a stack trace.
        var config = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await config.Error.WriteLineAsync($"dltsigner: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or InvalidOperationException
                                   or DltSigner.Core.Mpc.ProtocolException or UnauthorizedAccessException)
        {
            // Library errors carry the failed check and never secret data (docs/SECURITY.md).
            await config.Error.WriteLineAsync($"dltsigner: {e.Message}").ConfigureAwait(false);
            return 1;
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

/// <summary>An error for the user: printed as one line on stderr, with its exit code.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = 2)
        : base(message) => ExitCode = exitCode;

    public CliException()
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; } = 2;
}
