using System.Buffers.Binary;
using System.Threading.Channels;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub;
using DltSigner.P2P.Pubsub.Wire;
using DltSigner.P2P.Tests.Support;
using Google.Protobuf;

namespace DltSigner.P2P.Tests.Pubsub;

public sealed class GossipSubTests
{
    private const string Topic = "dltsigner-test";

    private static async Task<PubsubMessage> NextAsync(ChannelReader<PubsubMessage> reader)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadAsync(cts.Token);
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, cts.Token);
        }
    }

    [Fact]
    public async Task Message_crosses_a_line_of_three_nodes()
    {
        await using var net = new PubsubMesh();
        var (a, b, c) = (net.Add(), net.Add(), net.Add());
        net.Connect(a, b);
        net.Connect(b, c);
        var atB = b.Subscribe(Topic);
        var atC = c.Subscribe(Topic);
        a.Subscribe(Topic);
        await EventuallyAsync(() => b.TopicPeers(Topic).Count == 2 && a.TopicPeers(Topic).Count == 1 && c.TopicPeers(Topic).Count == 1);
        net.HeartbeatAll();
        await EventuallyAsync(() => a.MeshPeers(Topic).Count == 1 && c.MeshPeers(Topic).Count == 1 && b.MeshPeers(Topic).Count == 2);

        var id = a.Publish(Topic, "hello"u8);
        var got = await NextAsync(atC);
        Assert.Equal("hello"u8.ToArray(), got.Data.ToArray());
        Assert.Equal(a.LocalPeer, got.Author);
        Assert.Equal(b.LocalPeer, got.ReceivedFrom);
        Assert.Equal(id, got.Id);
        Assert.Equal(id, (await NextAsync(atB)).Id);
    }

    [Fact]
    public async Task Message_id_is_the_js_gossipsub_17_default_public_key_protobuf_then_seqno()
    {
        await using var net = new PubsubMesh();
        var a = net.Add();
        var raw = net.AddRaw(a);
        await raw.SendAsync(Subscribe(Topic));
        await EventuallyAsync(() => a.TopicPeers(Topic).Count == 1);
        var id = a.Publish(Topic, [1, 2, 3]);
        var rpc = await raw.ReceiveAsync(r => r.Publish.Count == 1);
        var m = rpc.Publish[0];
        Assert.True(m.HasKey);
        Assert.Equal(8, m.Seqno.Length);
        var keyProto = m.Key.ToByteArray();
        Assert.Equal([0x08, 0x01, 0x12, 0x20], keyProto[..4]);
        Assert.Equal([.. keyProto, .. m.Seqno.ToByteArray()], id.Bytes.ToArray());
        Assert.Equal(a.LocalPeer.Bytes.ToArray(), m.From.ToByteArray());
        Assert.Equal(MessageRejection.None, MessageSigning.Validate(m, out _, out _, out _));
    }

    [Fact]
    public async Task Seqno_is_monotonic_per_sender()
    {
        await using var net = new PubsubMesh();
        var a = net.Add();
        var raw = net.AddRaw(a);
        await raw.SendAsync(Subscribe(Topic));
        await EventuallyAsync(() => a.TopicPeers(Topic).Count == 1);
        var last = 0UL;
        for (var i = 0; i < 5; i++)
        {
            a.Publish(Topic, [(byte)i]);
            var m = (await raw.ReceiveAsync(r => r.Publish.Count == 1)).Publish[0];
            var s = BinaryPrimitives.ReadUInt64BigEndian(m.Seqno.Span);
            Assert.True(s > last);
            last = s;
        }
    }

    [Fact]
    public async Task Mesh_heartbeat_keeps_degree_between_Dlo_and_Dhi()
    {
        await using var net = new PubsubMesh();
        var options = new GossipSubOptions { D = 3, Dlo = 2, Dhi = 4, Dscore = 1, Dout = 1, Dlazy = 2 };
        for (var i = 0; i < 8; i++)
        {
            net.Add(options);
        }

        for (var i = 0; i < 8; i++)
        {
            for (var j = i + 1; j < 8; j++)
            {
                net.Connect(net.Nodes[i], net.Nodes[j]);
            }
        }

        var readers = net.Nodes.Select(n => n.Subscribe(Topic)).ToList();
        await EventuallyAsync(() => net.Nodes.All(n => n.TopicPeers(Topic).Count == 7));
        // Heartbeats until every mesh is within bounds (GRAFT/PRUNE of one heartbeat may still be in flight at the next).
        for (var round = 0; !net.Nodes.All(n => n.MeshPeers(Topic).Count is >= 2 and <= 4); round++)
        {
            Assert.True(round < 200, "meshes did not settle");
            net.HeartbeatAll();
            await Task.Delay(20);
        }
        net.Nodes[0].Publish(Topic, "to all"u8);
        for (var i = 1; i < 8; i++)
        {
            Assert.Equal("to all"u8.ToArray(), (await NextAsync(readers[i])).Data.ToArray());
        }
    }

    [Fact]
    public async Task Forged_signature_is_rejected_and_scored_as_invalid()
    {
        var scoring = new GossipSubOptions
        {
            Score = new PeerScoreParams { Topics = new Dictionary<string, TopicScoreParams> { [Topic] = new() { InvalidMessageDeliveriesWeight = -1, FirstMessageDeliveriesWeight = 0 } } },
        };
        await using var net = new PubsubMesh();
        var a = net.Add(scoring);
        var sub = a.Subscribe(Topic);
        var raw = net.AddRaw(a);
        await raw.SendAsync(Subscribe(Topic));
        var message = MessageSigning.Sign(raw.Key, Topic, "genuine"u8, 1);
        message.Data = ByteString.CopyFromUtf8("forged");
        await raw.SendAsync(Publish(message));
        var good = MessageSigning.Sign(raw.Key, Topic, "genuine"u8, 2);
        await raw.SendAsync(Publish(good));
        var got = await NextAsync(sub);
        Assert.Equal("genuine"u8.ToArray(), got.Data.ToArray());
        Assert.Equal(2UL, got.SequenceNumber);
        Assert.Equal(-1, a.Score(raw.Id));
    }

    [Fact]
    public async Task Graylisted_peer_is_ignored()
    {
        var scoring = new GossipSubOptions
        {
            Score = new PeerScoreParams { Topics = new Dictionary<string, TopicScoreParams> { [Topic] = new() } },
        };
        await using var net = new PubsubMesh();
        var a = net.Add(scoring);
        var sub = a.Subscribe(Topic);
        var raw = net.AddRaw(a);
        var honest = net.AddRaw(a);
        var forged = MessageSigning.Sign(raw.Key, Topic, "genuine"u8, 1);
        forged.Data = ByteString.CopyFromUtf8("forged");
        a.HandleRpc(raw.Id, Publish(forged));
        a.HandleRpc(raw.Id, Publish(MessageSigning.Sign(raw.Key, Topic, "after"u8, 2)));
        a.HandleRpc(honest.Id, Publish(MessageSigning.Sign(honest.Key, Topic, "honest"u8, 1)));
        Assert.Equal("honest"u8.ToArray(), (await NextAsync(sub)).Data.ToArray());
        Assert.True(a.Score(raw.Id) < new PeerScoreThresholds().Graylist);
        Assert.False(sub.TryRead(out _));
    }

    [Fact]
    public async Task Key_that_is_not_the_authors_is_rejected()
    {
        await using var net = new PubsubMesh();
        var a = net.Add();
        var sub = a.Subscribe(Topic);
        var raw = net.AddRaw(a);
        using var other = IdentityKey.Generate();
        var message = MessageSigning.Sign(raw.Key, Topic, "x"u8, 1);
        message.Key = ByteString.CopyFrom(other.PublicKey.ToProtobuf());
        Assert.Equal(MessageRejection.KeyMismatch, MessageSigning.Validate(message, out _, out _, out _));

        // The key inlined in an Ed25519 peer id is enough: a message without `key` still verifies.
        var inlined = MessageSigning.Sign(raw.Key, Topic, "y"u8, 2);
        inlined.ClearKey();
        Assert.Equal(MessageRejection.None, MessageSigning.Validate(inlined, out _, out _, out _));
        await raw.SendAsync(Publish(message));
        await raw.SendAsync(Publish(inlined));
        Assert.Equal("y"u8.ToArray(), (await NextAsync(sub)).Data.ToArray());
    }

    [Fact]
    public async Task Duplicate_is_delivered_once()
    {
        await using var net = new PubsubMesh();
        var a = net.Add();
        var sub = a.Subscribe(Topic);
        var raw = net.AddRaw(a);
        var m = MessageSigning.Sign(raw.Key, Topic, "once"u8, 7);
        await raw.SendAsync(Publish(m));
        await raw.SendAsync(Publish(m));
        await raw.SendAsync(Publish(MessageSigning.Sign(raw.Key, Topic, "next"u8, 8)));
        Assert.Equal("once"u8.ToArray(), (await NextAsync(sub)).Data.ToArray());
        Assert.Equal("next"u8.ToArray(), (await NextAsync(sub)).Data.ToArray());
    }

    [Fact]
    public async Task Graft_during_backoff_is_pruned_and_penalised()
    {
        await using var net = new PubsubMesh();
        var a = net.Add();
        a.Subscribe(Topic);
        var raw = net.AddRaw(a);
        await GraftAsync(a, raw);
        await raw.SendAsync(Control(c => c.Prune.Add(new ControlPrune { TopicID = Topic, Backoff = 60 })));
        await EventuallyAsync(() => !a.MeshPeers(Topic).Contains(raw.Id));
        Assert.Equal(0, a.Score(raw.Id));

        await raw.SendAsync(Control(c => c.Graft.Add(new ControlGraft { TopicID = Topic })));
        var prune = await raw.ReceiveAsync(r => r.Control?.Prune.Count > 0);
        Assert.Equal(Topic, prune.Control.Prune[0].TopicID);
        Assert.DoesNotContain(raw.Id, a.MeshPeers(Topic));
        Assert.True(a.Score(raw.Id) < 0);
    }

    [Fact]
    public async Task Explicit_peer_is_never_grafted_but_always_forwarded_to()
    {
        await using var net = new PubsubMesh();
        var b = net.Add();
        var a = net.Add(new GossipSubOptions { DirectPeers = [b.LocalPeer], FloodPublish = false });
        net.Connect(a, b);
        var atB = b.Subscribe(Topic);
        a.Subscribe(Topic);
        await EventuallyAsync(() => a.TopicPeers(Topic).Count == 1);
        net.HeartbeatAll(3);
        await Task.Delay(50);
        Assert.Empty(a.MeshPeers(Topic));
        a.Publish(Topic, "direct"u8);
        Assert.Equal("direct"u8.ToArray(), (await NextAsync(atB)).Data.ToArray());
    }

    [Fact]
    public async Task Publisher_outside_the_allowlist_is_refused()
    {
        await using var net = new PubsubMesh();
        var allowed = IdentityKey.Generate();
        var a = net.Add(new GossipSubOptions { AllowPublisher = p => p == allowed.PeerId });
        var sub = a.Subscribe(Topic);
        var raw = net.AddRaw(a);
        await raw.SendAsync(Publish(MessageSigning.Sign(raw.Key, Topic, "intruder"u8, 1)));
        await raw.SendAsync(Publish(MessageSigning.Sign(allowed, Topic, "member"u8, 1)));
        var got = await NextAsync(sub);
        Assert.Equal("member"u8.ToArray(), got.Data.ToArray());
        Assert.Equal(raw.Id, got.ReceivedFrom);
        allowed.Dispose();
    }

    [Fact]
    public async Task IHave_of_an_unseen_message_is_answered_with_IWant_and_IWant_with_the_message()
    {
        await using var net = new PubsubMesh();
        var a = net.Add();
        a.Subscribe(Topic);
        var raw = net.AddRaw(a);
        await raw.SendAsync(Subscribe(Topic));
        var unseen = new byte[44];
        unseen[0] = 9;
        await raw.SendAsync(Control(c => c.Ihave.Add(new ControlIHave { TopicID = Topic, MessageIDs = { ByteString.CopyFrom(unseen) } })));
        var iwant = await raw.ReceiveAsync(r => r.Control?.Iwant.Count > 0);
        Assert.Equal(unseen, iwant.Control.Iwant[0].MessageIDs[0].ToByteArray());

        var id = a.Publish(Topic, "cached"u8);
        await raw.SendAsync(Control(c => c.Iwant.Add(new ControlIWant { MessageIDs = { ByteString.CopyFrom(id.Bytes.Span) } })));
        var reply = await raw.ReceiveAsync(r => r.Publish.Count > 0 && r.Control is null && r.Publish[0].Data.ToStringUtf8() == "cached"
            && r.Subscriptions.Count == 0);
        Assert.Single(reply.Publish);
    }

    [Fact]
    public async Task Heartbeat_gossips_IHave_to_a_non_mesh_peer()
    {
        await using var net = new PubsubMesh();
        var a = net.Add(new GossipSubOptions { D = 1, Dlo = 1, Dhi = 1, Dscore = 0, Dout = 0 });
        a.Subscribe(Topic);
        var first = net.AddRaw(a);
        var second = net.AddRaw(a);
        await first.SendAsync(Subscribe(Topic));
        await second.SendAsync(Subscribe(Topic));
        await EventuallyAsync(() => a.TopicPeers(Topic).Count == 2);
        net.HeartbeatAll();
        await EventuallyAsync(() => a.MeshPeers(Topic).Count == 1);
        var id = a.Publish(Topic, "gossip"u8);
        net.HeartbeatAll();
        var outside = a.MeshPeers(Topic).Contains(first.Id) ? second : first;
        var ihave = await outside.ReceiveAsync(r => r.Control?.Ihave.Count > 0);
        Assert.Contains(ihave.Control.Ihave[0].MessageIDs, m => m.Span.SequenceEqual(id.Bytes.Span));
    }

    [Fact]
    public async Task Large_message_sends_IDontWant_to_mesh_peers_on_meshsub_1_2()
    {
        await using var net = new PubsubMesh();
        var a = net.Add();
        a.Subscribe(Topic);
        var author = net.AddRaw(a);
        var meshPeer = net.AddRaw(a);
        await GraftAsync(a, meshPeer);
        var big = MessageSigning.Sign(author.Key, Topic, new byte[2048], 1);
        await author.SendAsync(Publish(big));
        var dontWant = await meshPeer.ReceiveAsync(r => r.Control?.Idontwant.Count > 0);
        var expected = MessageId.StrictSign(author.Key.PublicKey.ToProtobuf(), 1);
        Assert.Equal(expected.Bytes.ToArray(), dontWant.Control.Idontwant[0].MessageIDs[0].ToByteArray());
        var forwarded = await meshPeer.ReceiveAsync(r => r.Publish.Count > 0);
        Assert.Equal(2048, forwarded.Publish[0].Data.Length);
    }

    [Fact]
    public async Task Peer_that_sent_IDontWant_does_not_get_the_message()
    {
        await using var net = new PubsubMesh();
        var a = net.Add();
        a.Subscribe(Topic);
        var author = net.AddRaw(a);
        var meshPeer = net.AddRaw(a);
        await GraftAsync(a, meshPeer);
        var skipped = MessageSigning.Sign(author.Key, Topic, "skip"u8, 1);
        var id = MessageId.StrictSign(author.Key.PublicKey.ToProtobuf(), 1);
        await meshPeer.SendAsync(Control(c => c.Idontwant.Add(new ControlIDontWant { MessageIDs = { ByteString.CopyFrom(id.Bytes.Span) } })));
        await Task.Delay(50);
        await author.SendAsync(Publish(skipped));
        await author.SendAsync(Publish(MessageSigning.Sign(author.Key, Topic, "keep"u8, 2)));
        var next = await meshPeer.ReceiveAsync(r => r.Publish.Count > 0);
        Assert.Equal("keep", next.Publish[0].Data.ToStringUtf8());
    }

    [Fact]
    public async Task Oversized_frame_ends_the_stream_and_is_penalised()
    {
        await using var net = new PubsubMesh();
        var a = net.Add(new GossipSubOptions { MaxRpcSize = 4096 });
        var raw = net.AddRaw(a);
        var header = new byte[5];
        var n = DltSigner.P2P.Multiformats.Varint.Write(1 << 20, header);
        await raw.ToRouter.WriteAsync(header.AsMemory(0, n));
        await raw.ToRouter.FlushAsync();
        await EventuallyAsync(() => a.Score(raw.Id) < 0);
    }

    [Fact]
    public async Task Unsubscribe_prunes_the_mesh_with_backoff()
    {
        await using var net = new PubsubMesh();
        var a = net.Add();
        a.Subscribe(Topic);
        var raw = net.AddRaw(a);
        await GraftAsync(a, raw);
        a.Unsubscribe(Topic);
        var prune = await raw.ReceiveAsync(r => r.Control?.Prune.Count > 0);
        Assert.Equal(60UL, prune.Control.Prune[0].Backoff);
        Assert.Empty(a.MeshPeers(Topic));
    }

    [Fact]
    public async Task Fanout_carries_publishes_to_a_topic_not_joined()
    {
        await using var net = new PubsubMesh();
        var a = net.Add(new GossipSubOptions { FloodPublish = false });
        var b = net.Add();
        net.Connect(a, b);
        var atB = b.Subscribe(Topic);
        await EventuallyAsync(() => a.TopicPeers(Topic).Count == 1);
        a.Publish(Topic, "fan"u8);
        Assert.Equal("fan"u8.ToArray(), (await NextAsync(atB)).Data.ToArray());
        Assert.Single(a.FanoutPeers(Topic));
        net.Clock.Advance(TimeSpan.FromSeconds(61));
        a.Heartbeat();
        Assert.Empty(a.FanoutPeers(Topic));
    }

    private static async Task GraftAsync(GossipSubRouter router, RawPeer peer)
    {
        await peer.SendAsync(Subscribe(Topic));
        await peer.SendAsync(Control(c => c.Graft.Add(new ControlGraft { TopicID = Topic })));
        await EventuallyAsync(() => router.MeshPeers(Topic).Contains(peer.Id));
    }

    internal static RPC Subscribe(string topic) =>
        new() { Subscriptions = { new RPC.Types.SubOpts { Subscribe = true, Topicid = topic } } };

    internal static RPC Publish(Message m) => new() { Publish = { m } };

    internal static RPC Control(Action<ControlMessage> fill)
    {
        var c = new ControlMessage();
        fill(c);
        return new RPC { Control = c };
    }
}
