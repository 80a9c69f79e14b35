namespace DltSigner.Core.Protocols.Dkg;

/// <summary>Names of the checks of key generation, refresh and reshare (stable strings: blame, tests and logs use them).</summary>
public static class DkgChecks
{
    /// <summary>Round 1: everyone runs the same parameters (committee, threshold, old key state).</summary>
    public const string Parameters = "dkg: parameter digest mismatch";

    /// <summary>DKG1: a dealer's opening matches the commitment it echo-broadcast in round 1.</summary>
    public const string Commitment = "dkg: commitment opening";

    /// <summary>DKG2 (fresh key): Schnorr proof of knowledge of the constant term, bound to (sid, dealer).</summary>
    public const string ProofOfKnowledge = "dkg: proof of knowledge of the constant term";

    /// <summary>DKG2 (refresh): the constant-term commitment of a zero-sharing is the identity.</summary>
    public const string ZeroConstant = "refresh: constant term is not zero";

    /// <summary>DKG2 (reshare): dealer i's constant-term commitment is λ_i·X_i.</summary>
    public const string TransferConstant = "reshare: constant term is not lambda_i * X_i";

    /// <summary>DKG3: f_j(i)·G = Σ_m i^m·C_{j,m} (Feldman).</summary>
    public const string FeldmanShare = "dkg: share does not match the Feldman commitments";

    /// <summary>Reshare: the chain code a dealer forwards is the key's chain code.</summary>
    public const string ChainCode = "reshare: chain code mismatch";

    /// <summary>The combined key is the identity (fresh key) or differs from the existing key (refresh/reshare).</summary>
    public const string GroupKey = "dkg: group key invalid or changed";

    /// <summary>F_Zero: the pairwise seed contribution opens its commitment.</summary>
    public const string ZeroSeed = "dkg: F_Zero seed commitment";

    /// <summary>Last round: every party derived the same public key state (PK, P(k), chain code, epoch).</summary>
    public const string Confirmation = "dkg: key confirmation mismatch";

    /// <summary>A message does not decode (length, point, scalar).</summary>
    public const string Malformed = "dkg: malformed message";
}
