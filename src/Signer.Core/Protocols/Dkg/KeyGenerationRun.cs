using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Ot;
using DltSigner.Core.Proofs;
using DltSigner.Core.Sharing;

namespace DltSigner.Core.Protocols.Dkg;

/// <summary>
/// The common engine of DKG, refresh and reshare (protocol.md §4, §6): rounds 1–2 deal
/// (<see cref="DealingRounds"/>), rounds 2–6 carry the pairwise base OTs and F_Zero seeds
/// (<see cref="PairwiseExchange"/>) among the receivers, round 7 confirms the public key state.
/// Returns the receiver's <see cref="KeyShare"/>, or null for a party that only deals (reshare).
/// </summary>
internal static class KeyGenerationRun
{
    public const ushort ConfirmRound = 7;
    private const ushort FirstPairwiseRound = DealingRounds.DealRound; // stage 1 rides on round 2

    public static async Task<KeyShare?> RunAsync(
        MpcSession session, DealingPlan plan, Scalar dealerConstant, Scalar baseSecret, CancellationToken ct)
    {
        var self = session.Self;
        var isDealer = DealingRounds.Contains(plan.Dealers, self);
        var isReceiver = DealingRounds.Contains(plan.Receivers, self);
        var otherReceivers = isReceiver ? plan.Receivers.Where(p => p != self).ToList() : [];
        var exchanges = new Dictionary<PartyIndex, PairwiseExchange>();
        var setups = new List<PairwiseSetup>();
        Polynomial? polynomial = null;
        byte[]? nonce = null;
        try
        {
            // Round 1: commit.
            FeldmanCommitment? commitments = null;
            byte[] chainCode = [];
            HashCommitment? ownCommitment = null;
            if (isDealer)
            {
                polynomial = Polynomial.Random(plan.Threshold, dealerConstant);
                commitments = polynomial.Commit();
                chainCode = plan.ChainCode switch
                {
                    ChainCodeSource.Contribute => RandomNumberGenerator.GetBytes(KeyShare.ChainCodeLength),
                    ChainCodeSource.Forward => plan.ChainCodeValue ?? throw new ProtocolException(ProtocolErrorKind.Bug, "dealer without chain code"),
                    _ => [],
                };
                ownCommitment = DealingRounds.Commit(session, commitments, chainCode, out nonce);
            }

            var announcements = await DealingRounds.AnnounceAsync(session, plan, ownCommitment, ct).ConfigureAwait(false);

            // Round 2: open, share, pairwise stage 1.
            foreach (var j in otherReceivers)
            {
                exchanges[j] = new PairwiseExchange(session.SessionId, self, j);
            }

            var proof = isDealer && plan.Kind == DealingKind.Fresh ? DealingRounds.Prove(session, polynomial!, commitments!) : null;
            foreach (var j in session.Others)
            {
                byte[] dealing = [];
                if (isDealer && DealingRounds.Contains(plan.Receivers, j))
                {
                    dealing = new DealerMessage(commitments!, chainCode, nonce!, proof, polynomial!.Evaluate(ShareIndex.ToScalar(j.Value))).Encode();
                }

                byte[] payload = exchanges.TryGetValue(j, out var ex) ? [.. dealing, .. ex.Stage1()] : dealing;
                if (payload.Length > 0)
                {
                    await session.SendAsync(DealingRounds.DealRound, j, payload, ct).ConfigureAwait(false);
                }

                // both hold j's share when j receives one (payload is dealing itself without an exchange)
                CryptographicOperations.ZeroMemory(dealing);
                CryptographicOperations.ZeroMemory(payload);
            }

            if (!isReceiver)
            {
                await ConfirmAsync(session, plan, null, ct).ConfigureAwait(false);
                return null;
            }

            var dealerOthers = plan.Dealers.Where(p => p != self).ToList();
            var round2 = await session.ReceiveAsync(
                DealingRounds.DealRound, MessageKind.PointToPoint, ct, [.. dealerOthers.Union(otherReceivers)]).ConfigureAwait(false);
            var dealingLength = DealerMessage.EncodedLength(plan.Threshold, plan.Kind, plan.CarriesChainCode);
            var dealings = new List<(PartyIndex Dealer, DealerMessage Message)>();
            var stage = new Dictionary<PartyIndex, byte[]>();
            var blame = new List<Blame>();
            foreach (var (from, payload) in round2)
            {
                var isFromDealer = dealerOthers.Contains(from);
                var expected = (isFromDealer ? dealingLength : 0) + (exchanges.ContainsKey(from) ? PairwiseExchange.Stage1Length : 0);
                var message = DealingRounds.Decode(from, DealingRounds.DealRound, () =>
                {
                    if (payload.Length != expected)
                    {
                        throw new CryptoFormatException($"dkg round 2: length {payload.Length}, expected {expected}");
                    }

                    return isFromDealer ? DealerMessage.Decode(payload.Span[..dealingLength], plan.Threshold, plan.Kind, plan.CarriesChainCode) : null;
                });
                if (message is not null)
                {
                    var failed = DealingRounds.Verify(session, plan, from, announcements[from].Commitment!, message);
                    if (failed is not null)
                    {
                        blame.Add(new Blame(from, failed, DealingRounds.DealRound));
                    }

                    dealings.Add((from, message));
                }

                if (exchanges.ContainsKey(from))
                {
                    stage[from] = payload.Span[(isFromDealer ? dealingLength : 0)..].ToArray();
                }
            }

            DealingRounds.ThrowIfBlamed(blame, "a dealing failed its checks");
            if (isDealer)
            {
                dealings.Add((self, new DealerMessage(commitments!, chainCode, nonce!, proof, polynomial!.Evaluate(ShareIndex.ToScalar(self.Value)))));
                dealings.Sort((a, b) => a.Dealer.CompareTo(b.Dealer));
            }

            var combined = DealingRounds.Combine(session, plan, baseSecret, dealings);
            dealings.Clear();

            // Rounds 3–6: pairwise stages 2–5, then finish.
            var stages = new Func<PairwiseExchange, byte[], byte[]>[]
            {
                (ex, m) => ex.Stage2(m), (ex, m) => ex.Stage3(m), (ex, m) => ex.Stage4(m), (ex, m) => ex.Stage5(m),
            };
            for (var s = 0; s < stages.Length; s++)
            {
                var inRound = (ushort)(FirstPairwiseRound + s);
                var outRound = (ushort)(inRound + 1);
                var outgoing = Pairwise(exchanges, stage, inRound, stages[s]);
                foreach (var (j, bytes) in outgoing)
                {
                    await session.SendAsync(outRound, j, bytes, ct).ConfigureAwait(false);
                }

                stage = (await session.ReceiveAsync(outRound, MessageKind.PointToPoint, ct, otherReceivers).ConfigureAwait(false))
                    .ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
            }

            var lastRound = (ushort)(FirstPairwiseRound + stages.Length);
            foreach (var j in otherReceivers)
            {
                setups.Add(PairwiseStep(j, lastRound, () => exchanges[j].Finish(stage[j])));
            }

            var share = new KeyShare(
                plan.KeyId, plan.Epoch, self, plan.Threshold, plan.Receivers, new PublicKey(combined.GroupKey),
                combined.PublicShares, combined.ChainCode, SecretScalar.FromScalar(combined.Secret), setups);
            setups.Clear(); // owned by the share
            try
            {
                await ConfirmAsync(session, plan, share, ct).ConfigureAwait(false);
            }
            catch
            {
                share.Dispose();
                throw;
            }

            return share;
        }
        finally
        {
            polynomial?.Dispose();
            if (nonce is not null)
            {
                CryptographicOperations.ZeroMemory(nonce);
            }

            foreach (var ex in exchanges.Values)
            {
                ex.Dispose();
            }

            setups.ForEach(s => s.Dispose());
        }
    }

    /// <summary>
    /// Round 7: every receiver broadcasts its <see cref="KeyShare.PublicDigest"/> (PK, all P(k), chain
    /// code, epoch, key id); all must match. A party that only deals checks the receivers agree.
    /// </summary>
    private static async Task ConfirmAsync(MpcSession session, DealingPlan plan, KeyShare? share, CancellationToken ct)
    {
        var receivers = plan.Receivers.Where(p => p != session.Self).ToList();
        if (share is not null)
        {
            await session.BroadcastAsync(ConfirmRound, share.PublicDigest.ToArray(), ct).ConfigureAwait(false);
        }

        var digests = await session.ReceiveAsync(ConfirmRound, MessageKind.Broadcast, ct, receivers).ConfigureAwait(false);
        var reference = share?.PublicDigest.ToArray() ?? digests.Values.FirstOrDefault().ToArray();
        var blame = digests.Where(d => !d.Value.Span.SequenceEqual(reference))
            .Select(d => new Blame(d.Key, DkgChecks.Confirmation, ConfirmRound)).ToList();
        DealingRounds.ThrowIfBlamed(blame, "parties derived different keys");
    }

    private static List<(PartyIndex To, byte[] Bytes)> Pairwise(
        Dictionary<PartyIndex, PairwiseExchange> exchanges, Dictionary<PartyIndex, byte[]> incoming, ushort round, Func<PairwiseExchange, byte[], byte[]> step)
    {
        var outgoing = new List<(PartyIndex, byte[])>();
        var failures = new List<ProtocolException>();
        foreach (var (j, ex) in exchanges.OrderBy(e => e.Key))
        {
            try
            {
                outgoing.Add((j, PairwiseStep(j, round, () => step(ex, incoming[j]))));
            }
            catch (ProtocolException e)
            {
                failures.Add(e);
            }
        }

        // Every pair is checked before aborting, so all deviating counterparties are named.
        if (failures.Count == 1)
        {
            throw failures[0];
        }

        DealingRounds.ThrowIfBlamed([.. failures.SelectMany(f => f.Blame)], "pairwise setups failed");
        return outgoing;
    }

    /// <summary>Runs one pairwise step; decoding and OT-layer failures blame the counterparty.</summary>
    private static T PairwiseStep<T>(PartyIndex counterparty, ushort round, Func<T> step)
    {
        try
        {
            return DealingRounds.Decode(counterparty, round, step);
        }
        catch (OtProtocolException e)
        {
            throw new ProtocolException(ProtocolErrorKind.Aborted, e.Check, [new Blame(counterparty, e.Check, round)], e);
        }
    }
}
