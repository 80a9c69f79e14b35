using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DltSigner.Node.Cli;

/// <summary>
/// The JSON every command prints on stdout: camelCase keys (as JSON-RPC and cast), indented, absent
/// values left out, '+' and other HTML-sensitive characters unescaped (base64 PSBTs stay copyable;
/// stdout is no HTML). Ethereum values are 0x-hex strings and Bitcoin amounts carry their unit in
/// the key (feeSat, valueBtc): the records that are printed choose those, not this writer.
/// </summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The writer options for hand-written JSON (Utf8JsonWriter), same style.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Print<T>(ParseResult parse, T value) => parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(value, Options));
}
