using DltSigner.P2P.Identity;
using DltSigner.P2P.Multiformats;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DltSigner.P2P.Host;

/// <summary>
/// Builds a <see cref="P2PHost"/>: identity, listen addresses, agent version, limits, handlers, logging
/// and clock. Defaults: a fresh identity, no listener (dial only), <see cref="ResourceLimits"/> defaults.
/// </summary>
public sealed class P2PHostBuilder
{
    public const string DefaultAgentVersion = "dltsigner/0.1.0";

    private readonly List<Multiaddr> _listen = [];
    private readonly Dictionary<string, StreamHandler> _handlers = new(StringComparer.Ordinal);
    private IdentityKey? _identity;
    private string _agentVersion = DefaultAgentVersion;
    private ResourceLimits _limits = new();
    private ILoggerFactory _loggers = NullLoggerFactory.Instance;
    private TimeProvider _time = TimeProvider.System;

    /// <summary>The host's identity; the host does not dispose it.</summary>
    public P2PHostBuilder WithIdentity(IdentityKey identity)
    {
        _identity = identity ?? throw new ArgumentNullException(nameof(identity));
        return this;
    }

    /// <summary>Adds a TCP listen address, e.g. /ip4/127.0.0.1/tcp/0 (0 picks a free port).</summary>
    public P2PHostBuilder ListenOn(Multiaddr address)
    {
        ArgumentNullException.ThrowIfNull(address);
        _listen.Add(address);
        return this;
    }

    public P2PHostBuilder ListenOn(string address) => ListenOn(Multiaddr.Parse(address));

    public P2PHostBuilder WithAgentVersion(string agentVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentVersion);
        _agentVersion = agentVersion;
        return this;
    }

    public P2PHostBuilder WithLimits(ResourceLimits limits)
    {
        _limits = limits ?? throw new ArgumentNullException(nameof(limits));
        return this;
    }

    public P2PHostBuilder WithLogging(ILoggerFactory loggers)
    {
        _loggers = loggers ?? throw new ArgumentNullException(nameof(loggers));
        return this;
    }

    public P2PHostBuilder WithTimeProvider(TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        return this;
    }

    /// <summary>Registers a handler for inbound streams that negotiate <paramref name="protocol"/>.</summary>
    public P2PHostBuilder Handle(string protocol, StreamHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        _handlers[protocol] = handler ?? throw new ArgumentNullException(nameof(handler));
        return this;
    }

    public P2PHost Build()
    {
        var host = new P2PHost(_identity ?? IdentityKey.Generate(), _listen, _agentVersion, _limits, _loggers, _time);
        foreach (var (protocol, handler) in _handlers)
        {
            host.SetStreamHandler(protocol, handler);
        }

        return host;
    }
}
