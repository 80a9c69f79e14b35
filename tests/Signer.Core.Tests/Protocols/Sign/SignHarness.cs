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
/// wait for messages that never come) are cancelled, so failing runs end promptly.
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
        Func<PartyIndex, IDelivery, IDelivery>? wrap = null,
        TimeSpan? roundTimeout = null)
    {
        session ??= SignSession.Create(shares[0], shares.Select(s => s.Self), path);
        var network = new InMemoryNetwork(shares.Max(s => s.Self.Value));
        faults?.Invoke(network);
        using var cancelAll = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var mpcOptions = new MpcSessionOptions { RoundTimeout = roundTimeout ?? TimeSpan.FromSeconds(30) };
        var tasks = shares.ToDictionary(s => s.Self, share => Task.Run(async () =>
        {
            try
            {
                var own = sessionFor?.Invoke(share, session) ?? session;
                var mpc = new MpcSession(wrap?.Invoke(share.Self, network.Delivery(share.Self)) ?? network.Delivery(share.Self), own.Id, SignSession.ProtocolName, share.Self, [.. session.Signers], mpcOptions);
                var sig = await DklsSign.RunAsync(mpc, share, own, hash, options?.Invoke(share.Self), cancelAll.Token).ConfigureAwait(false);
                return new PartyOutcome<RecoverableSignature>(share.Self, sig, null);
            }
            catch (Exception ex)
            {
                return new PartyOutcome<RecoverableSignature>(share.Self, default, ex);
            }
        }));

        var honest = tasks.Where(t => deviators is null || !deviators.Contains(t.Key.Value)).Select(t => t.Value).ToArray();
        await Task.WhenAll(honest).ConfigureAwait(false);
        await cancelAll.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        return tasks.ToDictionary(t => t.Key, t => t.Value.Result);
    }

    /// <summary>Decodes, edits and re-encodes one kind of payload inside a tamper rule.</summary>
    public static Func<Envelope, Envelope> Edit(Func<byte[], byte[]> edit) =>
        e => new Envelope(e.Session, e.Protocol, e.Round, e.Sender, e.Recipient, edit(e.Payload.ToArray()));
}
