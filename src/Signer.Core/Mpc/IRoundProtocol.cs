namespace DltSigner.Core.Mpc;

/// <summary>
/// A protocol in steppable form: a state machine that consumes one incoming message at a time and
/// says what to send. Tests drive it message by message; <see cref="RoundProtocolRunner"/> runs it over
/// an <see cref="IDelivery"/>. Failures are thrown as <see cref="ProtocolException"/>.
/// </summary>
public interface IRoundProtocol<TResult>
{
    PartyIndex Self { get; }

    /// <summary>The round being collected (for timeout reports).</summary>
    int CurrentRound { get; }

    /// <summary>The parties whose messages the current round still waits for (for timeout reports).</summary>
    IReadOnlyList<PartyIndex> WaitingFor { get; }

    /// <summary>Begins the run; returns the first round's messages (the step is complete at once for a single party).</summary>
    RoundStep<TResult> Start();

    /// <summary>Processes one incoming message.</summary>
    RoundStep<TResult> Handle(Envelope message);
}

/// <summary>What one step produced: messages to send and, on the last step, the result.</summary>
public sealed record RoundStep<TResult>(IReadOnlyList<Envelope> Outgoing, bool IsComplete, TResult? Result)
{
    public static RoundStep<TResult> Send(IReadOnlyList<Envelope> outgoing) => new(outgoing, false, default);

    public static RoundStep<TResult> Wait { get; } = new([], false, default);

    public static RoundStep<TResult> Done(TResult result, IReadOnlyList<Envelope>? outgoing = null) => new(outgoing ?? [], true, result);
}

/// <summary>Runs a steppable protocol over a delivery with an idle timeout.</summary>
public static class RoundProtocolRunner
{
    public static async Task<TResult> RunAsync<TResult>(
        IRoundProtocol<TResult> protocol, IDelivery delivery, MpcSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(delivery);
        options ??= new MpcSessionOptions();
        var step = protocol.Start();
        while (true)
        {
            foreach (var message in step.Outgoing)
            {
                await delivery.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }

            if (step.IsComplete)
            {
                return step.Result!;
            }

            using var timeout = new CancellationTokenSource(options.RoundTimeout, options.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            Envelope next;
            try
            {
                next = await delivery.ReceiveAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                var missing = protocol.WaitingFor;
                var round = protocol.CurrentRound;
                throw new ProtocolException(
                    ProtocolErrorKind.Timeout,
                    $"round {round}: no message from {string.Join(", ", missing)} before the timeout",
                    [.. missing.Select(p => new Blame(p, "no message before the timeout", round))]);
            }

            step = protocol.Handle(next);
        }
    }
}
