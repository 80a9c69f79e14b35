using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DltSigner.P2P.Identity;

namespace DltSigner.P2P.Multiformats;

/// <summary>One component of a multiaddr: a protocol and its value in binary form (empty when the protocol has none).</summary>
public readonly record struct MultiaddrComponent(MultiaddrProtocol Protocol, ReadOnlyMemory<byte> Value)
{
    /// <summary>The value's text form ("127.0.0.1", "4001", "12D3KooW...", ...); empty when the protocol has none.</summary>
    public string ValueText => Multiaddr.ValueToText(Protocol, Value.Span);

    public override string ToString() => Protocol.SizeBits == 0 ? "/" + Protocol.Name : $"/{Protocol.Name}/{ValueText}";
}

/// <summary>
/// A multiaddr (multiformats/multiaddr): text "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW..." and binary
/// (varint code, value) forms for ip4, ip6, tcp, udp, dns, dns4, dns6, dnsaddr, p2p and the value-less
/// protocols. Parsers check every length and refuse unknown protocols.
/// </summary>
public sealed class Multiaddr : IEquatable<Multiaddr>
{
    /// <summary>Largest multiaddr accepted, in bytes or characters (identify carries them from peers).</summary>
    public const int MaxLength = 1024;

    private const int MaxDnsNameLength = 253;

    private readonly MultiaddrComponent[] _components;

    private Multiaddr(MultiaddrComponent[] components) => _components = components;

    public IReadOnlyList<MultiaddrComponent> Components => _components;

    /// <summary>The peer id of the last /p2p component, if any.</summary>
    public PeerId? PeerId
    {
        get
        {
            for (var i = _components.Length - 1; i >= 0; i--)
            {
                if (_components[i].Protocol == MultiaddrProtocol.P2P)
                {
                    return Identity.PeerId.FromBytes(_components[i].Value.Span);
                }
            }

            return null;
        }
    }

    public static Multiaddr Parse(string text) =>
        TryParse(text, out var addr, out var error) ? addr : throw new FormatException("multiaddr: " + error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out Multiaddr? addr) => TryParse(text, out addr, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out Multiaddr? addr, out string error)
    {
        addr = null;
        error = "";
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || text[0] != '/')
        {
            error = "must start with '/' and be at most 1024 characters";
            return false;
        }

        var parts = text.TrimEnd('/').Split('/');
        var components = new List<MultiaddrComponent>();
        for (var i = 1; i < parts.Length; i++)
        {
            if (!MultiaddrProtocol.TryFromName(parts[i], out var protocol))
            {
                error = $"unknown protocol '{parts[i]}'";
                return false;
            }

            if (protocol.SizeBits == 0)
            {
                components.Add(new(protocol, ReadOnlyMemory<byte>.Empty));
                continue;
            }

            if (++i >= parts.Length)
            {
                error = $"{protocol.Name} needs a value";
                return false;
            }

            if (!TryValueFromText(protocol, parts[i], out var value))
            {
                error = $"invalid {protocol.Name} value '{parts[i]}'";
                return false;
            }

            components.Add(new(protocol, value));
        }

        if (components.Count == 0)
        {
            error = "empty";
            return false;
        }

        addr = new Multiaddr([.. components]);
        return true;
    }

    public static Multiaddr FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var addr) ? addr : throw new FormatException("multiaddr: malformed binary form");

    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Multiaddr? addr)
    {
        addr = null;
        if (bytes.IsEmpty || bytes.Length > MaxLength)
        {
            return false;
        }

        var components = new List<MultiaddrComponent>();
        try
        {
            while (!bytes.IsEmpty)
            {
                if (!Varint.TryRead(bytes, out var code, out var n) || !MultiaddrProtocol.TryFromCode(code, out var protocol))
                {
                    return false;
                }

                bytes = bytes[n..];
                int size;
                if (protocol.SizeBits >= 0)
                {
                    size = protocol.SizeBits / 8;
                }
                else
                {
                    if (!Varint.TryRead(bytes, out var length, out n) || length > (ulong)(bytes.Length - n))
                    {
                        return false;
                    }

                    bytes = bytes[n..];
                    size = (int)length;
                }

                if (size > bytes.Length || !IsValidValue(protocol, bytes[..size]))
                {
                    return false;
                }

                components.Add(new(protocol, bytes[..size].ToArray()));
                bytes = bytes[size..];
            }
        }
        catch (FormatException)
        {
            return false;
        }

        addr = new Multiaddr([.. components]);
        return true;
    }

    public static Multiaddr FromEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var ip = address.AddressFamily == AddressFamily.InterNetwork
            ? new MultiaddrComponent(MultiaddrProtocol.Ip4, address.GetAddressBytes())
            : new MultiaddrComponent(MultiaddrProtocol.Ip6, address.GetAddressBytes());
        return new Multiaddr([ip, new(MultiaddrProtocol.Tcp, PortBytes(endPoint.Port))]);
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        Span<byte> varint = stackalloc byte[Varint.MaxLength];
        foreach (var c in _components)
        {
            stream.Write(varint[..Varint.Write((ulong)c.Protocol.Code, varint)]);
            if (c.Protocol.SizeBits < 0)
            {
                stream.Write(varint[..Varint.Write((ulong)c.Value.Length, varint)]);
            }

            stream.Write(c.Value.Span);
        }

        return stream.ToArray();
    }

    /// <summary>This address followed by /p2p/&lt;peer&gt; (replacing a trailing /p2p component).</summary>
    public Multiaddr WithPeerId(PeerId peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return new Multiaddr([.. WithoutPeerId()._components, new(MultiaddrProtocol.P2P, peer.ToByteArray())]);
    }

    /// <summary>This address without a trailing /p2p component.</summary>
    public Multiaddr WithoutPeerId() =>
        _components.Length > 1 && _components[^1].Protocol == MultiaddrProtocol.P2P ? new Multiaddr(_components[..^1]) : this;

    /// <summary>The TCP host (IP literal or DNS name) and port when this is /ip4|ip6|dns|dns4|dns6/.../tcp/port[/p2p/...].</summary>
    public bool TryGetTcpTarget([NotNullWhen(true)] out string? host, out int port, out AddressFamily family)
    {
        host = null;
        port = 0;
        family = AddressFamily.Unspecified;
        var c = WithoutPeerId()._components;
        if (c.Length != 2 || c[1].Protocol != MultiaddrProtocol.Tcp)
        {
            return false;
        }

        port = (c[1].Value.Span[0] << 8) | c[1].Value.Span[1];
        host = c[0].ValueText;
        family = c[0].Protocol.Code switch
        {
            4 or 54 => AddressFamily.InterNetwork,
            41 or 55 => AddressFamily.InterNetworkV6,
            53 => AddressFamily.Unspecified,
            _ => AddressFamily.Unknown,
        };
        return family != AddressFamily.Unknown;
    }

    public override string ToString() => string.Concat(_components.Select(c => c.ToString()));

    public bool Equals(Multiaddr? other) => other is not null && ToBytes().AsSpan().SequenceEqual(other.ToBytes());

    public override bool Equals(object? obj) => Equals(obj as Multiaddr);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    internal static string ValueToText(MultiaddrProtocol protocol, ReadOnlySpan<byte> value) => protocol.Code switch
    {
        4 or 41 => new IPAddress(value).ToString(),
        6 or 273 => ((value[0] << 8) | value[1]).ToString(System.Globalization.CultureInfo.InvariantCulture),
        421 => Identity.PeerId.FromBytes(value).ToString(),
        _ when protocol.SizeBits == 0 => "",
        _ => Encoding.UTF8.GetString(value),
    };

    private static bool TryValueFromText(MultiaddrProtocol protocol, string text, out byte[] value)
    {
        value = [];
        switch (protocol.Code)
        {
            case 4 or 41:
                var family = protocol.Code == 4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
                if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily != family || (protocol.Code == 4 && text.Count(ch => ch == '.') != 3))
                {
                    return false;
                }

                value = ip.GetAddressBytes();
                return true;
            case 6 or 273:
                if (text.Length is 0 or > 5 || !text.All(char.IsAsciiDigit) || !int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
                {
                    return false;
                }

                value = PortBytes(port);
                return true;
            case 421:
                if (!Identity.PeerId.TryParse(text, out var peer))
                {
                    return false;
                }

                value = peer.ToByteArray();
                return true;
            default:
                value = Encoding.UTF8.GetBytes(text);
                return IsValidValue(protocol, value);
        }
    }

    private static bool IsValidValue(MultiaddrProtocol protocol, ReadOnlySpan<byte> value) => protocol.Code switch
    {
        421 => Identity.PeerId.TryFromBytes(value, out _),
        53 or 54 or 55 or 56 => value.Length is > 0 and <= MaxDnsNameLength && IsDnsName(value),
        _ => protocol.SizeBits < 0 || value.Length == protocol.SizeBits / 8,
    };

    private static bool IsDnsName(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_'))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] PortBytes(int port) => [(byte)(port >> 8), (byte)port];
}
