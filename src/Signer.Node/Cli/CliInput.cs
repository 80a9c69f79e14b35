namespace DltSigner.Node.Cli;

/// <summary>`-` as an option value means standard input (as bitcoin-cli -stdin and cast do); read once, bounded.</summary>
internal static class CliInput
{
    /// <summary>Larger inputs are refused (a PSBT or transaction JSON is far smaller).</summary>
    public const int MaxLength = 16 * 1024 * 1024;

    private static readonly AsyncLocal<TextReader?> Stdin = new();

    /// <summary>Sets the reader behind `-` for one run of the command line (tests pass their own).</summary>
    public static IDisposable Use(TextReader reader)
    {
        Stdin.Value = reader;
        return new Reset();
    }

    /// <summary>The value itself, or standard input (trimmed) when it is `-`.</summary>
    public static string Resolve(string value, string option)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value != "-")
        {
            return value;
        }

        var reader = Stdin.Value ?? Console.In;
        var buffer = new char[MaxLength + 1];
        var length = 0;
        int read;
        while (length <= MaxLength && (read = reader.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length > MaxLength)
        {
            throw new CliException($"{option} -: standard input is larger than {MaxLength / (1024 * 1024)} MiB");
        }

        var text = new string(buffer, 0, length).Trim();
        return text.Length > 0 ? text : throw new CliException($"{option} -: standard input is empty");
    }

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Stdin.Value = null;
    }
}
