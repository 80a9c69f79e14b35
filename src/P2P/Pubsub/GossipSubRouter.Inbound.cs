using DltSigner.P2P.Framing;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub.Wire;
using Google.Protobuf;

namespace DltSigner.P2P.Pubsub;

public sealed partial class GossipSubRouter
{
    /// <summary>
    /// Reads RPCs from a stream the peer opened until it ends. A malformed or oversized frame ends the
    /// read (the caller closes the stream) and counts as a behaviour penalty; it never throws.
    /// </summary>
    public async Task HandleInboundAsync(PeerId peer, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
        try
        {
            while (true)
            {
                var frame = await StreamFrames.ReadAsync(stream, options.MaxRpcSize, linked.Token).ConfigureAwait(false);
                if (frame is null)
                {
                    return;
                }

                RPC rpc;
                try
                {
                    rpc = RPC.Parser.ParseFrom(frame);
                }
                catch (InvalidProtocolBufferException)
                {
                    Penalize(peer, "RPC does not decode");
                    return;
                }

                HandleRpc(peer, rpc);
            }
        }
        catch (FrameException e)
        {
            Log.BadFrame(logger, peer.ToString(), e.Message);
            Penalize(peer, e.Message);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            Log.SendFailed(logger, peer.ToString(), e.Message);
        }
    }

    /// <summary>Handles one decoded RPC from a peer (also the entry point of the parser fuzz tests).</summary>
    internal void HandleRpc(PeerId from, RPC rpc)
    {
        lock (gate)
        {
            if (disposed || !peers.TryGetValue(from, out var peer))
            {
                return;
            }

            var now = Now();
            if (score.Score(from, now) < options.Thresholds.Graylist)
            {
                return;
            }

            var refusal = CheckLimits(rpc);
            if (refusal is not null)
            {
                Log.RpcRefused(logger, from.ToString(), refusal);
                score.AddPenalty(from, 1);
                return;
            }

            foreach (var sub in rpc.Subscriptions)
            {
                HandleSubscription(peer, sub);
            }

            foreach (var message in rpc.Publish)
            {
                HandleMessage(peer, message, now);
            }

            if (rpc.Control is { } control)
            {
                HandleControl(peer, control, now);
            }
        }
    }

    private string? CheckLimits(RPC rpc)
    {
        if (rpc.Publish.Count > options.MaxMessagesPerRpc)
        {
            return "too many messages";
        }

        if (rpc.Subscriptions.Count > options.MaxSubscriptionsPerRpc)
        {
            return "too many subscriptions";
        }

        if (rpc.Control is { } c)
        {
            if (c.Graft.Count + c.Prune.Count > options.MaxTopicsPerPeer || c.Ihave.Count > options.MaxTopicsPerPeer)
            {
                return "too many control entries";
            }

            var ids = c.Ihave.Sum(i => i.MessageIDs.Count) + c.Iwant.Sum(i => i.MessageIDs.Count) + c.Idontwant.Sum(i => i.MessageIDs.Count);
            if (ids > 4 * options.MaxIHaveLength)
            {
                return "too many message ids";
            }

            if (c.Prune.Any(p => p.Peers.Count > 64))
            {
                return "too many PRUNE peers";
            }
        }

        return null;
    }

    private void Penalize(PeerId peer, string reason)
    {
        lock (gate)
        {
            Log.RpcRefused(logger, peer.ToString(), reason);
            score.AddPenalty(peer, 1);
        }
    }

    private void HandleSubscription(PeerState peer, RPC.Types.SubOpts sub)
    {
        if (!sub.HasTopicid || sub.Topicid.Length is 0 || sub.Topicid.Length > options.MaxTopicLength)
        {
            return;
        }

        var topic = sub.Topicid;
        if (sub.Subscribe)
        {
            if (peer.Topics.Count < options.MaxTopicsPerPeer)
            {
                peer.Topics.Add(topic);
            }
        }
        else if (peer.Topics.Remove(topic))
        {
            if (mesh.TryGetValue(topic, out var members) && members.Remove(peer.Id))
            {
                score.Prune(peer.Id, topic);
            }

            if (fanout.TryGetValue(topic, out var f))
            {
                f.Remove(peer.Id);
            }
        }
    }

    private void HandleMessage(PeerState peer, Message message, long now)
    {
        var topic = message.HasTopic ? message.Topic : string.Empty;
        if (topic.Length > options.MaxTopicLength)
        {
            score.AddPenalty(peer.Id, 1);
            return;
        }

        var rejection = MessageSigning.Validate(message, out var validAuthor, out var sequence, out var authorKey);
        if (rejection != MessageRejection.None || validAuthor is not { } author)
        {
            Log.MessageRejected(logger, peer.Id.ToString(), topic, rejection);
            score.InvalidMessage(peer.Id, topic);
            return;
        }

        var id = MessageId.StrictSign(authorKey.Span, sequence);
        if (seen.TryGetFirstSeen(id, out var firstSeen))
        {
            score.DuplicateDelivery(peer.Id, topic, firstSeen, now);
            return;
        }

        seen.TryAdd(id, now);
        if (author == self.PeerId)
        {
            return;
        }

        if (options.AllowPublisher is { } allow && !allow(author))
        {
            Log.PublisherRefused(logger, peer.Id.ToString(), author.ToString());
            score.InvalidMessage(peer.Id, topic);
            return;
        }

        cache.Put(id, message);
        score.FirstDelivery(peer.Id, topic);
        if (subscriptions.TryGetValue(topic, out var channel))
        {
            channel.Writer.TryWrite(new PubsubMessage(topic, message.Data.Memory, author, sequence, id, peer.Id));
        }

        Forward(message, id, topic, peer.Id, author);
    }

    private void Forward(Message message, MessageId id, string topic, PeerId source, PeerId author)
    {
        var targets = new HashSet<PeerId>();
        if (mesh.TryGetValue(topic, out var members))
        {
            targets.UnionWith(members);
        }

        foreach (var p in peers.Values)
        {
            if (direct.Contains(p.Id) && p.Topics.Contains(topic))
            {
                targets.Add(p.Id);
            }
        }

        targets.Remove(source);
        targets.Remove(author);
        if (message.Data.Length >= options.IDontWantMinDataSize && members is not null)
        {
            // v1.2: tell the mesh first so that peers stop sending us copies of a large message.
            var dontWant = ControlRpc(c => c.Idontwant.Add(new ControlIDontWant { MessageIDs = { ByteString.CopyFrom(id.Bytes.Span) } }));
            foreach (var m in members)
            {
                if (m != source && peers.TryGetValue(m, out var p) && p.SupportsIDontWant)
                {
                    Send(p, dontWant);
                }
            }
        }

        var rpc = new RPC();
        rpc.Publish.Add(message);
        foreach (var t in targets)
        {
            if (peers.TryGetValue(t, out var p) && !p.DontWant.ContainsKey(id))
            {
                Send(p, rpc);
            }
        }
    }

    private void HandleControl(PeerState peer, ControlMessage control, long now)
    {
        var peerScore = score.Score(peer.Id, now);
        var reply = new RPC();
        var replyControl = new ControlMessage();
        if (peerScore >= options.Thresholds.Gossip)
        {
            HandleIHave(peer, control, replyControl);
            HandleIWant(peer, control, reply);
        }

        foreach (var graft in control.Graft)
        {
            if (HandleGraft(peer, graft.TopicID, peerScore, now) is { } prune)
            {
                replyControl.Prune.Add(prune);
            }
        }

        foreach (var prune in control.Prune)
        {
            if (mesh.TryGetValue(prune.TopicID, out var members) && members.Remove(peer.Id))
            {
                score.Prune(peer.Id, prune.TopicID);
            }

            var seconds = prune.HasBackoff ? Math.Min(prune.Backoff, 3600UL) : (ulong)options.PruneBackoff.TotalSeconds;
            SetBackoff(peer.Id, prune.TopicID, TimeSpan.FromSeconds(seconds));
        }

        if (peer.SupportsIDontWant)
        {
            foreach (var dontWant in control.Idontwant)
            {
                foreach (var raw in dontWant.MessageIDs)
                {
                    if (peer.DontWant.Count >= options.MaxIDontWantPerPeer)
                    {
                        break;
                    }

                    if (raw.Length <= MessageId.MaxLength)
                    {
                        peer.DontWant[MessageId.FromWire(raw.Span)] = heartbeats + 3;
                    }
                }
            }
        }

        if (replyControl.CalculateSize() > 0)
        {
            reply.Control = replyControl;
        }

        if (reply.CalculateSize() > 0)
        {
            Send(peer, reply);
        }
    }

    private void HandleIHave(PeerState peer, ControlMessage control, ControlMessage reply)
    {
        if (control.Ihave.Count == 0)
        {
            return;
        }

        peer.IHaveCount++;
        if (peer.IHaveCount > options.MaxIHaveMessages)
        {
            return;
        }

        var want = new ControlIWant();
        foreach (var ihave in control.Ihave)
        {
            if (!mesh.ContainsKey(ihave.TopicID))
            {
                continue;
            }

            foreach (var raw in ihave.MessageIDs)
            {
                if (peer.IWantAsked >= options.MaxIHaveLength)
                {
                    break;
                }

                if (raw.Length > MessageId.MaxLength || seen.Contains(MessageId.FromWire(raw.Span)))
                {
                    continue;
                }

                want.MessageIDs.Add(raw);
                peer.IWantAsked++;
            }
        }

        if (want.MessageIDs.Count > 0)
        {
            reply.Iwant.Add(want);
        }
    }

    private void HandleIWant(PeerState peer, ControlMessage control, RPC reply)
    {
        var size = 0;
        foreach (var iwant in control.Iwant)
        {
            foreach (var raw in iwant.MessageIDs)
            {
                if (raw.Length > MessageId.MaxLength)
                {
                    continue;
                }

                var message = cache.GetForPeer(MessageId.FromWire(raw.Span), peer.Id, options.GossipRetransmission);
                if (message is null)
                {
                    continue;
                }

                size += message.CalculateSize();
                if (size > options.MaxRpcSize / 2)
                {
                    return;
                }

                reply.Publish.Add(message);
            }
        }
    }

    /// <summary>Null to accept the GRAFT, or the PRUNE that refuses it.</summary>
    private ControlPrune? HandleGraft(PeerState peer, string topic, double peerScore, long now)
    {
        if (!mesh.TryGetValue(topic, out var members) || members.Contains(peer.Id))
        {
            return null;
        }

        string? refusal = null;
        if (direct.Contains(peer.Id))
        {
            refusal = "explicit peer";
        }
        else if (InBackoff(peer.Id, topic, now))
        {
            // Grafting during the backoff is a protocol violation (spec v1.1): P7.
            score.AddPenalty(peer.Id, 1);
            refusal = "backoff";
        }
        else if (peerScore < 0)
        {
            refusal = "negative score";
        }
        else if (members.Count >= options.Dhi && !peer.Outbound)
        {
            refusal = "mesh full";
        }

        if (refusal is not null)
        {
            Log.GraftRefused(logger, peer.Id.ToString(), topic, refusal);
            SetBackoff(peer.Id, topic, options.PruneBackoff);
            return Prune(topic, options.PruneBackoff);
        }

        members.Add(peer.Id);
        peer.Topics.Add(topic);
        score.Graft(peer.Id, topic, now);
        return null;
    }
}
