namespace DltSigner.Core.Ot;

/// <summary>
/// A consistency check of the OT layer failed: the counterparty deviated (or a message was
/// corrupted). <see cref="Check"/> names the check; the message never carries secret data.
/// After any such failure the pairwise OT setup with that counterparty must not be reused.
/// </summary>
public sealed class OtProtocolException : Exception
{
    public OtProtocolException(string check)
        : base(check)
    {
        Check = check;
    }

    public OtProtocolException()
        : this("ot: protocol check failed")
    {
    }

    public OtProtocolException(string check, Exception innerException)
        : base(check, innerException)
    {
        Check = check;
    }

    /// <summary>The check that failed, e.g. <see cref="OtChecks.KosConsistency"/>.</summary>
    public string Check { get; } = "ot: protocol check failed";
}

/// <summary>Names of the checks of the OT layer (stable strings: tests and blame use them).</summary>
public static class OtChecks
{
    /// <summary>Base OT: the sender's Schnorr proof of knowledge of b in B = b·G.</summary>
    public const string BaseOtSenderProof = "base-ot: sender proof of knowledge";

    /// <summary>Base OT (DKLs18 Protocol 7 step 6): the receiver's response shows it holds the key of its choice.</summary>
    public const string BaseOtReceiverResponse = "base-ot: receiver response";

    /// <summary>Base OT (DKLs18 Protocol 7 step 7): the sender's openings match the receiver's key and the challenge.</summary>
    public const string BaseOtSenderOpening = "base-ot: sender opening";

    /// <summary>OT extension: KOS15 Fig. 10 consistency check of the receiver's matrix u.</summary>
    public const string KosConsistency = "ot-extension: KOS consistency check";

    /// <summary>RVOLE: DKLs23 Protocol 5.2 check that Alice used one input vector in all ξ OTs.</summary>
    public const string RvoleConsistency = "rvole: consistency check (mu)";
}
