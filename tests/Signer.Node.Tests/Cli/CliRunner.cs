using DltSigner.Node.Cli;

namespace DltSigner.Node.Tests.Cli;

/// <summary>Runs the real `dltsigner` command tree in process and captures what it prints.</summary>
internal static class CliRunner
{
    private static readonly SemaphoreSlim ConsoleLock = new(1, 1);

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs with <paramref name="stdin"/> as standard input (for `-` option values).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithInputAsync(string stdin, params string[] args)
    {
        await ConsoleLock.WaitAsync();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            using var input = new StringReader(stdin);
            int code = await CliApp.RunAsync(args, input: input);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            ConsoleLock.Release();
        }
    }
}
