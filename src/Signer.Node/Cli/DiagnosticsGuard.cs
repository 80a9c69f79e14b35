using System.Diagnostics;

namespace DltSigner.Node.Cli;

/// <summary>
/// Keeps the .NET diagnostics endpoints (the diagnostic IPC socket, through which another process of
/// the same user can ask for a full memory dump, and the debugger pipes) closed in the process that
/// decrypts shares. The runtime reads the switch only from the environment (DOTNET_EnableDiagnostics;
/// runtimeconfig.json has no such setting), so a process started without it runs the command in a
/// child that has it, with the same arguments and standard streams, and returns the child's exit code.
/// </summary>
internal static class DiagnosticsGuard
{
    public const string Variable = "DOTNET_EnableDiagnostics";

    /// <summary>Null when this process already runs with diagnostics off; otherwise the exit code of the child that ran the command.</summary>
    public static int? RestartWithoutDiagnostics(string[] args)
    {
        if (Environment.GetEnvironmentVariable(Variable) == "0")
        {
            return null;
        }

        var start = ChildStartInfo(args);
        start.Environment[Variable] = "0";
        try
        {
            using var child = Process.Start(start) ?? throw new InvalidOperationException("no process");
            // Ctrl-C reaches the whole process group: the child handles it, this process only waits.
            Console.CancelKeyPress += (_, e) => e.Cancel = true;
            child.WaitForExit();
            return child.ExitCode;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Console.Error.WriteLine($"dltsigner: cannot restart with the .NET diagnostics endpoint disabled; set {Variable}=0 and run again");
            return CliErrors.BadInput;
        }
    }

    /// <summary>The same program: the apphost itself, or `dotnet dltsigner.dll` when started through the muxer.</summary>
    private static ProcessStartInfo ChildStartInfo(string[] args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        var assembly = typeof(DiagnosticsGuard).Assembly.Location;
        if (!string.Equals(Path.GetFileNameWithoutExtension(host), Path.GetFileNameWithoutExtension(assembly), StringComparison.Ordinal))
        {
            start.ArgumentList.Add(assembly);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }
}
