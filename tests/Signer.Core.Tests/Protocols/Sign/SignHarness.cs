using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Protocols.Derivation;
using DltSigner.Core.Protocols.Sign;
using DltSigner.Core.Signatures;

namespace DltSigner.Core.Tests.Protocols.Sign;

/// <summary>
/// Runs chosen signers of a dealt key over an <see cref="InMemoryNetwork"/> (with fault rules) and
/// collects every party's outcome. Once every honest party has finished, the rest (deviators that
/// wait for messages that never come) are cancelled, so failing runs end promptly. Timeouts run on
/// the network's clock: they fire only once no awaited message can come any more.
/// </summary>
internal static class SignHarness
{
    public static async Task<Dictionary<PartyIndex, PartyOutcome<RecoverableSignature>>> RunAsync(
        IReadOnlyList<KeyShare> shares,
        byte[] hash,
        Action<InMemoryNetwork>? faults = null,
        DerivationPath? path = null,
        Func<PartyIndex, SignOptions?>? options = null,
        IReadOnlyCollection<int>? deviators = null,
        SignSession? session = null,
        Func<KeyShare, SignSession, SignSession>? sessionFor = null,
        Func<PartyIndex, IDelivery, IDelivery>? wrap = null)
    {
        session ??= SignSession.Create(shares[0], shares.Select(s => s.Self), path);
        var network = new InMemoryNetwork(shares.Max(s => s.Self.Value));
        faults?.Invoke(network);
        using var cancelDeviators = new CancellationTokenSource();
        var honestLeft = shares.Count(s => deviators is null || !deviators.Contains(s.Self.Value));
        var mpcOptions = new MpcSessionOptions { TimeProvider = network.Clock };
        var byParty = shares.ToDictionary(s => s.Self);
        var outcomes = await network.RunPartiesAsync(byParty.Keys, async (party, delivery, ct) =>
        {
            var share = byParty[party];
            var deviator = deviators?.Contains(party.Value) == true;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deviator ? cancelDeviators.Token : CancellationToken.None);
            try
            {
                var own = sessionFor?.Invoke(share, session) ?? session;
                var mpc = new MpcSession(wrap?.Invoke(party, delivery) ?? delivery, own.Id, SignSession.ProtocolName, party, [.. session.Signers], mpcOptions);
                return await DklsSign.RunAsync(mpc, share, own, hash, options?.Invoke(party), linked.Token).ConfigureAwait(false);
            }
            finally
            {
                if (!deviator && Interlocked.Decrement(ref honestLeft) == 0)
                {
                    await cancelDeviators.CancelAsync().ConfigureAwait(false);
                }
            }
        }, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return outcomes.ToDictionary(o => o.Party);
    }

    /// <summary>Decodes, edits and re-encodes one kind of payload inside a tamper rule.</summary>
    public static Func<Envelope, Envelope> Edit(Func<byte[], byte[]> edit) =>
        e => new Envelope(e.Session, e.Protocol, e.Round, e.Sender, e.Recipient, edit(e.Payload.ToArray()));
}
