namespace DltSigner.P2P.Host;

/// <summary>A token cancelled by the caller's token or after a timeout on the host's <see cref="TimeProvider"/>.</summary>
internal sealed class TimeoutScope : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public TimeoutScope(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        _timer = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _timer.Token);
    }

    public CancellationToken Token => _linked.Token;

    public bool TimedOut => _timer.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
