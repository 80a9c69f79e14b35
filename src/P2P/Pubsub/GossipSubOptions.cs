namespace DltSigner.P2P.Pubsub;

/// <summary>
/// GossipSub parameters with the defaults of the spec (gossipsub v1.0/v1.1) and js @libp2p/gossipsub 17,
/// plus the limits that bound what one peer can make this node hold or do.
/// </summary>
public sealed record GossipSubOptions
{
    public const string MeshSub12 = "/meshsub/1.2.0";
    public const string MeshSub11 = "/meshsub/1.1.0";
    public const string MeshSub10 = "/meshsub/1.0.0";

    /// <summary>Protocol ids in order of preference (1.2 adds IDONTWANT).</summary>
    public static readonly IReadOnlyList<string> Protocols = [MeshSub12, MeshSub11, MeshSub10];

    public int D { get; init; } = 6;
    public int Dlo { get; init; } = 4;
    public int Dhi { get; init; } = 12;
    public int Dlazy { get; init; } = 6;
    public int Dout { get; init; } = 2;

    /// <summary>Peers kept by score when the mesh is pruned (D_score).</summary>
    public int Dscore { get; init; } = 4;

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan FanoutTtl { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan PruneBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a message id stays in the seen cache (js: 2 minutes).</summary>
    public TimeSpan SeenTtl { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Heartbeats of history in the message cache, and how many of them IHAVE gossip covers.</summary>
    public int HistoryLength { get; init; } = 5;
    public int HistoryGossip { get; init; } = 3;

    /// <summary>Publish to every peer of the topic above the publish threshold, not just the mesh (js default).</summary>
    public bool FloodPublish { get; init; } = true;

    /// <summary>Explicit (direct) peers: always forwarded to, never in the mesh; a GRAFT from one is refused.</summary>
    public IReadOnlyCollection<Identity.PeerId> DirectPeers { get; init; } = [];

    /// <summary>Largest RPC frame accepted from a peer (the delivery carries envelopes up to 4 MiB).</summary>
    public int MaxRpcSize { get; init; } = (4 * 1024 * 1024) + (64 * 1024);

    public int MaxMessagesPerRpc { get; init; } = 256;
    public int MaxSubscriptionsPerRpc { get; init; } = 256;
    public int MaxTopicsPerPeer { get; init; } = 512;
    public int MaxTopicLength { get; init; } = 256;

    /// <summary>IHAVE announcements accepted from one peer per heartbeat, and message ids asked for per heartbeat (go/js: 10 and 5000).</summary>
    public int MaxIHaveMessages { get; init; } = 10;
    public int MaxIHaveLength { get; init; } = 5000;

    /// <summary>Times one peer may ask for the same message through IWANT.</summary>
    public int GossipRetransmission { get; init; } = 3;

    /// <summary>IDONTWANT ids remembered per peer, and the smallest message that makes this node send IDONTWANT.</summary>
    public int MaxIDontWantPerPeer { get; init; } = 5000;
    public int IDontWantMinDataSize { get; init; } = 512;

    /// <summary>Frames queued to one peer before further ones are dropped (a slow reader cannot grow memory).</summary>
    public int MaxOutboundQueue { get; init; } = 1024;

    /// <summary>Messages queued to one local subscriber before the oldest is dropped.</summary>
    public int SubscriptionQueue { get; init; } = 4096;

    public PeerScoreParams Score { get; init; } = new();

    public PeerScoreThresholds Thresholds { get; init; } = new();

    /// <summary>
    /// Whether a message from this publisher (its <c>from</c>, already authenticated by its signature) may be
    /// accepted and forwarded: the permissioned gater. Null accepts every publisher.
    /// </summary>
    public Func<Identity.PeerId, bool>? AllowPublisher { get; init; }

    internal void Validate()
    {
        if (!(Dlo <= D && D <= Dhi && Dout < Dlo && Dout <= D / 2 && Dlo >= 1))
        {
            throw new ArgumentException("GossipSub degrees must satisfy 1 <= Dlo <= D <= Dhi and Dout < Dlo, Dout <= D/2");
        }

        if (HistoryGossip > HistoryLength || HistoryGossip < 1)
        {
            throw new ArgumentException("GossipSub: 1 <= HistoryGossip <= HistoryLength");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRpcSize, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatInterval, TimeSpan.Zero);
    }
}
