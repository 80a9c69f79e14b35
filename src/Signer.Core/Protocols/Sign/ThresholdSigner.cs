using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Protocols.Derivation;
using DltSigner.Core.Signatures;
using DltSigner.Core.Signing;

namespace DltSigner.Core.Protocols.Sign;

/// <summary>
/// <see cref="IEcdsaSigner"/> over DKLs23 with all chosen signers in this process, talking over the
/// <see cref="InMemoryNetwork"/> (every message still goes through the wire codec): the CLI's local
/// mode and the adapters' tests before the libp2p transport. Any t (or more) shares of one key at
/// one epoch; the non-signers are not needed. Does not own the shares.
/// </summary>
public sealed class ThresholdSigner : IEcdsaSigner
{
    private readonly KeyShare[] _signers;
    private readonly MpcSessionOptions _options;

    public ThresholdSigner(IEnumerable<KeyShare> signers, MpcSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(signers);
        _signers = [.. signers.OrderBy(s => s.Self)];
        if (_signers.Length == 0)
        {
            throw new ArgumentException("no key shares", nameof(signers));
        }

        var first = _signers[0];
        foreach (var share in _signers)
        {
            if (share.KeyId != first.KeyId)
            {
                throw new ProtocolException(ProtocolErrorKind.InvalidInput, "threshold signer: the shares belong to different keys");
            }

            // Refreshed and old shares of one key do not combine: the epoch (and the public state) must match.
            if (share.Epoch != first.Epoch || !share.SamePublicState(first))
            {
                throw new ProtocolException(ProtocolErrorKind.InvalidKeyShare, $"threshold signer: mixed key epochs or public states ({share.Self} at epoch {share.Epoch}, {first.Self} at epoch {first.Epoch})");
            }
        }

        if (_signers.Select(s => s.Self).Distinct().Count() != _signers.Length)
        {
            throw new ArgumentException("two shares of one party", nameof(signers));
        }

        if (_signers.Length < first.Threshold)
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidInput, $"threshold signer: {_signers.Length} shares, the key needs t = {first.Threshold}");
        }

        _options = options ?? new MpcSessionOptions { RoundTimeout = TimeSpan.FromSeconds(30) };
    }

    public PublicKey PublicKey => _signers[0].GroupKey;

    public IReadOnlyList<PartyIndex> Signers => [.. _signers.Select(s => s.Self)];

    public PublicKey PublicKeyFor(string? derivationPath) =>
        Bip32.Derive(_signers[0].GroupKey, _signers[0].ChainCode, derivationPath).PublicKey;

    public Task<RecoverableSignature> SignAsync(SignRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = SignSession.Create(_signers[0], Signers, DerivationPath.Parse(request.DerivationPath));
        return SignAsync(session, request.Digest, cancellationToken);
    }

    /// <summary>Runs every signer over a fresh in-memory network; the first failure is rethrown (blame-carrying failures first).</summary>
    internal async Task<RecoverableSignature> SignAsync(SignSession session, ReadOnlyMemory<byte> digest, CancellationToken cancellationToken, Func<PartyIndex, SignOptions?>? options = null)
    {
        var network = new InMemoryNetwork(_signers[^1].Self.Value);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = _signers.Select(share => Task.Run(
            async () =>
            {
                try
                {
                    var mpc = DklsSign.OpenSession(network.Delivery(share.Self), share.Self, session, _options);
                    return await DklsSign.RunAsync(mpc, share, session, digest, options?.Invoke(share.Self), cts.Token).ConfigureAwait(false);
                }
                catch
                {
                    // One signer failing means the others would only wait for the timeout.
                    await cts.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            },
            CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (tasks.Any(t => t.IsFaulted))
        {
            var errors = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).ToList();
            var protocol = errors.OfType<ProtocolException>().OrderByDescending(e => e.Blame.Count).FirstOrDefault();
            throw protocol ?? errors[0];
        }

        var signature = tasks[0].Result;
        // Every honest signer computed the same signature; a difference is a defect, never output.
        if (tasks.Any(t => t.Result != signature))
        {
            throw new ProtocolException(ProtocolErrorKind.Bug, "threshold signer: signers disagree on the signature");
        }

        return signature;
    }
}
