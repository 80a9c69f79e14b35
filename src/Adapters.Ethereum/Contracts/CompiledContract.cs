using System.Text.Json;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core;

namespace DltSigner.Adapters.Ethereum.Contracts;

/// <summary>
/// A contract compiled by devnet/compile-contracts.sh: { contractName, compiler, abi, bytecode, ... }.
/// The committed JSON files are embedded in this assembly (Store, SigChecker).
/// </summary>
public sealed class CompiledContract
{
    private CompiledContract(string name, string compiler, JsonElement abi, byte[] bytecode)
    {
        Name = name;
        Compiler = compiler;
        Abi = abi;
        Bytecode = bytecode;
    }

    public string Name { get; }

    public string Compiler { get; }

    public JsonElement Abi { get; }

    /// <summary>Creation bytecode (constructor arguments are appended to it).</summary>
    public byte[] Bytecode { get; }

    public static CompiledContract Store => Embedded("Store");

    public static CompiledContract SigChecker => Embedded("SigChecker");

    public static CompiledContract Embedded(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var stream = typeof(CompiledContract).Assembly.GetManifestResourceStream($"DltSigner.Contracts.{name}.json")
            ?? throw new ArgumentException($"no embedded contract '{name}'", nameof(name));
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static CompiledContract Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("contractName", out var name) || name.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("compiler", out var compiler) || compiler.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("abi", out var abi) || abi.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("bytecode", out var code) || code.ValueKind != JsonValueKind.String
            || !Hex.TryDecode(code.GetString()!, out var bytecode) || bytecode.Length == 0)
        {
            throw new CryptoFormatException("compiled contract: expected contractName, compiler, abi and hex bytecode");
        }

        return new CompiledContract(name.GetString()!, compiler.GetString()!, abi.Clone(), bytecode);
    }
}
