namespace DltSigner.P2P.Tests.Support;

/// <summary>A clock the test moves by hand (no timers fire: tests call Heartbeat themselves).</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
