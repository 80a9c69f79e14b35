namespace DltSigner.P2P.Pubsub;

/// <summary>Message ids seen within the last TTL (first-seen time kept), bounded by insertion-ordered expiry.</summary>
internal sealed class SeenCache(TimeSpan ttl)
{
    private readonly Dictionary<MessageId, long> firstSeen = [];
    private readonly Queue<(MessageId Id, long At)> order = new();

    public int Count => firstSeen.Count;

    /// <summary>Adds the id; false if it was already there.</summary>
    public bool TryAdd(MessageId id, long now)
    {
        if (!firstSeen.TryAdd(id, now))
        {
            return false;
        }

        order.Enqueue((id, now));
        return true;
    }

    public bool Contains(MessageId id) => firstSeen.ContainsKey(id);

    public bool TryGetFirstSeen(MessageId id, out long at) => firstSeen.TryGetValue(id, out at);

    public void Prune(long now)
    {
        var horizon = now - (long)ttl.TotalMilliseconds;
        while (order.TryPeek(out var e) && e.At <= horizon)
        {
            order.Dequeue();
            firstSeen.Remove(e.Id);
        }
    }
}
