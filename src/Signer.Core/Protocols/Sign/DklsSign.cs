using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Signatures;

namespace DltSigner.Core.Protocols.Sign;

/// <summary>
/// DKLs23 Protocol 3.6 over an <see cref="MpcSession"/>: rounds 1 and 2 are point-to-point (each
/// payload carries the per-pair OT messages and the copies of the party's common values; the paper
/// needs no broadcast channel, since S4/S5 catch inconsistent values), round 3 is a broadcast of
/// (u_i, w_i). The session's parties must be exactly the signers and its id <see cref="SignSession.Id"/>.
/// </summary>
public static class DklsSign
{
    public const ushort Round1 = 1;
    public const ushort Round2 = 2;
    public const ushort Round3 = 3;

    /// <summary>An <see cref="MpcSession"/> for one signer of <paramref name="sign"/>.</summary>
    public static MpcSession OpenSession(IDelivery delivery, PartyIndex self, SignSession sign, MpcSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sign);
        return new MpcSession(delivery, sign.Id, SignSession.ProtocolName, self, [.. sign.Signers], options);
    }

    /// <summary>Rounds 1–2 and checks S1–S4: a presignature for one later message.</summary>
    public static async Task<Presignature> PresignAsync(
        MpcSession session, KeyShare share, SignSession sign, SignOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(sign);
        CheckSession(session, sign);
        using var party = SignParty.Start(share, sign, options);
        foreach (var (to, payload) in party.Round1Messages)
        {
            await session.SendAsync(Round1, to, payload, cancellationToken).ConfigureAwait(false);
        }

        var round1 = await session.ReceiveAsync(Round1, MessageKind.PointToPoint, cancellationToken).ConfigureAwait(false);
        foreach (var (to, payload) in party.Round2(round1))
        {
            await session.SendAsync(Round2, to, payload, cancellationToken).ConfigureAwait(false);
        }

        var round2 = await session.ReceiveAsync(Round2, MessageKind.PointToPoint, cancellationToken).ConfigureAwait(false);
        return party.Finish(round2);
    }

    /// <summary>Round 3 and the output: consumes the presignature (at most one message per presignature).</summary>
    public static async Task<RecoverableSignature> SignAsync(
        MpcSession session, Presignature presignature, ReadOnlyMemory<byte> hash32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(presignature);
        CheckSession(session, presignature.Session);
        var partial = presignature.CreatePartial(hash32.Span);
        await session.BroadcastAsync(Round3, partial, cancellationToken).ConfigureAwait(false);
        var partials = await session.ReceiveAsync(Round3, MessageKind.Broadcast, cancellationToken).ConfigureAwait(false);
        return presignature.Combine(partials);
    }

    /// <summary>The whole protocol for one message.</summary>
    public static async Task<RecoverableSignature> RunAsync(
        MpcSession session, KeyShare share, SignSession sign, ReadOnlyMemory<byte> hash32, SignOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var presignature = await PresignAsync(session, share, sign, options, cancellationToken).ConfigureAwait(false);
        return await SignAsync(session, presignature, hash32, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckSession(MpcSession session, SignSession sign)
    {
        if (session.SessionId != sign.Id || !string.Equals(session.Protocol, SignSession.ProtocolName, StringComparison.Ordinal) || !session.Parties.SequenceEqual(sign.Signers))
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidInput, "sign: the MPC session is not the signing session (id, protocol or signer set differ)");
        }
    }
}
