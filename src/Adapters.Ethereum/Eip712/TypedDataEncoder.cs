using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using DltSigner.Adapters.Ethereum.Abi;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core;
using DltSigner.Core.Hashing;

namespace DltSigner.Adapters.Ethereum.Eip712;

/// <summary>
/// EIP-712 hashing: encodeData (atomic values as ABI words, bytes/string hashed, arrays hashed over
/// their encoded elements, nested structs as their hashStruct), hashStruct, the domain separator and
/// the final digest keccak256(0x19 0x01 || domainSeparator || hashStruct(message)).
/// Message values are strict: every member present, no unknown members, exact bytesN lengths.
/// </summary>
public static class TypedDataEncoder
{
    /// <summary>Cap on struct/array nesting while encoding (recursive types, hostile input).</summary>
    public const int MaxDepth = 32;

    public static byte[] EncodeData(TypedData data, string typeName, JsonElement value) => EncodeData(data, typeName, value, 0);

    public static byte[] HashStruct(TypedData data, string typeName, JsonElement value) => Hashes.Keccak256(EncodeData(data, typeName, value));

    public static byte[] DomainSeparator(TypedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return HashStruct(data, TypedData.DomainTypeName, data.Domain);
    }

    /// <summary>The 32-byte digest that is signed (eth_signTypedData_v4).</summary>
    public static byte[] SigningHash(TypedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        byte[] prefix = [0x19, 0x01];
        // A primaryType of EIP712Domain signs the domain alone (no message hash), as eth-sig-util does.
        return data.PrimaryType == TypedData.DomainTypeName
            ? Hashes.Keccak256([.. prefix, .. DomainSeparator(data)])
            : Hashes.Keccak256([.. prefix, .. DomainSeparator(data), .. HashStruct(data, data.PrimaryType, data.Message)]);
    }

    /// <summary>"T[2][]" → "T"; ok is false when a suffix is not "[]" or "[digits]".</summary>
    public static string StripArrays(string type, out bool ok)
    {
        ArgumentNullException.ThrowIfNull(type);
        ok = true;
        var open = type.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return type;
        }

        var rest = type.AsSpan(open);
        while (!rest.IsEmpty)
        {
            var close = rest.IndexOf(']');
            if (rest[0] != '[' || close < 0 || !rest[1..close].ToString().All(char.IsAsciiDigit) || close > 10)
            {
                ok = false;
                break;
            }

            rest = rest[(close + 1)..];
        }

        return type[..open];
    }

    private static byte[] EncodeData(TypedData data, string typeName, JsonElement value, int depth)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new CryptoFormatException("eip712: struct value is not an object");
        }

        var fields = data.Fields(typeName);
        if (value.EnumerateObject().Any(p => fields.All(f => f.Name != p.Name)))
        {
            throw new CryptoFormatException("eip712: value has a member its type does not declare");
        }

        using var output = new MemoryStream();
        output.Write(data.TypeHash(typeName));
        foreach (var field in fields)
        {
            if (!value.TryGetProperty(field.Name, out var member))
            {
                throw new CryptoFormatException("eip712: value is missing a member");
            }

            output.Write(EncodeValue(data, field.Type, member, depth));
        }

        return output.ToArray();
    }

    private static byte[] EncodeValue(TypedData data, string type, JsonElement value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new CryptoFormatException("eip712: nesting too deep");
        }

        if (type.EndsWith(']'))
        {
            var open = type.LastIndexOf('[');
            var element = type[..open];
            var lengthText = type[(open + 1)..^1];
            if (value.ValueKind != JsonValueKind.Array
                || (lengthText.Length > 0 && value.GetArrayLength().ToString(CultureInfo.InvariantCulture) != lengthText))
            {
                throw new CryptoFormatException("eip712: array value does not match its type");
            }

            using var items = new MemoryStream();
            foreach (var item in value.EnumerateArray())
            {
                items.Write(EncodeValue(data, element, item, depth + 1));
            }

            return Hashes.Keccak256(items.ToArray());
        }

        if (data.IsStruct(type))
        {
            return Hashes.Keccak256(EncodeData(data, type, value, depth + 1));
        }

        var abiType = AbiType.TryParseElementary(type) ?? throw new CryptoFormatException("eip712: unknown type");
        return abiType.Kind switch
        {
            AbiKind.String => Hashes.Keccak256(Encoding.UTF8.GetBytes(RequireString(value))),
            AbiKind.Bytes => Hashes.Keccak256(HexValue(value)),
            AbiKind.Address => AbiWords.Encode(abiType, Address.Parse(RequireString(value))),
            AbiKind.Bool => AbiWords.Encode(abiType, value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new CryptoFormatException("eip712: bool value is not true or false"),
            }),
            AbiKind.FixedBytes => EncodeFixedBytes(abiType, HexValue(value)),
            _ => EncodeInteger(abiType, IntegerValue(value)),
        };
    }

    private static byte[] EncodeFixedBytes(AbiType type, byte[] bytes) =>
        bytes.Length == type.Size ? AbiWords.Encode(type, bytes) : throw new CryptoFormatException($"eip712: {type} value is not {type.Size} bytes");

    private static byte[] EncodeInteger(AbiType type, BigInteger value)
    {
        var (min, max) = AbiWords.Range(type);
        return value >= min && value <= max ? AbiWords.Encode(type, value) : throw new CryptoFormatException($"eip712: {type} value out of range");
    }

    private static string RequireString(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new CryptoFormatException("eip712: expected a string value");

    private static byte[] HexValue(JsonElement value)
    {
        var text = RequireString(value);
        return text.StartsWith("0x", StringComparison.Ordinal) && Hex.TryDecode(text, out var bytes)
            ? bytes
            : throw new CryptoFormatException("eip712: bytes value is not 0x-prefixed hex");
    }

    /// <summary>Integers: JSON numbers without fraction, decimal strings (optionally negative) or 0x hex strings.</summary>
    private static BigInteger IntegerValue(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString()!,
            _ => throw new CryptoFormatException("eip712: integer value is neither a number nor a string"),
        };
        if (text.Length is 0 or > 100)
        {
            throw new CryptoFormatException("eip712: integer value has a bad length");
        }

        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return text.Length > 2 && text.AsSpan(2).ToString().All(char.IsAsciiHexDigit)
                ? BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                : throw new CryptoFormatException("eip712: bad hex integer");
        }

        var digits = text.StartsWith('-') ? text[1..] : text;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit)
            ? BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : throw new CryptoFormatException("eip712: bad decimal integer");
    }
}
