using System.Text.Json;
using DltSigner.Tests.Shared;

namespace DltSigner.Adapters.Bitcoin.Tests;

internal static class Json
{
    public static JsonElement Load(params string[] parts)
    {
        using var doc = JsonDocument.Parse(TestVectors.ReadText(parts));
        return doc.RootElement.Clone();
    }

    /// <summary>Bitcoin Core data files: arrays whose one-string entries are comments.</summary>
    public static List<JsonElement> CoreCases(string file) =>
        [.. Load("bitcoin-core-test-data", file).EnumerateArray()
            .Where(e => !(e.GetArrayLength() == 1 && e[0].ValueKind == JsonValueKind.String))];
}
