namespace DltSigner.P2P.Multiformats;

/// <summary>
/// One multiaddr protocol (multiformats/multiaddr protocols.csv): its code, name and value size in bits
/// (0: no value; -1: varint-length-prefixed value).
/// </summary>
public sealed record MultiaddrProtocol(int Code, string Name, int SizeBits)
{
    public static readonly MultiaddrProtocol Ip4 = new(4, "ip4", 32);
    public static readonly MultiaddrProtocol Tcp = new(6, "tcp", 16);
    public static readonly MultiaddrProtocol Ip6 = new(41, "ip6", 128);
    public static readonly MultiaddrProtocol Dns = new(53, "dns", -1);
    public static readonly MultiaddrProtocol Dns4 = new(54, "dns4", -1);
    public static readonly MultiaddrProtocol Dns6 = new(55, "dns6", -1);
    public static readonly MultiaddrProtocol DnsAddr = new(56, "dnsaddr", -1);
    public static readonly MultiaddrProtocol Udp = new(273, "udp", 16);
    public static readonly MultiaddrProtocol P2PCircuit = new(290, "p2p-circuit", 0);
    public static readonly MultiaddrProtocol P2P = new(421, "p2p", -1);
    public static readonly MultiaddrProtocol Tls = new(448, "tls", 0);
    public static readonly MultiaddrProtocol Noise = new(454, "noise", 0);
    public static readonly MultiaddrProtocol Quic = new(460, "quic", 0);
    public static readonly MultiaddrProtocol QuicV1 = new(461, "quic-v1", 0);
    public static readonly MultiaddrProtocol WebTransport = new(465, "webtransport", 0);
    public static readonly MultiaddrProtocol Ws = new(477, "ws", 0);
    public static readonly MultiaddrProtocol Wss = new(478, "wss", 0);

    private static readonly MultiaddrProtocol[] All =
        [Ip4, Tcp, Ip6, Dns, Dns4, Dns6, DnsAddr, Udp, P2PCircuit, P2P, Tls, Noise, Quic, QuicV1, WebTransport, Ws, Wss];

    private static readonly Dictionary<int, MultiaddrProtocol> ByCode = All.ToDictionary(p => p.Code);
    private static readonly Dictionary<string, MultiaddrProtocol> ByName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static bool TryFromCode(ulong code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MultiaddrProtocol? protocol)
    {
        protocol = null;
        return code <= int.MaxValue && ByCode.TryGetValue((int)code, out protocol);
    }

    public static bool TryFromName(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MultiaddrProtocol? protocol)
    {
        // "ipfs" is the old name of p2p.
        return ByName.TryGetValue(name == "ipfs" ? "p2p" : name, out protocol);
    }

    public override string ToString() => Name;
}
