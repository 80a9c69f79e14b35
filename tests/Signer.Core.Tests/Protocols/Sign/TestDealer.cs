using System.Collections.Concurrent;
using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Ot;
using DltSigner.Core.Sharing;

namespace DltSigner.Core.Tests.Protocols.Sign;

/// <summary>
/// TEST ONLY trusted dealer: Shamir-splits a random key, runs the Verified Simplest base OTs locally
/// for both directions of every pair (through the encoded messages) and draws the F_Zero seeds, then
/// builds one <see cref="KeyShare"/> per party. Dealt keys are cached per (t, n): signing never
/// changes a share, and the base OTs dominate the cost.
/// </summary>
internal static class TestDealer
{
    private static readonly ConcurrentDictionary<(int T, int N), Lazy<DealtKey>> Cache = new();

    public static DealtKey Shared(int t, int n) => Cache.GetOrAdd((t, n), k => new Lazy<DealtKey>(() => Deal(k.T, k.N))).Value;

    public static DealtKey Deal(int t, int n, uint epoch = 0, SessionId? keyId = null, byte[]? chainCode = null, Scalar? secret = null)
    {
        var parties = PartyIndex.Range(n);
        using var key = secret is { } s ? SecretScalar.FromScalar(s) : SecretScalar.Generate();
        var (shares, _) = Shamir.Split(key, t, n);
        var id = keyId ?? SessionId.Random();
        var code = chainCode ?? RandomNumberGenerator.GetBytes(32);

        // setups[(i, j)] = (i as Alice/OT sender towards j, j as Bob/OT receiver towards i)
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

                var (alice, bob) = BaseOts(new OtSession(id.Bytes, i, j));
                senders[(i, j)] = alice;
                receivers[(j, i)] = bob;
                if (i < j)
                {
                    seeds[(i, j)] = seeds[(j, i)] = RandomNumberGenerator.GetBytes(32);
                }
            }
        }

        var publicShares = shares.Select(sh => sh.Value.PublicPoint()).ToArray();
        var groupKey = new PublicKey(key.PublicPoint());
        var result = new KeyShare[n];
        for (var i = 1; i <= n; i++)
        {
            var pairwise = parties.Where(p => p.Value != i)
                .Select(p => new PairwiseSetup(p, senders[(i, p.Value)], receivers[(i, p.Value)], seeds[(i, p.Value)]))
                .ToList();
            result[i - 1] = new KeyShare(id, epoch, PartyIndex.FromInt32(i), t, parties, groupKey, publicShares, code, shares[i - 1].Value, pairwise);
        }

        return new DealtKey(result, key.Value);
    }

    /// <summary>One direction's five base-OT messages, each through its encoding.</summary>
    private static (OtExtensionSenderSetup Alice, OtExtensionReceiverSetup Bob) BaseOts(OtSession session)
    {
        using var sender = new BaseOtSender(session);
        using var receiver = BaseOtReceiver.Respond(session, BaseOtSenderMessage.Decode(sender.Message.Encode()));
        var m3 = sender.Challenge(BaseOtReceiverMessage.Decode(receiver.Message.Encode()));
        var m4 = receiver.Answer(BaseOtChallengeMessage.Decode(m3.Encode()));
        var (m5, bobSetup) = sender.Finish(BaseOtResponseMessage.Decode(m4.Encode()));
        return (receiver.Finish(BaseOtOpeningMessage.Decode(m5.Encode())), bobSetup);
    }
}

/// <summary>The shares of one dealt key, and (tests only) the key itself.</summary>
internal sealed record DealtKey(KeyShare[] Shares, Scalar Secret)
{
    public KeyShare this[int party] => Shares[party - 1];

    public PublicKey PublicKey => Shares[0].GroupKey;

    public IEnumerable<KeyShare> Subset(IEnumerable<int> parties) => parties.Select(p => this[p]);
}
