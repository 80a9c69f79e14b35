using System.CommandLine;
using System.Globalization;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Protocols.Dkg;
using DltSigner.Core.Protocols.Sign;
using DltSigner.Core.Signatures;
using DltSigner.P2P.Delivery;
using DltSigner.P2P.Host;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Multiformats;
using DltSigner.P2P.Streams;

namespace DltSigner.Node.Cli;

/// <summary>
/// `dltsigner p2p dkg`: one party of a t-of-n DKG (and optionally one signature) run between separate
/// processes over libp2p: TCP + Noise + yamux, the MPC delivery on authenticated streams. Each party is
/// given its own identity file, the session id and every other party's index and multiaddr (with /p2p/ id).
/// The key share is not stored: this is the end-to-end check of the stack (issue 10 "done when").
/// </summary>
internal static class P2PDkgCommand
{
    public static Command Build()
    {
        var party = new Option<int>("--party") { Description = "This party's index (1-based).", Required = true };
        var threshold = new Option<int>("--threshold", "-t") { Description = "Signers needed (t).", Required = true };
        var key = new Option<string>("--key") { Description = "This node's identity key file (see `p2p id`).", Required = true };
        var listen = new Option<string>("--listen") { Description = "Listen multiaddr.", Required = true };
        var peer = new Option<string[]>("--peer") { Description = "Another party: INDEX=MULTIADDR (with /p2p/ id); one per party.", Required = true, AllowMultipleArgumentsPerToken = true };
        var session = new Option<string>("--session") { Description = "Session id, 32 bytes hex, the same for every party.", Required = true };
        var sign = new Option<string?>("--sign") { Description = "After the DKG, sign this 32-byte digest (hex) with --signers." };
        var signers = new Option<string?>("--signers") { Description = "Comma-separated signer indices for --sign." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds for the whole run (1-600).", DefaultValueFactory = _ => 120 };
        var cmd = new Command("dkg", "Run one party of a DKG (and a signature) with other processes over libp2p; prints JSON.")
        {
            party, threshold, key, listen, peer, session, sign, signers, timeout,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var self = PartyIndex.FromInt32(parse.GetValue(party));
            var addresses = ParsePeers(parse.GetValue(peer) ?? [], self);
            var parties = addresses.Keys.Append(self).Order().ToList();
            var t = parse.GetValue(threshold);
            if (t < 1 || t > parties.Count)
            {
                throw new CliException("dkg: --threshold must be 1..number of parties");
            }

            var sid = SessionId.FromBytes(ParseHex(parse.GetValue(session)!, 32, "--session"));
            var digest = parse.GetValue(sign) is { } d ? ParseHex(d, 32, "--sign") : null;
            var signerSet = digest is null ? [] : ParseSigners(parse.GetValue(signers), parties, t);
            if (!Multiaddr.TryParse(parse.GetValue(listen), out var listenAddress, out var listenError))
            {
                throw new CliException("dkg: --listen: " + listenError);
            }

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(timeout), 1, 600)));
            using var identity = P2PCommand.Load(parse.GetValue(key)!);
            await using var host = P2PHost.CreateBuilder().WithIdentity(identity).ListenOn(listenAddress).Build();
            var streams = new HostStreams(host);
            var hub = new MpcDeliveryHub(host.PeerId, streams);
            streams.Register(hub.Handler);
            var map = addresses.ToDictionary(a => a.Key, a => a.Value.PeerId ?? throw new CliException($"dkg: --peer {a.Key}: the multiaddr needs its /p2p/ id"));
            map[self] = host.PeerId;
            await host.StartAsync(cts.Token).ConfigureAwait(false);

            var output = parse.InvocationConfiguration.Output;
            using var dkgDelivery = hub.Open(sid, self, map);
            await ConnectAsync(host, self, addresses, map, cts.Token).ConfigureAwait(false);
            var options = new MpcSessionOptions { RoundTimeout = TimeSpan.FromSeconds(60) };
            using var share = await Dkg.RunAsync(new MpcSession(dkgDelivery, sid, Dkg.ProtocolName, self, parties, options), t, cts.Token).ConfigureAwait(false);
            output.WriteLine(P2PListenCommand.Json(w =>
            {
                w.WriteString("event", "dkg");
                w.WriteNumber("party", self.Value);
                w.WriteString("peerId", host.PeerId.ToString());
                w.WriteString("groupKey", "0x" + Convert.ToHexStringLower(share.GroupKey.ToCompressed()));
            }));
            output.Flush();

            if (digest is not null && signerSet.Contains(self))
            {
                // Every signer derives the same signing session from the DKG's key id and the run's session id.
                var signSession = new SignSession(share.KeyId, share.Epoch, signerSet, sid.Bytes);
                // The signing session's party set is the signers: broadcasts go to them only.
                using var signDelivery = hub.Open(signSession.Id, self, signerSet.ToDictionary(p => p, p => map[p]));
                var signature = await DklsSign.RunAsync(
                    new MpcSession(signDelivery, signSession.Id, SignSession.ProtocolName, self, signerSet, options), share, signSession, digest, null, cts.Token).ConfigureAwait(false);
                if (!Ecdsa.Verify(share.GroupKey, digest, signature.Signature, requireLowS: true))
                {
                    throw new CliException("dkg: the threshold signature does not verify", 1);
                }

                output.WriteLine(P2PListenCommand.Json(w =>
                {
                    w.WriteString("event", "signature");
                    w.WriteNumber("party", self.Value);
                    w.WriteString("r", "0x" + Convert.ToHexStringLower(signature.Signature.R.ToBytes()));
                    w.WriteString("s", "0x" + Convert.ToHexStringLower(signature.Signature.S.ToBytes()));
                    w.WriteNumber("recoveryId", signature.RecoveryId);
                }));
            }

            return 0;
        });
        return cmd;
    }

    /// <summary>Dials every party with a higher index (retrying while it starts), then waits for the lower ones to dial in.</summary>
    private static async Task ConnectAsync(P2PHost host, PartyIndex self, Dictionary<PartyIndex, Multiaddr> addresses, Dictionary<PartyIndex, PeerId> map, CancellationToken ct)
    {
        foreach (var (index, address) in addresses.Where(a => a.Key > self))
        {
            while (host.ConnectionsTo(map[index]).Count == 0)
            {
                try
                {
                    await host.DialAsync(address, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException or DltSigner.P2P.P2PProtocolException)
                {
                    await Task.Delay(100, ct).ConfigureAwait(false);
                }
            }
        }

        while (addresses.Keys.Any(i => host.ConnectionsTo(map[i]).Count == 0))
        {
            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }

    private static Dictionary<PartyIndex, Multiaddr> ParsePeers(string[] values, PartyIndex self)
    {
        var peers = new Dictionary<PartyIndex, Multiaddr>();
        foreach (var v in values)
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            if (eq < 1 || !int.TryParse(v.AsSpan(0, eq), NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i is < 1 or > ushort.MaxValue)
            {
                throw new CliException("dkg: --peer must be INDEX=MULTIADDR");
            }

            if (!Multiaddr.TryParse(v[(eq + 1)..], out var address, out var error))
            {
                throw new CliException($"dkg: --peer {i}: {error}");
            }

            var index = PartyIndex.FromInt32(i);
            if (index == self || !peers.TryAdd(index, address))
            {
                throw new CliException($"dkg: --peer {i} repeats a party");
            }
        }

        return peers.Count > 0 ? peers : throw new CliException("dkg: at least one --peer is needed");
    }

    private static List<PartyIndex> ParseSigners(string? value, List<PartyIndex> parties, int t)
    {
        var list = (value ?? throw new CliException("dkg: --sign needs --signers"))
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i is >= 1 and <= ushort.MaxValue ? PartyIndex.FromInt32(i) : throw new CliException("dkg: --signers: bad index"))
            .Distinct().Order().ToList();
        return list.Count >= t && list.All(parties.Contains) ? list : throw new CliException("dkg: --signers must name at least t parties of the session");
    }

    private static byte[] ParseHex(string text, int length, string option)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        try
        {
            var bytes = Convert.FromHexString(hex);
            return bytes.Length == length ? bytes : throw new CliException($"dkg: {option} must be {length} bytes of hex");
        }
        catch (FormatException)
        {
            throw new CliException($"dkg: {option} must be {length} bytes of hex");
        }
    }
}
