namespace DltSigner.Core.Mpc.InMemory;

/// <summary>
/// Wraps a delivery and counts what this party sends, as encoded envelope bytes on the wire: a
/// broadcast counts once per recipient (the transport sends one copy to each of the other parties).
/// For benchmarks and size tests.
/// </summary>
public sealed class CountingDelivery(IDelivery inner, int otherParties) : IDelivery
{
    private long _bytes;
    private long _messages;

    public long BytesSent => Interlocked.Read(ref _bytes);

    public long MessagesSent => Interlocked.Read(ref _messages);

    public ValueTask SendAsync(Envelope message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var copies = message.Recipient is null ? otherParties : 1;
        Interlocked.Add(ref _bytes, (long)message.Encode().Length * copies);
        Interlocked.Add(ref _messages, copies);
        return inner.SendAsync(message, cancellationToken);
    }

    public ValueTask<Envelope> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);
}
