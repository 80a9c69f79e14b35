using System.CommandLine;
using System.Text.RegularExpressions;
using DltSigner.Adapters.Bitcoin.Bip174;
using DltSigner.Core.Mpc;
using DltSigner.Node.Store;

namespace DltSigner.Node.Cli;

/// <summary>
/// The one table of exit codes and the mapping of every failure to it (docs/cli.md, "Conventions").
/// Messages are ours: a .NET exception's own text or type name never reaches the user.
/// </summary>
internal static partial class CliErrors
{
    public const int Success = 0;

    /// <summary>A protocol run or an independent verification failed (the request itself was acceptable).</summary>
    public const int Failure = 1;

    /// <summary>Bad input, a refusal by a check or policy, or unusable files (nothing was signed or changed).</summary>
    public const int BadInput = 2;

    /// <summary>The exit code and the one-line message for an exception that ended a command.</summary>
    public static (int ExitCode, string Message) Describe(Exception e) => e switch
    {
        CliException c => (c.ExitCode, c.Message),
        ShareFileException s => (BadInput, s.Message),
        PsbtSigningException p => (BadInput, p.Message),
        ProtocolException p => (Failure, "protocol failure: " + p.Message),
        OperationCanceledException => (Failure, "interrupted; nothing was printed"),
        UnauthorizedAccessException u => (BadInput, $"{PathIn(u) ?? "a file"}: permission denied"),
        FileNotFoundException or DirectoryNotFoundException => (BadInput, $"{PathIn(e) ?? "a file"}: not found"),
        IOException io => (BadInput, $"{PathIn(io) ?? "a file"}: {IoReason(io)}"),
        // Our own libraries' input errors name the failed check (docs/SECURITY.md: never secret data).
        FormatException or ArgumentException or InvalidOperationException when IsOurs(e) => (BadInput, e.Message),
        _ => (Failure, "internal error (a defect in dltsigner; please report how to reproduce it)"),
    };

    /// <summary>Every parse error on one line, without .NET type names.</summary>
    public static string ParseErrorMessage(ParseResult parse) =>
        "dltsigner: " + string.Join("; ", parse.Errors.Select(e => Clean(e.Message)));

    /// <summary>"usage: dltsigner local sign --shares &lt;DIR&gt; ... [options]": the command path, its arguments and required options.</summary>
    public static string Usage(Command command)
    {
        var path = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            path.Insert(0, c is RootCommand ? "dltsigner" : c.Name);
        }

        var parts = path
            .Concat(command.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.HelpName ?? a.Name}>"))
            .Concat(command.Options.Where(o => o.Required).Select(o => $"{o.Name} <{o.HelpName ?? "value"}>"))
            .Append(command.Subcommands.Count > 0 ? "<command>" : "[options]");
        return $"usage: {string.Join(' ', parts)}   (more: {string.Join(' ', path)} --help)";
    }

    private static string Clean(string message)
    {
        var text = TypeName().Replace(message, m => m.Groups[1].Value switch
        {
            "System.Int32" or "System.Int64" or "System.UInt32" or "System.UInt16" or "System.Nullable`1[System.Int32]" => "as a whole number",
            "System.Boolean" => "as true or false",
            _ => "",
        });
        return text.Replace("  ", " ", StringComparison.Ordinal).Replace(" .", ".", StringComparison.Ordinal);
    }

    private static bool IsOurs(Exception e)
    {
        var assembly = e.TargetSite?.Module.Assembly.GetName().Name ?? "";
        return assembly.StartsWith("DltSigner.", StringComparison.Ordinal) || assembly == "dltsigner";
    }

    /// <summary>The path a .NET file-system message quotes ('…'), if any.</summary>
    private static string? PathIn(Exception e)
    {
        var m = QuotedPath().Match(e.Message);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The Unix errno .NET keeps in the HResult's low bits for some I/O errors.</summary>
    private static string IoReason(IOException e) => (e.HResult & 0xFFFF) switch
    {
        13 => "permission denied",
        17 => "already exists",
        20 => "a path component is not a directory",
        21 => "is a directory",
        28 => "no space left on device",
        30 => "read-only file system",
        _ => "input/output error",
    };

    [GeneratedRegex(@"as expected type '([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex TypeName();

    [GeneratedRegex(@"'(/[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedPath();
}
