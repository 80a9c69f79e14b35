using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Ot;
using DltSigner.Core.Sharing;

namespace DltSigner.Core.Tests.Keys;

/// <summary>
/// TEST ONLY trusted dealer: a consistent committee of <see cref="KeyShare"/>s without running the
/// DKG. The OT setups are a dealt random-OT correlation (Δ, k^{Δ_i} for Alice; k⁰, k¹ for Bob), so
/// they work in OT extension / RVOLE exactly like base-OT outputs; the F_Zero seeds are shared per pair.
/// Tests that only need a key use the DKG-made keys of DltSigner.TestKit (DkgKeys); this dealer is for
/// speed and for deviations (a chosen secret, key id, chain code or epoch).
/// </summary>
internal static class TestKeyShares
{
    public static KeyShare[] Deal(int threshold, int n, uint epoch = 0, SessionId? keyId = null, byte[]? chainCode = null, Scalar? secret = null) =>
        Deal(threshold, [.. PartyIndex.Range(n)], epoch, keyId, chainCode, secret);

    public static KeyShare[] Deal(
        int threshold, IReadOnlyList<PartyIndex> parties, uint epoch = 0, SessionId? keyId = null, byte[]? chainCode = null, Scalar? secret = null)
    {
        var id = keyId ?? SessionId.Random();
        var n = parties.Count;
        using var key = secret is { } s ? SecretScalar.FromScalar(s) : SecretScalar.Generate();
        var indices = ShareIndex.FromParties([.. parties]);
        var (shares, _) = Shamir.Split(key, threshold, indices);
        var publicShares = shares.Select(s => s.Value.PublicPoint()).ToArray();
        var groupKey = new PublicKey(key.PublicPoint());
        var code = chainCode ?? RandomNumberGenerator.GetBytes(KeyShare.ChainCodeLength);

        // setups[a, b]: a as Alice (sender), b as Bob (receiver); seeds[a, b] == seeds[b, a].
        var senders = new OtExtensionSenderSetup[n, n];
        var receivers = new OtExtensionReceiverSetup[n, n];
        var zeroSeeds = new byte[n, n][];
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                if (a == b)
                {
                    continue;
                }

                (senders[a, b], receivers[b, a]) = DealOtCorrelation();
                if (a < b)
                {
                    zeroSeeds[a, b] = zeroSeeds[b, a] = RandomNumberGenerator.GetBytes(PairwiseSetup.ZeroSeedLength);
                }
            }
        }

        var result = new KeyShare[n];
        for (var a = 0; a < n; a++)
        {
            var pairwise = new List<PairwiseSetup>();
            for (var b = 0; b < n; b++)
            {
                if (a != b)
                {
                    pairwise.Add(new PairwiseSetup(parties[b], senders[a, b], receivers[a, b], zeroSeeds[a, b]));
                }
            }

            result[a] = new KeyShare(id, epoch, parties[a], threshold, parties, groupKey, publicShares, code, shares[a].Value, pairwise);
        }

        return result;
    }

    /// <summary>A random-OT correlation as the base OTs would produce it.</summary>
    public static (OtExtensionSenderSetup Alice, OtExtensionReceiverSetup Bob) DealOtCorrelation()
    {
        var delta = RandomNumberGenerator.GetBytes(OtParameters.LambdaC / 8);
        var seeds0 = new byte[OtParameters.LambdaC][];
        var seeds1 = new byte[OtParameters.LambdaC][];
        var chosen = new byte[OtParameters.LambdaC][];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            seeds0[i] = RandomNumberGenerator.GetBytes(OtParameters.SeedBytes);
            seeds1[i] = RandomNumberGenerator.GetBytes(OtParameters.SeedBytes);
            chosen[i] = (byte[])(((delta[i >> 3] >> (i & 7)) & 1) == 0 ? seeds0[i] : seeds1[i]).Clone();
        }

        return (new OtExtensionSenderSetup(delta, chosen), new OtExtensionReceiverSetup(seeds0, seeds1));
    }

    public static void DisposeAll(IEnumerable<KeyShare> shares)
    {
        foreach (var s in shares)
        {
            s.Dispose();
        }
    }

    /// <summary>Σ λ_i·x_i over the given shares (test-only reconstruction).</summary>
    public static Scalar Reconstruct(IEnumerable<KeyShare> shares)
    {
        var list = shares.ToList();
        var secretShares = list.Select(s => new SecretShare(s.Self.Value, s.Secret.Clone())).ToList();
        try
        {
            return Shamir.Reconstruct(secretShares);
        }
        finally
        {
            secretShares.ForEach(s => s.Dispose());
        }
    }
}
