using DltSigner.Core.Keys;
using DltSigner.Core.Protocols.Sign;

namespace DltSigner.TestKit.Keys;

/// <summary>The key shares of one DKG run, by party index (1..n).</summary>
public sealed class DkgKey
{
    private readonly KeyShare[] _shares;

    internal DkgKey(KeyShare[] shares) => _shares = shares;

    /// <summary>Every party's share, party 1 first.</summary>
    public IReadOnlyList<KeyShare> Shares => _shares;

    public KeyShare this[int party] => _shares[party - 1];

    public PublicKey PublicKey => _shares[0].GroupKey;

    public int Threshold => _shares[0].Threshold;

    /// <summary>The shares of the given parties (1-based), in that order.</summary>
    public KeyShare[] Subset(IEnumerable<int> parties) => [.. parties.Select(p => this[p])];

    /// <summary>A DKLs23 signer of the given parties (any t or more) over the in-memory network.</summary>
    public ThresholdSigner Signer(params int[] parties) => new(Subset(parties));
}
