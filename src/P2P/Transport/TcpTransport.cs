using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using DltSigner.P2P.Multiformats;

namespace DltSigner.P2P.Transport;

/// <summary>A raw TCP connection as a duplex pipe, with the addresses of both ends.</summary>
public sealed class TcpConnection : IDuplexPipe, IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    internal TcpConnection(Socket socket)
    {
        _socket = socket;
        socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        LocalAddress = Multiaddr.FromEndPoint((IPEndPoint)socket.LocalEndPoint!);
        RemoteAddress = Multiaddr.FromEndPoint((IPEndPoint)socket.RemoteEndPoint!);
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public Multiaddr LocalAddress { get; }

    public Multiaddr RemoteAddress { get; }

    /// <summary>Closes the socket at once (both pipes end).</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await Input.CompleteAsync().ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>TCP over /ip4|ip6/.../tcp/port and /dns|dns4|dns6/.../tcp/port multiaddrs.</summary>
public static class TcpTransport
{
    public static bool CanDial(Multiaddr address) => address?.TryGetTcpTarget(out _, out _, out _) == true;

    public static async Task<TcpConnection> DialAsync(Multiaddr address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.TryGetTcpTarget(out var host, out var port, out var family))
        {
            throw new ArgumentException($"not a TCP multiaddr: {address}", nameof(address));
        }

        IPAddress[] ips = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, family == AddressFamily.Unspecified ? AddressFamily.Unspecified : family, ct).ConfigureAwait(false);
        if (ips.Length == 0)
        {
            throw new IOException($"{host} resolved to no address");
        }

        var socket = new Socket(ips[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(ips[0], port), ct).ConfigureAwait(false);
            return new TcpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Binds a listener (port 0 picks a free port); <see cref="TcpListenerHandle.Address"/> is the bound address.</summary>
    public static TcpListenerHandle Listen(Multiaddr address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.TryGetTcpTarget(out var host, out var port, out _) || !IPAddress.TryParse(host, out var ip))
        {
            throw new ArgumentException($"listen address must be /ip4|ip6/<literal>/tcp/<port>: {address}", nameof(address));
        }

        var listener = new TcpListener(ip, port);
        listener.Start(backlog: 128);
        return new TcpListenerHandle(listener);
    }
}

public sealed class TcpListenerHandle : IDisposable
{
    private readonly TcpListener _listener;

    internal TcpListenerHandle(TcpListener listener)
    {
        _listener = listener;
        Address = Multiaddr.FromEndPoint((IPEndPoint)listener.LocalEndpoint);
    }

    public Multiaddr Address { get; }

    public async Task<TcpConnection> AcceptAsync(CancellationToken ct) =>
        new(await _listener.AcceptSocketAsync(ct).ConfigureAwait(false));

    public void Dispose() => _listener.Stop();
}
