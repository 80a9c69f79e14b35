using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;

namespace DltSigner.Core.Protocols.Dkg;

/// <summary>
/// Distributed key generation for DKLs23 (protocol.md §4): Feldman DKG with commit-then-reveal and
/// Schnorr proofs of knowledge (Lin23 Protocol 9.1 shape), pairwise base OTs for both directions of
/// every pair and F_Zero seeds, and a final confirmation of the public key state. Any 1 ≤ t ≤ n.
/// Rounds: 1 broadcast + echo (parameter digest, Com_i), 2 P2P (opening, PoK, share, base-OT m1,
/// seed commitment), 3–6 P2P (base-OT m2–m5, seed reveal), 7 broadcast (confirmation).
/// Failures throw <see cref="ProtocolException"/> naming the deviating party and the check
/// (<see cref="DkgChecks"/>, <see cref="Ot.OtChecks"/>).
/// </summary>
public static class Dkg
{
    /// <summary>The protocol name for the <see cref="MpcSession"/>.</summary>
    public const string ProtocolName = "dkls23/dkg";

    /// <summary>
    /// Runs the DKG over the session (all session parties form the committee). The session id
    /// becomes the key id; it must be fresh (agreed by the caller, e.g. announced by a coordinator).
    /// </summary>
    public static Task<KeyShare> RunAsync(MpcSession session, int threshold, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var parties = session.Parties;
        if (parties.Count > KeyShare.MaxParties || threshold < 1 || threshold > parties.Count)
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidInput, $"threshold {threshold} of {parties.Count} parties is not supported");
        }

        var plan = new DealingPlan
        {
            Kind = DealingKind.Fresh,
            Dealers = parties,
            Receivers = parties,
            Threshold = threshold,
            ParameterDigest = ParameterDigest(session.SessionId, threshold, parties),
            ChainCode = ChainCodeSource.Contribute,
            KeyId = session.SessionId,
            Epoch = 0,
        };
        return RunCoreAsync(session, plan, cancellationToken);
    }

    private static async Task<KeyShare> RunCoreAsync(MpcSession session, DealingPlan plan, CancellationToken ct) =>
        await KeyGenerationRun.RunAsync(session, plan, Scalar.RandomNonZero(), Scalar.Zero, ct).ConfigureAwait(false)
        ?? throw new ProtocolException(ProtocolErrorKind.Bug, "dkg: every party receives a share");

    internal static byte[] ParameterDigest(SessionId session, int threshold, IReadOnlyList<PartyIndex> parties)
    {
        var t = new Transcript("DltSigner/DKLs23/dkg/parameters/v1")
            .Append("sid", session.Bytes)
            .Append("t", (ulong)threshold)
            .Append("n", (ulong)parties.Count);
        foreach (var p in parties)
        {
            t.Append("party", p.Value);
        }

        return t.Challenge("digest", 32);
    }
}
