using System.Text;
using DltSigner.Core;
using DltSigner.Core.Hashing;

namespace DltSigner.Adapters.Ethereum.Abi;

/// <summary>Function selectors, calldata, event topics and constructor arguments (Solidity ABI spec).</summary>
public static class AbiFunction
{
    /// <summary>First 4 bytes of keccak256 of the canonical signature, e.g. "baz(uint32,bool)".</summary>
    public static byte[] Selector(string signature) => Hashes.Keccak256(Encoding.ASCII.GetBytes(Canonical(signature)))[..4];

    /// <summary>topic[0] of a non-anonymous event: keccak256 of the canonical event signature.</summary>
    public static byte[] EventTopic(string signature) => Hashes.Keccak256(Encoding.ASCII.GetBytes(Canonical(signature)));

    /// <summary>Calldata: selector followed by the encoded arguments.</summary>
    public static byte[] EncodeCall(string signature, params IReadOnlyList<object> arguments)
    {
        var (_, types) = ParseSignature(signature);
        return [.. Selector(signature), .. AbiCodec.Encode(types, arguments)];
    }

    /// <summary>Decodes calldata after checking the selector.</summary>
    public static IReadOnlyList<object> DecodeCall(string signature, ReadOnlySpan<byte> calldata)
    {
        var (_, types) = ParseSignature(signature);
        if (calldata.Length < 4 || !calldata[..4].SequenceEqual(Selector(signature)))
        {
            throw new CryptoFormatException("abi: selector mismatch");
        }

        return AbiCodec.Decode(types, calldata[4..]);
    }

    /// <summary>Constructor arguments: the plain encoding appended to the creation bytecode.</summary>
    public static byte[] EncodeConstructor(ReadOnlySpan<byte> bytecode, IReadOnlyList<AbiType> types, IReadOnlyList<object> arguments) =>
        [.. bytecode, .. AbiCodec.Encode(types, arguments)];

    /// <summary>"name(type,...)" → name and parsed parameter types.</summary>
    public static (string Name, IReadOnlyList<AbiType> Types) ParseSignature(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var open = signature.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !signature.EndsWith(')'))
        {
            throw new CryptoFormatException("abi: signature is not name(types)");
        }

        var name = signature[..open];
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$') || char.IsAsciiDigit(name[0]))
        {
            throw new CryptoFormatException("abi: bad function name");
        }

        return (name, AbiType.Parse(signature[open..]).Components);
    }

    /// <summary>The canonical form (aliases expanded, no spaces) that selectors hash.</summary>
    public static string Canonical(string signature)
    {
        var (name, types) = ParseSignature(signature);
        return name + "(" + string.Join(",", types.Select(t => t.CanonicalName)) + ")";
    }
}
