namespace DltSigner.Core.Mpc.InMemory;

/// <summary>What the in-memory network does to a message a rule selects.</summary>
public enum FaultAction
{
    /// <summary>The message is lost.</summary>
    Drop,

    /// <summary>Held back until the recipient has nothing else to read.</summary>
    Delay,

    /// <summary>Inserted at a seeded-random position among the recipient's pending messages.</summary>
    Reorder,

    /// <summary>Delivered twice, identical.</summary>
    Duplicate,

    /// <summary>Replaced by the result of <see cref="FaultRule.Tamper"/>.</summary>
    Tamper,
}

/// <summary>
/// A fault applied to single-recipient copies of messages (a broadcast is split per recipient first,
/// so a rule can make a sender equivocate). Null selectors match anything.
/// </summary>
public sealed record FaultRule(FaultAction Action)
{
    public PartyIndex? From { get; init; }

    public PartyIndex? To { get; init; }

    public ushort? Round { get; init; }

    /// <summary>For <see cref="FaultAction.Tamper"/>: the replacement message.</summary>
    public Func<Envelope, Envelope>? Tamper { get; init; }

    /// <summary>How many matching messages the rule applies to, e.g. 1 for "tamper one message".</summary>
    public int Times { get; init; } = int.MaxValue;

    /// <summary>Chance (from the network's seed, deterministic per message) that a match is applied.</summary>
    public double Probability { get; init; } = 1.0;

    internal bool Matches(Envelope copy, PartyIndex recipient) =>
        (From is null || From == copy.Sender) && (To is null || To == recipient) && (Round is null || Round == copy.Round);
}

/// <summary>One party's result or failure from <see cref="InMemoryNetwork.RunAllAsync{T}"/>.</summary>
public sealed record PartyOutcome<T>(PartyIndex Party, T? Result, Exception? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>The failure as a <see cref="ProtocolException"/>, or null.</summary>
    public ProtocolException? ProtocolError => Error as ProtocolException;
}
