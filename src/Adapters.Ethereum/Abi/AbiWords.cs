using System.Numerics;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core;

namespace DltSigner.Adapters.Ethereum.Abi;

/// <summary>
/// 32-byte word encoding of the static elementary types, shared by the ABI codec and EIP-712:
/// integers big-endian (signed ones two's complement, sign-extended), bool as 0/1, address left-padded,
/// bytesN right-padded. Decoding rejects every non-canonical word.
/// </summary>
public static class AbiWords
{
    public const int WordSize = 32;

    /// <summary>Encodes a static elementary value of <paramref name="type"/> into one word.</summary>
    public static byte[] Encode(AbiType type, object value)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(value);
        var word = new byte[WordSize];
        switch (type.Kind)
        {
            case AbiKind.Address:
                AsAddress(value).Bytes.CopyTo(word.AsSpan(12));
                break;
            case AbiKind.Bool:
                word[31] = value is bool b ? (b ? (byte)1 : (byte)0) : throw new ArgumentException("abi: bool expects a bool");
                break;
            case AbiKind.UInt:
            case AbiKind.Int:
                WriteInteger(type, AsInteger(value), word);
                break;
            case AbiKind.FixedBytes:
                var bytes = value as byte[] ?? throw new ArgumentException("abi: bytesN expects a byte array");
                if (bytes.Length != type.Size)
                {
                    throw new ArgumentException($"abi: {type} expects exactly {type.Size} bytes");
                }

                bytes.CopyTo(word, 0);
                break;
            default:
                throw new ArgumentException($"abi: {type} is not a static elementary type");
        }

        return word;
    }

    /// <summary>Strict decoding of one word as a static elementary value.</summary>
    public static object Decode(AbiType type, ReadOnlySpan<byte> word)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (word.Length != WordSize)
        {
            throw new CryptoFormatException("abi: word is not 32 bytes");
        }

        switch (type.Kind)
        {
            case AbiKind.Address:
                RequireZero(word[..12], "address padding");
                return new Address(word[12..]);
            case AbiKind.Bool:
                RequireZero(word[..31], "bool padding");
                return word[31] <= 1 ? word[31] == 1 : throw new CryptoFormatException("abi: bool is not 0 or 1");
            case AbiKind.UInt:
            case AbiKind.Int:
                var value = type.Kind == AbiKind.UInt
                    ? new BigInteger(word, isUnsigned: true, isBigEndian: true)
                    : new BigInteger(word, isUnsigned: false, isBigEndian: true);
                var (min, max) = Range(type);
                return value >= min && value <= max ? value : throw new CryptoFormatException($"abi: {type} out of range");
            case AbiKind.FixedBytes:
                RequireZero(word[type.Size..], "bytesN padding");
                return word[..type.Size].ToArray();
            default:
                throw new ArgumentException($"abi: {type} is not a static elementary type");
        }
    }

    /// <summary>Inclusive range of uintN / intN.</summary>
    public static (BigInteger Min, BigInteger Max) Range(AbiType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind == AbiKind.UInt
            ? (BigInteger.Zero, (BigInteger.One << type.Size) - 1)
            : (-(BigInteger.One << (type.Size - 1)), (BigInteger.One << (type.Size - 1)) - 1);
    }

    /// <summary>Accepts the common .NET integer types as ABI integers.</summary>
    public static BigInteger AsInteger(object value) => value switch
    {
        BigInteger big => big,
        int i => i,
        long l => l,
        uint u => u,
        ulong ul => ul,
        UInt128 u128 => (BigInteger)u128,
        _ => throw new ArgumentException("abi: integer expects BigInteger, int, long, uint, ulong or UInt128"),
    };

    public static Address AsAddress(object value) =>
        value is Address a ? a : throw new ArgumentException("abi: address expects an Address");

    public static void RequireZero(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.ContainsAnyExcept((byte)0))
        {
            throw new CryptoFormatException($"abi: nonzero {what}");
        }
    }

    private static void WriteInteger(AbiType type, BigInteger value, Span<byte> word)
    {
        var (min, max) = Range(type);
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"abi: value out of range for {type}");
        }

        // Two's complement over 256 bits: negative values are sign-extended with 0xff.
        var unsigned = value.Sign < 0 ? (BigInteger.One << 256) + value : value;
        UInt256.ToWord(unsigned).CopyTo(word);
    }
}
