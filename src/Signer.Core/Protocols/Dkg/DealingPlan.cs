using DltSigner.Core.Math;
using DltSigner.Core.Mpc;

namespace DltSigner.Core.Protocols.Dkg;

/// <summary>How the receivers obtain the chain code of the resulting key.</summary>
internal enum ChainCodeSource
{
    /// <summary>DKG: every dealer commits to 32 random bytes; the code is H(sid, cc_1 ‖ … ‖ cc_n).</summary>
    Contribute,

    /// <summary>Refresh: unchanged, every party already holds it.</summary>
    Known,

    /// <summary>Reshare: dealers forward the key's chain code; receivers check it (<see cref="DealingPlan.ChainCodeCheck"/>).</summary>
    Forward,
}

/// <summary>
/// The public parameters of one key-generation-style run (DKG, refresh or reshare), the same on
/// every party (its digest is compared in round 1). Dealers deal a Feldman sharing of degree t−1 to
/// the receivers; the receivers are the resulting committee and set up pairwise OTs among themselves.
/// </summary>
internal sealed record DealingPlan
{
    public required DealingKind Kind { get; init; }

    /// <summary>Parties that deal, ascending.</summary>
    public required IReadOnlyList<PartyIndex> Dealers { get; init; }

    /// <summary>The resulting committee, ascending.</summary>
    public required IReadOnlyList<PartyIndex> Receivers { get; init; }

    /// <summary>The resulting threshold t.</summary>
    public required int Threshold { get; init; }

    /// <summary>Digest of everything the parties must agree on (committees, t, old key state).</summary>
    public required byte[] ParameterDigest { get; init; }

    public required ChainCodeSource ChainCode { get; init; }

    /// <summary>Known: the code. Forward: what this party forwards if it deals (null otherwise).</summary>
    public byte[]? ChainCodeValue { get; init; }

    /// <summary>Forward: receiver-side acceptance of a forwarded chain code.</summary>
    public Func<byte[], bool>? ChainCodeCheck { get; init; }

    /// <summary>Transfer: the required C_0 of every dealer (λ_i·X_i).</summary>
    public IReadOnlyDictionary<PartyIndex, Point>? ExpectedConstants { get; init; }

    /// <summary>Refresh: the old group key and public shares (aligned with receivers) that the dealings add to.</summary>
    public Point BaseGroupKey { get; init; } = Point.Infinity;

    public IReadOnlyList<Point>? BasePublicShares { get; init; }

    /// <summary>Refresh and reshare: the key must come out unchanged.</summary>
    public Point? ExpectedGroupKey { get; init; }

    /// <summary>The key id of the result (the DKG's session id, kept afterwards).</summary>
    public required SessionId KeyId { get; init; }

    public required uint Epoch { get; init; }

    public bool CarriesChainCode => ChainCode != ChainCodeSource.Known;
}
