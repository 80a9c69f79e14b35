using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using DltSigner.Node.Store;
using DltSigner.P2P;
using DltSigner.P2P.Host;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Multiformats;
using DltSigner.P2P.Multistream;

namespace DltSigner.Node.Cli;

/// <summary>
/// `dltsigner p2p ...`: the node's libp2p identity and a ping to any libp2p peer. The identity file holds
/// the libp2p PrivateKey protobuf (Ed25519, as go-libp2p stores it), written atomically with mode 0600.
/// </summary>
internal static class P2PCommand
{
    public static Command Build()
    {
        var cmd = new Command("p2p", "libp2p identity and peer tools.");
        cmd.Subcommands.Add(Id());
        cmd.Subcommands.Add(Ping());
        cmd.Subcommands.Add(P2PListenCommand.Build());
        cmd.Subcommands.Add(P2PDkgCommand.Build());
        return cmd;
    }

    /// <summary>$DLTSIGNER_P2P_KEY, else ~/.dltsigner/p2p/identity.key.</summary>
    internal static string DefaultKeyFile =>
        Environment.GetEnvironmentVariable("DLTSIGNER_P2P_KEY") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dltsigner", "p2p", "identity.key");

    private static Option<string> KeyOption(string description) => new("--key") { Description = description, DefaultValueFactory = _ => DefaultKeyFile };

    private static Command Id()
    {
        var key = KeyOption("Identity key file (created, mode 0600, when missing). Default $DLTSIGNER_P2P_KEY or ~/.dltsigner/p2p/identity.key.");
        var cmd = new Command("id", "Create or print this node's libp2p identity (Ed25519): peer id, CID form, public key.") { key };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(key)!;
            var created = !File.Exists(path);
            using var identity = created ? Create(path) : Load(path);
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("peerId", identity.PeerId.ToString());
                w.WriteString("peerIdCid", identity.PeerId.ToCidString());
                w.WriteString("publicKey", "0x" + Convert.ToHexStringLower(identity.PublicKey.ToProtobuf()));
                w.WriteString("keyFile", Path.GetFullPath(path));
                w.WriteBoolean("created", created);
                w.WriteEndObject();
            }

            parse.InvocationConfiguration.Output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        });
        return cmd;
    }

    private static Command Ping()
    {
        var address = new Argument<string>("multiaddr") { Description = "The peer, e.g. /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW... (the /p2p/ id is checked when given)." };
        var count = new Option<int>("--count") { Description = "Pings on one stream (1-100).", DefaultValueFactory = _ => 1 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds for the whole run (1-300).", DefaultValueFactory = _ => 20 };
        var key = new Option<string?>("--key") { Description = "Dial with this identity file instead of a throwaway one." };
        var cmd = new Command("ping", "Dial a libp2p peer over TCP+Noise+yamux; print its peer id, agent version, protocols and ping round trips as JSON.") { address, count, timeout, key };
        cmd.SetAction(async (parse, ct) =>
        {
            if (!Multiaddr.TryParse(parse.GetValue(address), out var target, out var error))
            {
                throw new CliException("ping: multiaddr: " + error);
            }

            if (!TcpTransportTarget(target))
            {
                throw new CliException("ping: only /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/p2p/<id>] addresses are supported");
            }

            var n = parse.GetValue(count);
            var seconds = parse.GetValue(timeout);
            if (n is < 1 or > 100 || seconds is < 1 or > 300)
            {
                throw new CliException("ping: --count must be 1-100 and --timeout 1-300");
            }

            var keyFile = parse.GetValue(key);
            using var identity = keyFile is null ? IdentityKey.Generate() : Load(keyFile);
            await using var host = P2PHost.CreateBuilder().WithIdentity(identity).Build();
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(seconds));
            try
            {
                var connection = await host.DialAsync(target, cts.Token).ConfigureAwait(false);
                await connection.Identified.WaitAsync(cts.Token).ConfigureAwait(false);
                var rtts = await connection.PingAsync(n, cts.Token).ConfigureAwait(false);
                parse.InvocationConfiguration.Output.WriteLine(PingJson(connection, rtts));
                return 0;
            }
            catch (Exception e) when (e is P2PProtocolException or ProtocolNotSupportedException or TimeoutException or System.Net.Sockets.SocketException
                                       or OperationCanceledException)
            {
                throw new CliException("ping: " + (e is OperationCanceledException ? $"no answer within {seconds} s" : e.Message), 1);
            }
            catch (IOException e)
            {
                throw new CliException("ping: " + e.Message, 1);
            }
        });
        return cmd;
    }

    private static bool TcpTransportTarget(Multiaddr address) => address.TryGetTcpTarget(out _, out _, out _);

    private static string PingJson(P2PConnection connection, IReadOnlyList<TimeSpan> rtts)
    {
        var info = connection.RemoteIdentify;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("peerId", connection.RemotePeer.ToString());
            w.WriteString("address", connection.RemoteAddress.ToString());
            w.WriteString("agentVersion", info?.AgentVersion);
            w.WriteString("protocolVersion", info?.ProtocolVersion);
            w.WriteStartArray("protocols");
            foreach (var p in info?.Protocols.Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>())
            {
                w.WriteStringValue(p);
            }

            w.WriteEndArray();
            w.WriteStartArray("listenAddrs");
            foreach (var a in info?.ListenAddresses ?? [])
            {
                w.WriteStringValue(a.ToString());
            }

            w.WriteEndArray();
            w.WriteNumber("rttMs", Math.Round(rtts.Order().ElementAt(rtts.Count / 2).TotalMilliseconds, 3));
            w.WriteStartArray("rttsMs");
            foreach (var rtt in rtts)
            {
                w.WriteNumberValue(Math.Round(rtt.TotalMilliseconds, 3));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static IdentityKey Create(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(dir);
            }
            else
            {
                Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var identity = IdentityKey.Generate();
        var bytes = identity.ExportProtobuf();
        try
        {
            AtomicFile.Write(path, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }

        return identity;
    }

    internal static IdentityKey Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"identity key file {path} not found");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new CliException($"identity key file {path} is readable or writable by others (chmod 600 it)");
        }

        var bytes = File.ReadAllBytes(path);
        try
        {
            return IdentityKey.FromProtobuf(bytes);
        }
        catch (FormatException e)
        {
            throw new CliException($"identity key file {path}: {e.Message}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
