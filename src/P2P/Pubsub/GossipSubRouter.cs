using System.Security.Cryptography;
using System.Threading.Channels;
using DltSigner.P2P.Framing;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub.Wire;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DltSigner.P2P.Pubsub;

/// <summary>
/// A GossipSub v1.1/v1.2 router (libp2p/specs pubsub/gossipsub): StrictSign messages, a mesh per
/// subscribed topic kept between Dlo and Dhi by the heartbeat, fanout for topics published to but not
/// joined, IHAVE/IWANT gossip from the message cache, GRAFT/PRUNE with backoff, IDONTWANT (v1.2),
/// explicit peers and v1.1 peer scoring. The connection layer hands it, per peer, the outbound stream
/// this node opened (<see cref="AddPeer"/>) and each inbound stream the peer opened (<see cref="HandleInboundAsync"/>).
/// </summary>
/// <remarks>All state is guarded by one lock; sending only enqueues a frame for the peer's writer task.</remarks>
public sealed partial class GossipSubRouter : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly IdentityKey self;
    private readonly GossipSubOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Dictionary<PeerId, PeerState> peers = [];
    private readonly Dictionary<string, HashSet<PeerId>> mesh = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<PeerId>> fanout = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> fanoutLastPublished = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Channel<PubsubMessage>> subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<(PeerId Peer, string Topic), long> backoff = [];
    private readonly HashSet<PeerId> direct;
    private readonly SeenCache seen;
    private readonly MessageCache cache;
    private readonly PeerScore score;
    private readonly CancellationTokenSource stopping = new();
    private ITimer? heartbeatTimer;
    private long seqno;
    private bool disposed;

    public GossipSubRouter(IdentityKey self, GossipSubOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(self);
        this.self = self;
        this.options = options ?? new GossipSubOptions();
        this.options.Validate();
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
        direct = [.. this.options.DirectPeers];
        seen = new SeenCache(this.options.SeenTtl);
        cache = new MessageCache(this.options.HistoryLength, this.options.HistoryGossip);
        score = new PeerScore(this.options.Score);

        // Monotonic per sender and increasing across restarts: seeded from the clock in nanoseconds (as js, go and rust).
        seqno = this.time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
    }

    public PeerId LocalPeer => self.PeerId;

    /// <summary>Starts the heartbeat timer (tests may call <see cref="Heartbeat"/> themselves instead).</summary>
    public void Start()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            heartbeatTimer ??= time.CreateTimer(_ => Heartbeat(), null, options.HeartbeatInterval, options.HeartbeatInterval);
        }
    }

    /// <summary>
    /// A peer that speaks <paramref name="protocol"/> (one of <see cref="GossipSubOptions.Protocols"/>), with the
    /// stream this node opened to it; our subscriptions are sent on it at once.
    /// </summary>
    public void AddPeer(PeerId peer, string protocol, bool outboundConnection, Stream sendStream)
    {
        ArgumentNullException.ThrowIfNull(sendStream);
        if (!GossipSubOptions.Protocols.Contains(protocol))
        {
            throw new ArgumentException("not a meshsub protocol id", nameof(protocol));
        }

        PeerState state;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (peers.ContainsKey(peer))
            {
                throw new InvalidOperationException("pubsub peer already added");
            }

            state = new PeerState(peer, protocol, outboundConnection, options.MaxOutboundQueue);
            peers[peer] = state;
            score.AddPeer(peer);
            Log.PeerAdded(logger, peer.ToString(), protocol, outboundConnection);
            if (subscriptions.Count > 0)
            {
                var hello = new RPC();
                foreach (var topic in subscriptions.Keys)
                {
                    hello.Subscriptions.Add(new RPC.Types.SubOpts { Subscribe = true, Topicid = topic });
                }

                Send(state, hello);
            }
        }

        state.Writer = Task.Run(() => WriteLoopAsync(state, sendStream));
    }

    /// <summary>Forgets a disconnected peer (its score is retained for a while); its writer task ends.</summary>
    public void RemovePeer(PeerId peer)
    {
        lock (gate)
        {
            if (!peers.Remove(peer, out var state))
            {
                return;
            }

            state.Queue.Writer.TryComplete();
            foreach (var set in mesh.Values)
            {
                set.Remove(peer);
            }

            foreach (var set in fanout.Values)
            {
                set.Remove(peer);
            }

            score.RemovePeer(peer, Now());
            Log.PeerRemoved(logger, peer.ToString());
        }
    }

    /// <summary>Joins a topic; messages arrive on the returned reader until <see cref="Unsubscribe"/>.</summary>
    public ChannelReader<PubsubMessage> Subscribe(string topic)
    {
        CheckTopic(topic);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (subscriptions.TryGetValue(topic, out var existing))
            {
                return existing.Reader;
            }

            var channel = Channel.CreateBounded<PubsubMessage>(new BoundedChannelOptions(options.SubscriptionQueue)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleWriter = true,
            });
            subscriptions[topic] = channel;
            var announce = new RPC();
            announce.Subscriptions.Add(new RPC.Types.SubOpts { Subscribe = true, Topicid = topic });
            foreach (var p in peers.Values)
            {
                Send(p, announce);
            }

            Join(topic);
            return channel.Reader;
        }
    }

    public void Unsubscribe(string topic)
    {
        lock (gate)
        {
            if (!subscriptions.Remove(topic, out var channel))
            {
                return;
            }

            channel.Writer.TryComplete();
            var announce = new RPC();
            announce.Subscriptions.Add(new RPC.Types.SubOpts { Subscribe = false, Topicid = topic });
            foreach (var p in peers.Values)
            {
                Send(p, announce);
            }

            if (mesh.Remove(topic, out var members))
            {
                foreach (var id in members)
                {
                    score.Prune(id, topic);
                    SetBackoff(id, topic, options.PruneBackoff);
                    if (peers.TryGetValue(id, out var p))
                    {
                        Send(p, ControlRpc(c => c.Prune.Add(Prune(topic, options.PruneBackoff))));
                    }
                }
            }
        }
    }

    /// <summary>Signs and sends a message; returns its id. The data is copied before this returns.</summary>
    public MessageId Publish(string topic, ReadOnlySpan<byte> data)
    {
        CheckTopic(topic);
        if (data.Length > options.MaxRpcSize - 1024)
        {
            throw new ArgumentException("message larger than the RPC size limit", nameof(data));
        }

        var message = MessageSigning.Sign(self, topic, data, (ulong)Interlocked.Increment(ref seqno));
        var id = MessageId.StrictSign(message.Key.Span, MessageSigningSeqno(message));
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var now = Now();
            seen.TryAdd(id, now);
            cache.Put(id, message);
            var rpc = new RPC();
            rpc.Publish.Add(message);
            foreach (var target in PublishTargets(topic, now))
            {
                Send(peers[target], rpc);
            }
        }

        return id;
    }

    public IReadOnlyCollection<PeerId> MeshPeers(string topic)
    {
        lock (gate)
        {
            return mesh.TryGetValue(topic, out var set) ? [.. set] : [];
        }
    }

    public IReadOnlyCollection<PeerId> FanoutPeers(string topic)
    {
        lock (gate)
        {
            return fanout.TryGetValue(topic, out var set) ? [.. set] : [];
        }
    }

    /// <summary>Peers known to be subscribed to a topic.</summary>
    public IReadOnlyCollection<PeerId> TopicPeers(string topic)
    {
        lock (gate)
        {
            return [.. peers.Values.Where(p => p.Topics.Contains(topic)).Select(p => p.Id)];
        }
    }

    public double Score(PeerId peer)
    {
        lock (gate)
        {
            return score.Score(peer, Now());
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] writers;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            heartbeatTimer?.Dispose();
            foreach (var p in peers.Values)
            {
                p.Queue.Writer.TryComplete();
            }

            foreach (var s in subscriptions.Values)
            {
                s.Writer.TryComplete();
            }

            writers = [.. peers.Values.Select(p => p.Writer ?? Task.CompletedTask)];
            peers.Clear();
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(writers).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private static ulong MessageSigningSeqno(Message m) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(m.Seqno.Span);

    private void CheckTopic(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(topic.Length, options.MaxTopicLength);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private List<PeerId> PublishTargets(string topic, long now)
    {
        var targets = new HashSet<PeerId>();
        foreach (var p in peers.Values)
        {
            if (p.Topics.Contains(topic) && direct.Contains(p.Id))
            {
                targets.Add(p.Id);
            }
        }

        if (options.FloodPublish)
        {
            foreach (var p in peers.Values)
            {
                if (p.Topics.Contains(topic) && score.Score(p.Id, now) >= options.Thresholds.Publish)
                {
                    targets.Add(p.Id);
                }
            }
        }
        else if (mesh.TryGetValue(topic, out var members))
        {
            targets.UnionWith(members);
        }
        else
        {
            if (!fanout.TryGetValue(topic, out var f))
            {
                f = [.. Pick(Candidates(topic, now, options.Thresholds.Publish, excluded: null), options.D)];
                fanout[topic] = f;
            }

            fanoutLastPublished[topic] = now;
            targets.UnionWith(f);
        }

        return [.. targets];
    }

    /// <summary>Topic peers that may join a mesh or fanout: not direct, not in backoff (for a mesh), scored at least <paramref name="minScore"/>.</summary>
    private List<PeerId> Candidates(string topic, long now, double minScore, HashSet<PeerId>? excluded, bool respectBackoff = false)
    {
        var list = new List<PeerId>();
        foreach (var p in peers.Values)
        {
            if (p.Topics.Contains(topic) && !direct.Contains(p.Id) && (excluded is null || !excluded.Contains(p.Id))
                && (!respectBackoff || !InBackoff(p.Id, topic, now)) && score.Score(p.Id, now) >= minScore)
            {
                list.Add(p.Id);
            }
        }

        return list;
    }

    private static List<PeerId> Pick(List<PeerId> candidates, int count)
    {
        var array = candidates.ToArray();
        RandomNumberGenerator.Shuffle(array.AsSpan());
        return [.. array.Take(count)];
    }

    private void Join(string topic)
    {
        var now = Now();
        var members = new HashSet<PeerId>();
        if (fanout.Remove(topic, out var f))
        {
            fanoutLastPublished.Remove(topic);
            foreach (var id in f)
            {
                if (score.Score(id, now) >= 0 && members.Count < options.D)
                {
                    members.Add(id);
                }
            }
        }

        if (members.Count < options.D)
        {
            members.UnionWith(Pick(Candidates(topic, now, 0, members, respectBackoff: true), options.D - members.Count));
        }

        mesh[topic] = members;
        foreach (var id in members)
        {
            score.Graft(id, topic, now);
            Send(peers[id], ControlRpc(c => c.Graft.Add(new ControlGraft { TopicID = topic })));
        }
    }

    private bool InBackoff(PeerId peer, string topic, long now) =>
        backoff.TryGetValue((peer, topic), out var until) && until > now;

    private void SetBackoff(PeerId peer, string topic, TimeSpan duration)
    {
        var until = Now() + (long)duration.TotalMilliseconds;
        if (!backoff.TryGetValue((peer, topic), out var existing) || existing < until)
        {
            backoff[(peer, topic)] = until;
        }
    }

    private static ControlPrune Prune(string topic, TimeSpan backoffDuration) =>
        new() { TopicID = topic, Backoff = (ulong)backoffDuration.TotalSeconds };

    private static RPC ControlRpc(Action<ControlMessage> fill)
    {
        var control = new ControlMessage();
        fill(control);
        return new RPC { Control = control };
    }

    private void Send(PeerState peer, RPC rpc)
    {
        var frame = StreamFrames.Encode(rpc.ToByteArray());
        if (!peer.Queue.Writer.TryWrite(frame))
        {
            Log.QueueFull(logger, peer.Id.ToString());
        }
    }

    private async Task WriteLoopAsync(PeerState peer, Stream stream)
    {
        try
        {
            await foreach (var frame in peer.Queue.Reader.ReadAllAsync(stopping.Token).ConfigureAwait(false))
            {
                await stream.WriteAsync(frame, stopping.Token).ConfigureAwait(false);
                if (peer.Queue.Reader.Count == 0)
                {
                    await stream.FlushAsync(stopping.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            Log.SendFailed(logger, peer.Id.ToString(), e.Message);
            RemovePeer(peer.Id);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class PeerState(PeerId id, string protocol, bool outbound, int queueLength)
    {
        public PeerId Id { get; } = id;

        public string Protocol { get; } = protocol;

        public bool Outbound { get; } = outbound;

        public bool SupportsIDontWant => string.Equals(Protocol, GossipSubOptions.MeshSub12, StringComparison.Ordinal);

        public Channel<byte[]> Queue { get; } = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueLength)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });

        public Task? Writer { get; set; }

        public HashSet<string> Topics { get; } = new(StringComparer.Ordinal);

        /// <summary>IHAVE RPCs received and message ids asked for in this heartbeat.</summary>
        public int IHaveCount { get; set; }

        public int IWantAsked { get; set; }

        /// <summary>IDONTWANT ids from this peer, with the heartbeat count at which they expire.</summary>
        public Dictionary<MessageId, long> DontWant { get; } = [];
    }
}
