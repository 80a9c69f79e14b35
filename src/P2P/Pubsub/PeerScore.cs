using DltSigner.P2P.Identity;

namespace DltSigner.P2P.Pubsub;

/// <summary>
/// GossipSub v1.1 peer scores (P1–P4 per topic, P7 behaviour penalty). Called under the router's lock;
/// time is milliseconds of the router's clock. Counters decay once per heartbeat.
/// </summary>
internal sealed class PeerScore(PeerScoreParams parameters)
{
    private readonly Dictionary<PeerId, PeerStats> peers = [];

    public double Score(PeerId peer, long now)
    {
        if (!peers.TryGetValue(peer, out var stats))
        {
            return 0;
        }

        var score = 0.0;
        foreach (var (topic, t) in stats.Topics)
        {
            if (!parameters.Topics.TryGetValue(topic, out var p))
            {
                continue;
            }

            var topicScore = 0.0;
            if (t.InMesh)
            {
                var quanta = (now - t.GraftedAt) / p.TimeInMeshQuantum.TotalMilliseconds;
                topicScore += Math.Min(quanta, p.TimeInMeshCap) * p.TimeInMeshWeight;
            }

            topicScore += t.FirstMessageDeliveries * p.FirstMessageDeliveriesWeight;
            if (t.InMesh && now - t.GraftedAt >= p.MeshMessageDeliveriesActivation.TotalMilliseconds
                && t.MeshMessageDeliveries < p.MeshMessageDeliveriesThreshold)
            {
                var deficit = p.MeshMessageDeliveriesThreshold - t.MeshMessageDeliveries;
                topicScore += deficit * deficit * p.MeshMessageDeliveriesWeight;
            }

            topicScore += t.InvalidMessageDeliveries * t.InvalidMessageDeliveries * p.InvalidMessageDeliveriesWeight;
            score += topicScore * p.TopicWeight;
        }

        var excess = stats.BehaviourPenalty - parameters.BehaviourPenaltyThreshold;
        if (excess > 0)
        {
            score += excess * excess * parameters.BehaviourPenaltyWeight;
        }

        return score;
    }

    public void AddPeer(PeerId peer)
    {
        if (peers.TryGetValue(peer, out var stats))
        {
            stats.DisconnectedAt = null;
        }
        else
        {
            peers[peer] = new PeerStats();
        }
    }

    public void RemovePeer(PeerId peer, long now)
    {
        if (peers.TryGetValue(peer, out var stats))
        {
            stats.DisconnectedAt = now;
            foreach (var t in stats.Topics.Values)
            {
                t.InMesh = false;
            }
        }
    }

    public void Graft(PeerId peer, string topic, long now)
    {
        var t = Topic(peer, topic);
        if (t is not null)
        {
            t.InMesh = true;
            t.GraftedAt = now;
        }
    }

    public void Prune(PeerId peer, string topic)
    {
        var t = Topic(peer, topic);
        if (t is not null)
        {
            t.InMesh = false;
        }
    }

    public void AddPenalty(PeerId peer, double count)
    {
        if (peers.TryGetValue(peer, out var stats))
        {
            stats.BehaviourPenalty += count;
        }
    }

    public void InvalidMessage(PeerId peer, string topic)
    {
        var t = Topic(peer, topic);
        if (t is not null)
        {
            t.InvalidMessageDeliveries += 1;
        }
    }

    /// <summary>A valid message this peer delivered first (P2, and P3 when it is in our mesh).</summary>
    public void FirstDelivery(PeerId peer, string topic)
    {
        var t = Topic(peer, topic);
        if (t is not null && parameters.Topics.TryGetValue(topic, out var p))
        {
            t.FirstMessageDeliveries = Math.Min(t.FirstMessageDeliveries + 1, p.FirstMessageDeliveriesCap);
            if (t.InMesh)
            {
                t.MeshMessageDeliveries = Math.Min(t.MeshMessageDeliveries + 1, p.MeshMessageDeliveriesCap);
            }
        }
    }

    /// <summary>A duplicate from a mesh peer within the delivery window still counts for P3.</summary>
    public void DuplicateDelivery(PeerId peer, string topic, long firstSeen, long now)
    {
        var t = Topic(peer, topic);
        if (t is not null && t.InMesh && parameters.Topics.TryGetValue(topic, out var p)
            && now - firstSeen <= p.MeshMessageDeliveriesWindow.TotalMilliseconds)
        {
            t.MeshMessageDeliveries = Math.Min(t.MeshMessageDeliveries + 1, p.MeshMessageDeliveriesCap);
        }
    }

    public void Decay(long now)
    {
        List<PeerId>? expired = null;
        foreach (var (peer, stats) in peers)
        {
            if (stats.DisconnectedAt is { } at && now - at > parameters.RetainScore.TotalMilliseconds)
            {
                (expired ??= []).Add(peer);
                continue;
            }

            foreach (var (topic, t) in stats.Topics)
            {
                if (parameters.Topics.TryGetValue(topic, out var p))
                {
                    t.FirstMessageDeliveries = DecayValue(t.FirstMessageDeliveries, p.FirstMessageDeliveriesDecay);
                    t.MeshMessageDeliveries = DecayValue(t.MeshMessageDeliveries, p.MeshMessageDeliveriesDecay);
                    t.InvalidMessageDeliveries = DecayValue(t.InvalidMessageDeliveries, p.InvalidMessageDeliveriesDecay);
                }
            }

            stats.BehaviourPenalty = DecayValue(stats.BehaviourPenalty, parameters.BehaviourPenaltyDecay);
        }

        foreach (var peer in expired ?? [])
        {
            peers.Remove(peer);
        }
    }

    private double DecayValue(double value, double decay)
    {
        var v = value * decay;
        return v < parameters.DecayToZero ? 0 : v;
    }

    private TopicStats? Topic(PeerId peer, string topic)
    {
        if (!peers.TryGetValue(peer, out var stats) || !parameters.Topics.ContainsKey(topic))
        {
            return null;
        }

        if (!stats.Topics.TryGetValue(topic, out var t))
        {
            t = new TopicStats();
            stats.Topics[topic] = t;
        }

        return t;
    }

    private sealed class PeerStats
    {
        public Dictionary<string, TopicStats> Topics { get; } = new(StringComparer.Ordinal);

        public double BehaviourPenalty { get; set; }

        public long? DisconnectedAt { get; set; }
    }

    private sealed class TopicStats
    {
        public bool InMesh { get; set; }

        public long GraftedAt { get; set; }

        public double FirstMessageDeliveries { get; set; }

        public double MeshMessageDeliveries { get; set; }

        public double InvalidMessageDeliveries { get; set; }
    }
}
