using System.Globalization;
using DltSigner.Core;

namespace DltSigner.Adapters.Ethereum.Abi;

public enum AbiKind
{
    Address,
    UInt,
    Int,
    Bool,
    FixedBytes,
    Bytes,
    String,
    Array,
    FixedArray,
    Tuple,
}

/// <summary>
/// A Solidity ABI type (Solidity ABI spec, "Types"): elementary types, T[], T[k] and tuples.
/// <see cref="Parse"/> accepts the canonical names plus the aliases uint/int (256 bits).
/// </summary>
public sealed class AbiType
{
    /// <summary>Cap on nesting while parsing type strings (hostile input).</summary>
    public const int MaxNesting = 32;

    private AbiType(AbiKind kind, int size = 0, AbiType? element = null, IReadOnlyList<AbiType>? components = null)
    {
        Kind = kind;
        Size = size;
        Element = element;
        Components = components ?? [];
    }

    public AbiKind Kind { get; }

    /// <summary>Bits for uintN/intN, bytes for bytesN, length for T[k].</summary>
    public int Size { get; }

    public AbiType? Element { get; }

    public IReadOnlyList<AbiType> Components { get; }

    public static AbiType Address { get; } = new(AbiKind.Address);

    public static AbiType Bool { get; } = new(AbiKind.Bool);

    public static AbiType Bytes { get; } = new(AbiKind.Bytes);

    public static AbiType String { get; } = new(AbiKind.String);

    public static AbiType UInt(int bits) => new(AbiKind.UInt, CheckBits(bits));

    public static AbiType Int(int bits) => new(AbiKind.Int, CheckBits(bits));

    public static AbiType FixedBytes(int length) =>
        length is >= 1 and <= 32 ? new(AbiKind.FixedBytes, length) : throw new CryptoFormatException("abi: bytesN needs 1 ≤ N ≤ 32");

    public static AbiType ArrayOf(AbiType element) => new(AbiKind.Array, 0, element);

    public static AbiType FixedArrayOf(AbiType element, int length)
    {
        ArgumentNullException.ThrowIfNull(element);
        return CheckHead(new AbiType(AbiKind.FixedArray, length >= 0 ? length : throw new ArgumentOutOfRangeException(nameof(length)), element));
    }

    public static AbiType Tuple(params IReadOnlyList<AbiType> components) => CheckHead(new(AbiKind.Tuple, 0, null, components));

    /// <summary>Cap on the static head of one type (hostile type strings like uint256[99999999][99999999]).</summary>
    public const int MaxHeadSize = 1 << 24;

    /// <summary>True for bytes, string, T[] and any T[k] or tuple containing one.</summary>
    public bool IsDynamic => Kind switch
    {
        AbiKind.Bytes or AbiKind.String or AbiKind.Array => true,
        AbiKind.FixedArray => Size > 0 && Element!.IsDynamic,
        AbiKind.Tuple => Components.Any(c => c.IsDynamic),
        _ => false,
    };

    /// <summary>Bytes this type takes in the head of an enclosing tuple.</summary>
    public int HeadSize => IsDynamic ? 32 : Kind switch
    {
        AbiKind.FixedArray => Size * Element!.HeadSize,
        AbiKind.Tuple => Components.Sum(c => c.HeadSize),
        _ => 32,
    };

    /// <summary>The canonical name used in signatures, e.g. "uint256[2]" or "(bytes,bool)".</summary>
    public string CanonicalName => Kind switch
    {
        AbiKind.Address => "address",
        AbiKind.UInt => "uint" + Size.ToString(CultureInfo.InvariantCulture),
        AbiKind.Int => "int" + Size.ToString(CultureInfo.InvariantCulture),
        AbiKind.Bool => "bool",
        AbiKind.FixedBytes => "bytes" + Size.ToString(CultureInfo.InvariantCulture),
        AbiKind.Bytes => "bytes",
        AbiKind.String => "string",
        AbiKind.Array => Element!.CanonicalName + "[]",
        AbiKind.FixedArray => Element!.CanonicalName + "[" + Size.ToString(CultureInfo.InvariantCulture) + "]",
        _ => "(" + string.Join(",", Components.Select(c => c.CanonicalName)) + ")",
    };

    public override string ToString() => CanonicalName;

    /// <summary>Parses a type string such as "uint256", "bytes10", "(uint32,bool)[2][]".</summary>
    public static AbiType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = 0;
        var type = ParseAt(text, ref position, 0);
        if (position != text.Length)
        {
            throw new CryptoFormatException("abi: trailing characters in type");
        }

        return type;
    }

    /// <summary>Parses a comma-separated list of types (the inside of a signature's parentheses).</summary>
    public static IReadOnlyList<AbiType> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse("(" + text + ")").Components;
    }

    /// <summary>Parses an elementary (non-array, non-tuple) type name; null when it is not one.</summary>
    public static AbiType? TryParseElementary(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name)
        {
            case "address": return Address;
            case "bool": return Bool;
            case "bytes": return Bytes;
            case "string": return String;
            case "uint": return UInt(256);
            case "int": return Int(256);
        }

        foreach (var (prefix, make) in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length
                && name[prefix.Length] != '0' && name.Length <= prefix.Length + 3
                && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                try
                {
                    return make(n);
                }
                catch (CryptoFormatException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    private static readonly (string Prefix, Func<int, AbiType> Make)[] Prefixes =
        [("uint", UInt), ("int", Int), ("bytes", FixedBytes)];

    private static AbiType CheckHead(AbiType type)
    {
        long head = type.Kind == AbiKind.FixedArray
            ? (type.Element!.IsDynamic ? 32L : type.Element.HeadSize) * type.Size
            : type.Components.Sum(c => (long)c.HeadSize);
        return head <= MaxHeadSize ? type : throw new CryptoFormatException("abi: type too large");
    }

    private static int CheckBits(int bits) =>
        bits is >= 8 and <= 256 && bits % 8 == 0 ? bits : throw new CryptoFormatException("abi: integer width must be 8..256 in steps of 8");

    private static AbiType ParseAt(string text, ref int position, int depth)
    {
        if (depth > MaxNesting)
        {
            throw new CryptoFormatException("abi: type nested too deeply");
        }

        AbiType type;
        if (position < text.Length && text[position] == '(')
        {
            position++;
            var components = new List<AbiType>();
            if (position < text.Length && text[position] == ')')
            {
                position++;
            }
            else
            {
                while (true)
                {
                    components.Add(ParseAt(text, ref position, depth + 1));
                    if (position >= text.Length)
                    {
                        throw new CryptoFormatException("abi: unterminated tuple");
                    }

                    var c = text[position++];
                    if (c == ')')
                    {
                        break;
                    }

                    if (c != ',')
                    {
                        throw new CryptoFormatException("abi: expected ',' or ')' in tuple");
                    }
                }
            }

            type = Tuple(components);
        }
        else
        {
            var start = position;
            while (position < text.Length && char.IsAsciiLetterOrDigit(text[position]))
            {
                position++;
            }

            type = TryParseElementary(text[start..position]) ?? throw new CryptoFormatException("abi: unknown type");
        }

        return ParseArraySuffixes(text, ref position, type, depth);
    }

    private static AbiType ParseArraySuffixes(string text, ref int position, AbiType type, int depth)
    {
        while (position < text.Length && text[position] == '[')
        {
            if (++depth > MaxNesting)
            {
                throw new CryptoFormatException("abi: type nested too deeply");
            }

            var close = text.IndexOf(']', position);
            if (close < 0)
            {
                throw new CryptoFormatException("abi: unterminated array suffix");
            }

            var digits = text.AsSpan(position + 1, close - position - 1);
            if (digits.IsEmpty)
            {
                type = ArrayOf(type);
            }
            else if ((digits.Length == 1 || digits[0] != '0') && digits.Length <= 9
                && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var k))
            {
                type = FixedArrayOf(type, k);
            }
            else
            {
                throw new CryptoFormatException("abi: bad fixed array length");
            }

            position = close + 1;
        }

        return type;
    }
}
