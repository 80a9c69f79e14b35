namespace DltSigner.Core.Mpc;

/// <summary>Why a protocol run stopped.</summary>
public enum ProtocolErrorKind
{
    /// <summary>The local caller's input is unusable (bad parameters, wrong party set).</summary>
    InvalidInput,

    /// <summary>A peer's message failed a transport check: decoding, session, round, kind, sender, equivocation.</summary>
    InvalidMessage,

    /// <summary>The local key share is inconsistent or corrupted.</summary>
    InvalidKeyShare,

    /// <summary>A protocol check on a peer's contribution failed (commitment, proof, echo consistency).</summary>
    Aborted,

    /// <summary>Some parties did not send their message for a round in time.</summary>
    Timeout,

    /// <summary>The delivery layer failed.</summary>
    Io,

    /// <summary>An internal invariant was broken; a defect in this code, not a peer's fault.</summary>
    Bug,
}

/// <summary>One party held responsible: which check its message failed, in which round. Never carries secrets.</summary>
public sealed record Blame(PartyIndex Party, string Check, int Round)
{
    public override string ToString() => $"{Party} round {Round}: {Check}";
}

/// <summary>
/// A protocol run failed. <see cref="Blame"/> names the parties whose messages failed which check
/// (identifiable abort where the protocol allows it). The message is built from kinds, checks and
/// party indices only: no secret values and no payload bytes.
/// </summary>
public sealed class ProtocolException : Exception
{
    public ProtocolException(ProtocolErrorKind kind, string message, IReadOnlyList<Blame>? blame = null, Exception? innerException = null)
        : base(Describe(kind, message, blame), innerException)
    {
        Kind = kind;
        Blame = blame ?? [];
    }

    public ProtocolException()
        : this(ProtocolErrorKind.Bug, "unspecified protocol failure")
    {
    }

    public ProtocolException(string message)
        : this(ProtocolErrorKind.Bug, message)
    {
    }

    public ProtocolException(string message, Exception innerException)
        : this(ProtocolErrorKind.Bug, message, null, innerException)
    {
    }

    public ProtocolErrorKind Kind { get; }

    public IReadOnlyList<Blame> Blame { get; }

    /// <summary>A failure a single party's message caused.</summary>
    public static ProtocolException Blaming(ProtocolErrorKind kind, PartyIndex party, string check, int round) =>
        new(kind, check, [new Blame(party, check, round)]);

    private static string Describe(ProtocolErrorKind kind, string message, IReadOnlyList<Blame>? blame) =>
        blame is null || blame.Count == 0
            ? $"{kind}: {message}"
            : $"{kind}: {message} [{string.Join("; ", blame)}]";
}
