namespace DltSigner.P2P.Pubsub;

/// <summary>
/// GossipSub v1.1 score thresholds (spec "Score Thresholds"; js defaults): below Gossip no IHAVE/IWANT is
/// exchanged, below Publish no flood-published message is sent to the peer, below Graylist its RPCs are ignored.
/// </summary>
public sealed record PeerScoreThresholds
{
    public double Gossip { get; init; } = -10;
    public double Publish { get; init; } = -50;
    public double Graylist { get; init; } = -80;
}

/// <summary>The v1.1 score function's parameters (spec "The Score Function"): per-topic P1–P4 and the behaviour penalty P7.</summary>
public sealed record PeerScoreParams
{
    public IReadOnlyDictionary<string, TopicScoreParams> Topics { get; init; } = new Dictionary<string, TopicScoreParams>(StringComparer.Ordinal);

    /// <summary>P7: weight (negative) applied to the square of the penalty count above the threshold.</summary>
    public double BehaviourPenaltyWeight { get; init; } = -10;
    public double BehaviourPenaltyThreshold { get; init; }
    public double BehaviourPenaltyDecay { get; init; } = 0.99;

    /// <summary>Counters that decay below this become zero.</summary>
    public double DecayToZero { get; init; } = 0.01;

    /// <summary>How long a disconnected peer's counters are retained (so reconnecting does not reset penalties).</summary>
    public TimeSpan RetainScore { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>Per-topic parameters: P1 time in mesh, P2 first deliveries, P3 mesh delivery deficit, P4 invalid messages.</summary>
public sealed record TopicScoreParams
{
    public double TopicWeight { get; init; } = 1;

    public double TimeInMeshWeight { get; init; } = 0.01;
    public TimeSpan TimeInMeshQuantum { get; init; } = TimeSpan.FromSeconds(1);
    public double TimeInMeshCap { get; init; } = 3600;

    public double FirstMessageDeliveriesWeight { get; init; } = 1;
    public double FirstMessageDeliveriesDecay { get; init; } = 0.5;
    public double FirstMessageDeliveriesCap { get; init; } = 2000;

    /// <summary>P3 (negative weight): the square of the deficit below the threshold, once the peer has been in the mesh for the activation time.</summary>
    public double MeshMessageDeliveriesWeight { get; init; }
    public double MeshMessageDeliveriesDecay { get; init; } = 0.5;
    public double MeshMessageDeliveriesCap { get; init; } = 100;
    public double MeshMessageDeliveriesThreshold { get; init; } = 1;
    public TimeSpan MeshMessageDeliveriesWindow { get; init; } = TimeSpan.FromMilliseconds(10);
    public TimeSpan MeshMessageDeliveriesActivation { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>P4 (negative weight): the square of invalid message deliveries.</summary>
    public double InvalidMessageDeliveriesWeight { get; init; } = -100;
    public double InvalidMessageDeliveriesDecay { get; init; } = 0.5;
}
