using System.Globalization;
using System.Numerics;
using DltSigner.Adapters.Ethereum.Abi;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core;

namespace DltSigner.Adapters.Ethereum.Rpc;

/// <summary>
/// Decodes revert data (Solidity docs, "Error handling"): Error(string) (selector 0x08c379a0) and
/// Panic(uint256) (selector 0x4e487b71). Anything else is a custom error or empty.
/// </summary>
public static class RevertReason
{
    public static readonly byte[] ErrorSelector = [0x08, 0xc3, 0x79, 0xa0];

    public static readonly byte[] PanicSelector = [0x4e, 0x48, 0x7b, 0x71];

    private static readonly AbiType[] StringArg = [AbiType.String];
    private static readonly AbiType[] UIntArg = [AbiType.UInt(256)];

    /// <summary>The reason text for Error(string) or Panic(uint256) data; null for anything else or malformed data.</summary>
    public static string? Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 4 && data[..4].SequenceEqual(ErrorSelector))
        {
            try
            {
                return (string)AbiCodec.Decode(StringArg, data[4..])[0];
            }
            catch (CryptoFormatException)
            {
                return null;
            }
        }

        return TryDecodePanic(data, out var code)
            ? string.Create(CultureInfo.InvariantCulture, $"panic 0x{code:x2} ({PanicMeaning(code)})")
            : null;
    }

    public static bool TryDecodePanic(ReadOnlySpan<byte> data, out ulong code)
    {
        code = 0;
        if (data.Length < 4 || !data[..4].SequenceEqual(PanicSelector))
        {
            return false;
        }

        try
        {
            var value = (BigInteger)AbiCodec.Decode(UIntArg, data[4..])[0];
            if (value > ulong.MaxValue)
            {
                return false;
            }

            code = (ulong)value;
            return true;
        }
        catch (CryptoFormatException)
        {
            return false;
        }
    }

    /// <summary>A short description of undecodable revert data: empty, or its selector.</summary>
    public static string Describe(ReadOnlySpan<byte> data) =>
        data.Length == 0 ? "no reason given"
        : data.Length >= 4 ? "custom error " + Hex.Encode(data[..4])
        : "malformed revert data";

    /// <summary>Solidity's panic codes (docs, "Panic via assert and Error via require").</summary>
    public static string PanicMeaning(ulong code) => code switch
    {
        0x00 => "generic compiler panic",
        0x01 => "assert(false)",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "invalid enum value",
        0x22 => "bad storage byte array encoding",
        0x31 => "pop() on an empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory",
        0x51 => "call to a zero-initialized function",
        _ => "unknown panic code",
    };
}
