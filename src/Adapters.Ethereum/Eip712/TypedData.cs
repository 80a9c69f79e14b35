using System.Text;
using System.Text.Json;
using DltSigner.Adapters.Ethereum.Abi;
using DltSigner.Core;
using DltSigner.Core.Hashing;

namespace DltSigner.Adapters.Ethereum.Eip712;

/// <summary>One member of an EIP-712 struct type.</summary>
public sealed record TypedDataField(string Name, string Type);

/// <summary>
/// EIP-712 typed data as eth_signTypedData_v4 receives it: types, primaryType, domain, message.
/// Parsing validates every type name and member type so that encodeType cannot be injected into.
/// Hashing lives in <see cref="TypedDataEncoder"/>.
/// </summary>
public sealed class TypedData
{
    public const string DomainTypeName = "EIP712Domain";

    /// <summary>Cap on the number of struct types and members (hostile input).</summary>
    public const int MaxTypes = 256;

    public const int MaxFieldsPerType = 256;

    // EIP-712 "Definition of domainSeparator": the fields in this order, when present.
    private static readonly TypedDataField[] DomainFieldOrder =
    [
        new("name", "string"), new("version", "string"), new("chainId", "uint256"),
        new("verifyingContract", "address"), new("salt", "bytes32"),
    ];

    private TypedData(IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> types, string primaryType, JsonElement domain, JsonElement message)
    {
        Types = types;
        PrimaryType = primaryType;
        Domain = domain;
        Message = message;
    }

    public IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> Types { get; }

    public string PrimaryType { get; }

    public JsonElement Domain { get; }

    public JsonElement Message { get; }

    /// <summary>Parses and validates eth_signTypedData_v4 JSON.</summary>
    public static TypedData Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CryptoFormatException("eip712: not valid JSON", e);
        }

        return FromJson(root);
    }

    public static TypedData FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("types", out var typesJson) || typesJson.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("primaryType", out var primaryJson) || primaryJson.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("domain", out var domain) || domain.ValueKind != JsonValueKind.Object)
        {
            throw new CryptoFormatException("eip712: expected an object with types, primaryType and domain");
        }

        var message = root.TryGetProperty("message", out var m) ? m : default;
        var types = new Dictionary<string, IReadOnlyList<TypedDataField>>(StringComparer.Ordinal);
        foreach (var type in typesJson.EnumerateObject())
        {
            if (types.Count >= MaxTypes || !IsIdentifier(type.Name) || AbiType.TryParseElementary(type.Name) is not null
                || type.Value.ValueKind != JsonValueKind.Array || type.Value.GetArrayLength() > MaxFieldsPerType)
            {
                throw new CryptoFormatException("eip712: bad struct type definition");
            }

            if (!types.TryAdd(type.Name, ParseFields(type.Value)))
            {
                throw new CryptoFormatException("eip712: duplicate struct type");
            }
        }

        if (!types.ContainsKey(DomainTypeName))
        {
            // ethers-style input without EIP712Domain: take the standard fields the domain has.
            types[DomainTypeName] = DomainFieldOrder.Where(f => domain.TryGetProperty(f.Name, out _)).ToArray();
        }

        foreach (var fields in types.Values)
        {
            foreach (var field in fields)
            {
                var baseType = TypedDataEncoder.StripArrays(field.Type, out _);
                if (!types.ContainsKey(baseType) && AbiType.TryParseElementary(baseType) is null)
                {
                    throw new CryptoFormatException("eip712: member of unknown type");
                }
            }
        }

        var primaryType = primaryJson.GetString()!;
        if (!types.ContainsKey(primaryType))
        {
            throw new CryptoFormatException("eip712: primaryType is not defined");
        }

        if (primaryType != DomainTypeName && message.ValueKind != JsonValueKind.Object)
        {
            throw new CryptoFormatException("eip712: message is not an object");
        }

        return new TypedData(types, primaryType, domain, message);
    }

    /// <summary>encodeType: the primary struct, then every referenced struct type sorted by name.</summary>
    public string EncodeType(string primaryType)
    {
        var dependencies = new SortedSet<string>(StringComparer.Ordinal);
        CollectDependencies(primaryType, dependencies);
        dependencies.Remove(primaryType);
        var builder = new StringBuilder();
        foreach (var name in (IEnumerable<string>)[primaryType, .. dependencies])
        {
            builder.Append(name).Append('(')
                .AppendJoin(',', Fields(name).Select(f => f.Type + " " + f.Name)).Append(')');
        }

        return builder.ToString();
    }

    public byte[] TypeHash(string primaryType) => Hashes.Keccak256(Encoding.UTF8.GetBytes(EncodeType(primaryType)));

    public IReadOnlyList<TypedDataField> Fields(string typeName) =>
        Types.TryGetValue(typeName, out var fields) ? fields : throw new CryptoFormatException("eip712: unknown struct type");

    public bool IsStruct(string typeName) => Types.ContainsKey(typeName);

    private void CollectDependencies(string typeName, SortedSet<string> found)
    {
        // The set doubles as the visited set: recursive struct types terminate.
        if (!Types.ContainsKey(typeName) || !found.Add(typeName))
        {
            return;
        }

        foreach (var field in Types[typeName])
        {
            CollectDependencies(TypedDataEncoder.StripArrays(field.Type, out _), found);
        }
    }

    private static TypedDataField[] ParseFields(JsonElement array)
    {
        var fields = new List<TypedDataField>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !IsIdentifier(name.GetString()!) || !IsMemberType(type.GetString()!))
            {
                throw new CryptoFormatException("eip712: bad struct member");
            }

            if (fields.Any(f => f.Name == name.GetString()))
            {
                throw new CryptoFormatException("eip712: duplicate struct member");
            }

            fields.Add(new TypedDataField(name.GetString()!, type.GetString()!));
        }

        return [.. fields];
    }

    private static bool IsIdentifier(string s) =>
        s.Length is > 0 and <= 256 && !char.IsAsciiDigit(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');

    private static bool IsMemberType(string s) =>
        s.Length <= 512 && IsIdentifier(TypedDataEncoder.StripArrays(s, out var ok)) && ok;
}
