using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Ot;
using DltSigner.Core.Sharing;

namespace DltSigner.Adapters.Ethereum.Tests.Integration;

/// <summary>
/// TEST ONLY trusted dealer over Signer.Core's public API (as tests/Signer.Core.Tests' TestDealer,
/// which uses internals): Shamir-splits a fresh key, runs the base OTs for both directions of every
/// pair and draws the F_Zero seeds. Replace with the DKG once it lands.
/// </summary>
public static class ThresholdTestKey
{
    public static KeyShare[] Deal(int t, int n)
    {
        var parties = PartyIndex.Range(n);
        using var key = SecretScalar.Generate();
        var (shares, _) = Shamir.Split(key, t, n);
        var id = SessionId.Random();
        var chainCode = RandomNumberGenerator.GetBytes(32);
        var senders = new Dictionary<(int, int), OtExtensionSenderSetup>();
        var receivers = new Dictionary<(int, int), OtExtensionReceiverSetup>();
        var seeds = new Dictionary<(int, int), byte[]>();
        for (var i = 1; i <= n; i++)
        {
            for (var j = 1; j <= n; j++)
            {
                if (i == j)
                {
                    continue;
                }

                // i as OT sender (Alice) towards j, j as receiver (Bob) towards i.
                var session = new OtSession(id.Bytes, i, j);
                using var sender = new BaseOtSender(session);
                using var receiver = BaseOtReceiver.Respond(session, sender.Message);
                var (opening, bobSetup) = sender.Finish(receiver.Answer(sender.Challenge(receiver.Message)));
                senders[(i, j)] = receiver.Finish(opening);
                receivers[(j, i)] = bobSetup;
                if (i < j)
                {
                    seeds[(i, j)] = seeds[(j, i)] = RandomNumberGenerator.GetBytes(32);
                }
            }
        }

        var publicShares = shares.Select(s => s.Value.PublicPoint()).ToArray();
        var groupKey = new PublicKey(key.PublicPoint());
        var result = new KeyShare[n];
        for (var i = 1; i <= n; i++)
        {
            var pairwise = parties.Where(p => p.Value != i)
                .Select(p => new PairwiseSetup(p, senders[(i, p.Value)], receivers[(i, p.Value)], seeds[(i, p.Value)]))
                .ToList();
            result[i - 1] = new KeyShare(id, 0, PartyIndex.FromInt32(i), t, parties, groupKey, publicShares, chainCode, shares[i - 1].Value, pairwise);
        }

        return result;
    }
}
