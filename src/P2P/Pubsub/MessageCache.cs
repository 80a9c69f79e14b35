using DltSigner.P2P.Pubsub.Wire;

namespace DltSigner.P2P.Pubsub;

/// <summary>
/// The gossipsub message cache: the last <c>HistoryLength</c> heartbeats of forwarded messages, for IWANT
/// replies, of which the newest <c>HistoryGossip</c> windows are announced in IHAVE.
/// </summary>
internal sealed class MessageCache
{
    private readonly Dictionary<MessageId, Entry> messages = [];
    private readonly LinkedList<List<(MessageId Id, string Topic)>> windows = new();
    private readonly int historyGossip;

    public MessageCache(int historyLength, int historyGossip)
    {
        this.historyGossip = historyGossip;
        for (var i = 0; i < historyLength; i++)
        {
            windows.AddLast([]);
        }
    }

    public int Count => messages.Count;

    public void Put(MessageId id, Message message)
    {
        if (messages.TryAdd(id, new Entry(message)))
        {
            windows.First!.Value.Add((id, message.Topic));
        }
    }

    /// <summary>The message for an IWANT from <paramref name="peer"/>, counting that peer's requests (null past the limit).</summary>
    public Message? GetForPeer(MessageId id, Identity.PeerId peer, int maxTransmissions)
    {
        if (!messages.TryGetValue(id, out var entry))
        {
            return null;
        }

        entry.Requests.TryGetValue(peer, out var count);
        if (count >= maxTransmissions)
        {
            return null;
        }

        entry.Requests[peer] = count + 1;
        return entry.Message;
    }

    public bool Contains(MessageId id) => messages.ContainsKey(id);

    /// <summary>Ids of the gossip windows for a topic (what IHAVE announces).</summary>
    public List<MessageId> GossipIds(string topic)
    {
        var ids = new List<MessageId>();
        var node = windows.First;
        for (var i = 0; i < historyGossip && node is not null; i++, node = node.Next)
        {
            foreach (var (id, t) in node.Value)
            {
                if (string.Equals(t, topic, StringComparison.Ordinal))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    /// <summary>Heartbeat: a new window; the oldest one's messages leave the cache.</summary>
    public void Shift()
    {
        var oldest = windows.Last!.Value;
        windows.RemoveLast();
        foreach (var (id, _) in oldest)
        {
            messages.Remove(id);
        }

        oldest.Clear();
        windows.AddFirst(oldest);
    }

    private sealed class Entry(Message message)
    {
        public Message Message { get; } = message;

        public Dictionary<Identity.PeerId, int> Requests { get; } = [];
    }
}
