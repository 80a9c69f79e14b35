using System.CommandLine;
using System.Text.Json;
using DltSigner.P2P.Host;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Multiformats;
using DltSigner.P2P.Pubsub;

namespace DltSigner.Node.Cli;

/// <summary>
/// `dltsigner p2p listen --topic T [--bootstrap ADDR]...`: joins a GossipSub topic; prints this node's
/// peer id and multiaddrs, then each message received as one JSON line; publishes each stdin line.
/// </summary>
internal static class P2PListenCommand
{
    public static Command Build()
    {
        var topic = new Option<string>("--topic") { Description = "GossipSub topic to join.", Required = true };
        var bootstrap = new Option<string[]>("--bootstrap") { Description = "Peers to dial at start (multiaddr with /p2p/ id); repeatable.", AllowMultipleArgumentsPerToken = true };
        var listen = new Option<string>("--listen") { Description = "Listen multiaddr.", DefaultValueFactory = _ => "/ip4/127.0.0.1/tcp/0" };
        var key = new Option<string?>("--key") { Description = "Identity key file (see `p2p id`); a throwaway identity without it." };
        var exitAfter = new Option<int>("--exit-after") { Description = "Exit after this many messages (0: run until interrupted).", DefaultValueFactory = _ => 0 };
        var cmd = new Command("listen", "Join a gossip topic: print each message received as a JSON line, publish each line read from stdin.")
        {
            topic, bootstrap, listen, key, exitAfter,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(topic)!;
            if (name.Length is 0 or > 256)
            {
                throw new CliException("listen: --topic must be 1-256 characters");
            }

            var peers = (parse.GetValue(bootstrap) ?? []).Select(a => Multiaddr.TryParse(a, out var m, out var e) ? m : throw new CliException("listen: --bootstrap: " + e)).ToList();
            if (!Multiaddr.TryParse(parse.GetValue(listen), out var listenAddress, out var listenError))
            {
                throw new CliException("listen: --listen: " + listenError);
            }

            var limit = parse.GetValue(exitAfter);
            var keyFile = parse.GetValue(key);
            using var identity = keyFile is null ? IdentityKey.Generate() : P2PCommand.Load(keyFile);
            await using var host = P2PHost.CreateBuilder().WithIdentity(identity).ListenOn(listenAddress).Build();
            await using var pubsub = new HostPubsub(host, new GossipSubRouter(identity));
            var messages = pubsub.Router.Subscribe(name);
            await host.StartAsync(ct).ConfigureAwait(false);
            pubsub.Router.Start();
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(Json(w =>
            {
                w.WriteString("event", "listening");
                w.WriteString("peerId", host.PeerId.ToString());
                w.WriteStartArray("multiaddrs");
                foreach (var a in host.ListenAddresses)
                {
                    w.WriteStringValue(a.ToString());
                }

                w.WriteEndArray();
                w.WriteString("topic", name);
            }));
            output.Flush();
            foreach (var peer in peers)
            {
                try
                {
                    await host.DialAsync(peer, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or DltSigner.P2P.P2PProtocolException or System.Net.Sockets.SocketException or TimeoutException)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"dltsigner: listen: bootstrap {peer}: {e.Message}");
                }
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var publishing = Task.Run(() => PublishLinesAsync(pubsub.Router, name, stop.Token), stop.Token);
            var received = 0;
            try
            {
                await foreach (var m in messages.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    output.WriteLine(Json(w =>
                    {
                        w.WriteString("event", "message");
                        w.WriteString("topic", m.Topic);
                        w.WriteString("from", m.Author.ToString());
                        w.WriteString("seqno", m.SequenceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        w.WriteString("text", System.Text.Encoding.UTF8.GetString(m.Data.Span));
                        w.WriteString("data", "0x" + Convert.ToHexStringLower(m.Data.Span));
                    }));
                    output.Flush();
                    if (limit > 0 && ++received >= limit)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }

            await stop.CancelAsync().ConfigureAwait(false);
            return 0;
        });
        return cmd;
    }

    /// <summary>Publishes each stdin line (UTF-8, without its newline); at end of input the node keeps listening.</summary>
    private static async Task PublishLinesAsync(GossipSubRouter router, string topic, CancellationToken ct)
    {
        using var input = new StreamReader(Console.OpenStandardInput());
        while (await input.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            router.Publish(topic, System.Text.Encoding.UTF8.GetBytes(line));
        }
    }

    internal static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
