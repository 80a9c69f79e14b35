using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub.Wire;
using Google.Protobuf;

namespace DltSigner.P2P.Pubsub;

public sealed partial class GossipSubRouter
{
    private long heartbeats;

    /// <summary>
    /// One heartbeat (spec "Heartbeat"): mesh maintenance between Dlo and Dhi with Dout outbound peers,
    /// fanout expiry and refill, IHAVE gossip to Dlazy non-mesh peers, cache shift, score decay.
    /// Control messages for one peer go out in one RPC.
    /// </summary>
    public void Heartbeat()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            var now = Now();
            heartbeats++;
            var outgoing = new Dictionary<PeerId, ControlMessage>();
            ControlMessage To(PeerId p)
            {
                if (!outgoing.TryGetValue(p, out var c))
                {
                    c = new ControlMessage();
                    outgoing[p] = c;
                }

                return c;
            }

            foreach (var (topic, members) in mesh)
            {
                MaintainMesh(topic, members, now, To);
            }

            MaintainFanout(now);
            foreach (var topic in mesh.Keys.Concat(fanout.Keys))
            {
                EmitGossip(topic, now, To);
            }

            foreach (var (p, control) in outgoing)
            {
                if (peers.TryGetValue(p, out var state))
                {
                    Send(state, new RPC { Control = control });
                }
            }

            foreach (var key in backoff.Where(b => b.Value <= now).Select(b => b.Key).ToList())
            {
                backoff.Remove(key);
            }

            foreach (var p in peers.Values)
            {
                p.IHaveCount = 0;
                p.IWantAsked = 0;
                foreach (var id in p.DontWant.Where(d => d.Value <= heartbeats).Select(d => d.Key).ToList())
                {
                    p.DontWant.Remove(id);
                }
            }

            cache.Shift();
            seen.Prune(now);
            score.Decay(now);
        }
    }

    private void MaintainMesh(string topic, HashSet<PeerId> members, long now, Func<PeerId, ControlMessage> to)
    {
        void Remove(PeerId p)
        {
            members.Remove(p);
            score.Prune(p, topic);
            SetBackoff(p, topic, options.PruneBackoff);
            to(p).Prune.Add(Prune(topic, options.PruneBackoff));
        }

        void Add(PeerId p)
        {
            members.Add(p);
            score.Graft(p, topic, now);
            to(p).Graft.Add(new ControlGraft { TopicID = topic });
        }

        foreach (var p in members.Where(p => score.Score(p, now) < 0).ToList())
        {
            Remove(p);
        }

        if (members.Count < options.Dlo)
        {
            foreach (var p in Pick(Candidates(topic, now, 0, members, respectBackoff: true), options.D - members.Count))
            {
                Add(p);
            }
        }

        if (members.Count > options.Dhi)
        {
            // Keep the Dscore best, then random ones up to D, with at least Dout outbound peers among them.
            var byScore = members.OrderByDescending(p => score.Score(p, now)).ToList();
            var keep = new HashSet<PeerId>(byScore.Take(options.Dscore));
            var rest = Pick([.. byScore.Skip(options.Dscore)], members.Count);
            var outbound = keep.Count(IsOutbound);
            foreach (var p in rest.Where(IsOutbound))
            {
                if (outbound >= options.Dout || keep.Count >= options.D)
                {
                    break;
                }

                keep.Add(p);
                outbound++;
            }

            foreach (var p in rest)
            {
                if (keep.Count >= options.D)
                {
                    break;
                }

                keep.Add(p);
            }

            foreach (var p in members.Where(p => !keep.Contains(p)).ToList())
            {
                Remove(p);
            }
        }

        if (members.Count >= options.Dlo && members.Count(IsOutbound) < options.Dout)
        {
            var outboundCandidates = Candidates(topic, now, 0, members, respectBackoff: true).Where(IsOutbound).ToList();
            foreach (var p in Pick(outboundCandidates, options.Dout - members.Count(IsOutbound)))
            {
                Add(p);
            }
        }
    }

    private bool IsOutbound(PeerId p) => peers.TryGetValue(p, out var s) && s.Outbound;

    private void MaintainFanout(long now)
    {
        foreach (var topic in fanoutLastPublished.Where(f => now - f.Value > options.FanoutTtl.TotalMilliseconds).Select(f => f.Key).ToList())
        {
            fanout.Remove(topic);
            fanoutLastPublished.Remove(topic);
        }

        foreach (var (topic, members) in fanout)
        {
            members.RemoveWhere(p => !peers.TryGetValue(p, out var s) || !s.Topics.Contains(topic) || score.Score(p, now) < options.Thresholds.Publish);
            if (members.Count < options.D)
            {
                members.UnionWith(Pick(Candidates(topic, now, options.Thresholds.Publish, members), options.D - members.Count));
            }
        }
    }

    private void EmitGossip(string topic, long now, Func<PeerId, ControlMessage> to)
    {
        var ids = cache.GossipIds(topic);
        if (ids.Count == 0)
        {
            return;
        }

        var exclude = new HashSet<PeerId>();
        if (mesh.TryGetValue(topic, out var m))
        {
            exclude.UnionWith(m);
        }

        if (fanout.TryGetValue(topic, out var f))
        {
            exclude.UnionWith(f);
        }

        var candidates = Candidates(topic, now, options.Thresholds.Gossip, exclude);
        var count = Math.Max(options.Dlazy, candidates.Count / 4);
        if (ids.Count > options.MaxIHaveLength)
        {
            var shuffled = ids.ToArray();
            System.Security.Cryptography.RandomNumberGenerator.Shuffle(shuffled.AsSpan());
            ids = [.. shuffled.Take(options.MaxIHaveLength)];
        }

        var ihave = new ControlIHave { TopicID = topic };
        foreach (var id in ids)
        {
            ihave.MessageIDs.Add(ByteString.CopyFrom(id.Bytes.Span));
        }

        foreach (var p in Pick(candidates, count))
        {
            to(p).Ihave.Add(ihave);
        }
    }
}
