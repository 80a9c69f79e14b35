namespace DltSigner.Adapters.Bitcoin.Addresses;

/// <summary>Address prefixes per chain (Bitcoin Core kernel/chainparams.cpp).</summary>
public sealed class Network
{
    private Network(string name, string hrp, byte pubKeyHash, byte scriptHash, byte secretKey)
    {
        Name = name;
        Bech32Hrp = hrp;
        PubKeyHashPrefix = pubKeyHash;
        ScriptHashPrefix = scriptHash;
        SecretKeyPrefix = secretKey;
    }

    public static Network Main { get; } = new("main", "bc", 0x00, 0x05, 0x80);

    /// <summary>testnet3; testnet4 uses the same prefixes.</summary>
    public static Network Test { get; } = new("test", "tb", 0x6f, 0xc4, 0xef);

    public static Network Testnet4 { get; } = new("testnet4", "tb", 0x6f, 0xc4, 0xef);

    public static Network Signet { get; } = new("signet", "tb", 0x6f, 0xc4, 0xef);

    public static Network Regtest { get; } = new("regtest", "bcrt", 0x6f, 0xc4, 0xef);

    public static IReadOnlyList<Network> All { get; } = [Main, Test, Testnet4, Signet, Regtest];

    /// <summary>Bitcoin Core's chain name: main, test, testnet4, signet, regtest.</summary>
    public string Name { get; }

    public string Bech32Hrp { get; }

    public byte PubKeyHashPrefix { get; }

    public byte ScriptHashPrefix { get; }

    public byte SecretKeyPrefix { get; }

    public static Network FromName(string name) =>
        All.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? (string.Equals(name, "testnet", StringComparison.OrdinalIgnoreCase) ? Test : null)
        ?? throw new ArgumentException($"unknown network '{name}' (valid: {string.Join(", ", All.Select(n => n.Name))}, testnet)", nameof(name));

    public override string ToString() => Name;
}
