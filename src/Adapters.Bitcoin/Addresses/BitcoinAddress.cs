using DltSigner.Adapters.Bitcoin.Bech32;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Core;

namespace DltSigner.Adapters.Bitcoin.Addresses;

public enum AddressKind
{
    PubKeyHash,
    ScriptHash,
    Witness,
}

/// <summary>
/// A Bitcoin address (Bitcoin Core key_io.cpp): base58check P2PKH/P2SH or a segwit address, tied to a
/// network. Parsing rejects addresses of another network.
/// </summary>
public sealed class BitcoinAddress : IEquatable<BitcoinAddress>
{
    private readonly byte[] _program;

    private BitcoinAddress(Network network, AddressKind kind, int witnessVersion, byte[] program)
    {
        Network = network;
        Kind = kind;
        WitnessVersion = witnessVersion;
        _program = program;
    }

    public Network Network { get; }

    public AddressKind Kind { get; }

    /// <summary>Segwit version for <see cref="AddressKind.Witness"/>, else -1.</summary>
    public int WitnessVersion { get; }

    /// <summary>The 20-byte hash (base58 kinds) or the witness program.</summary>
    public ReadOnlySpan<byte> Program => _program;

    public Script ScriptPubKey => Kind switch
    {
        AddressKind.PubKeyHash => ScriptTemplates.PayToPubKeyHash(_program),
        AddressKind.ScriptHash => ScriptTemplates.PayToScriptHash(_program),
        _ => ScriptTemplates.PayToWitness(WitnessVersion, _program),
    };

    public static BitcoinAddress Parse(string address, Network network)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(network);
        if (Base58.TryDecodeCheck(address, out var payload))
        {
            if (payload.Length != 21)
            {
                throw new CryptoFormatException("address: base58 payload is not 21 bytes");
            }

            var hash = payload[1..];
            if (payload[0] == network.PubKeyHashPrefix)
            {
                return new BitcoinAddress(network, AddressKind.PubKeyHash, -1, hash);
            }

            if (payload[0] == network.ScriptHashPrefix)
            {
                return new BitcoinAddress(network, AddressKind.ScriptHash, -1, hash);
            }

            throw new CryptoFormatException("address: base58 prefix not of this network");
        }

        var program = SegwitAddress.Decode(network.Bech32Hrp, address);
        return new BitcoinAddress(network, AddressKind.Witness, program.Version, program.Program);
    }

    public static bool TryParse(string address, Network network, out BitcoinAddress? result)
    {
        try
        {
            result = Parse(address, network);
            return true;
        }
        catch (CryptoFormatException)
        {
            result = null;
            return false;
        }
    }

    /// <summary>The address paying to <paramref name="scriptPubKey"/>, or null (bare pubkey, multisig, data, nonstandard).</summary>
    public static BitcoinAddress? FromScriptPubKey(Script scriptPubKey, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var type = ScriptClassifier.Classify(scriptPubKey, out var solutions);
        switch (type)
        {
            case ScriptType.PubKeyHash:
                return new BitcoinAddress(network, AddressKind.PubKeyHash, -1, solutions[0]);
            case ScriptType.ScriptHash:
                return new BitcoinAddress(network, AddressKind.ScriptHash, -1, solutions[0]);
            case ScriptType.WitnessV0KeyHash or ScriptType.WitnessV0ScriptHash or ScriptType.WitnessV1Taproot
                or ScriptType.Anchor or ScriptType.WitnessUnknown:
                ScriptClassifier.TryGetWitnessProgram(scriptPubKey, out var wp);
                return new BitcoinAddress(network, AddressKind.Witness, wp.Version, wp.Program);
            default:
                return null;
        }
    }

    public override string ToString()
    {
        if (Kind == AddressKind.Witness)
        {
            return SegwitAddress.Encode(Network.Bech32Hrp, WitnessVersion, _program);
        }

        var payload = new byte[21];
        payload[0] = Kind == AddressKind.PubKeyHash ? Network.PubKeyHashPrefix : Network.ScriptHashPrefix;
        _program.CopyTo(payload, 1);
        return Base58.EncodeCheck(payload);
    }

    public bool Equals(BitcoinAddress? other) =>
        other is not null && Network == other.Network && ToString() == other.ToString();

    public override bool Equals(object? obj) => Equals(obj as BitcoinAddress);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
