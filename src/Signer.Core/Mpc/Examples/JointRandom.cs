using System.Buffers.Binary;
using System.Security.Cryptography;
using DltSigner.Core.Hashing;

namespace DltSigner.Core.Mpc.Examples;

/// <summary>
/// A minimal commit-reveal coin toss that exercises the round machinery: round 1 broadcasts
/// c_i = H(session, i, r_i) (echo-broadcast, so nobody can show different commitments to different
/// parties), round 2 broadcasts r_i, every party checks each r_j against c_j and outputs
/// H(session, r_1, ..., r_n). Not a protocol the signer relies on (a last revealer can still abort).
/// </summary>
public static class JointRandom
{
    public const string ProtocolName = "example/joint-random";
    public const int ValueSize = 32;
    public const ushort CommitRound = 1;
    public const ushort RevealRound = 2;

    /// <summary>The async form: one function over a session.</summary>
    public static async Task<byte[]> RunAsync(MpcSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var mine = RandomNumberGenerator.GetBytes(ValueSize);
        try
        {
            await session.BroadcastAsync(CommitRound, Commit(session.SessionId, session.Self, mine), cancellationToken).ConfigureAwait(false);
            var commitments = await EchoBroadcast.ReceiveAsync(session, CommitRound, cancellationToken).ConfigureAwait(false);
            CheckCommitments(commitments);

            await session.BroadcastAsync(RevealRound, mine, cancellationToken).ConfigureAwait(false);
            var reveals = new SortedDictionary<PartyIndex, ReadOnlyMemory<byte>>(
                (await session.ReceiveAsync(RevealRound, MessageKind.Broadcast, cancellationToken).ConfigureAwait(false)).ToDictionary())
            {
                [session.Self] = mine,
            };
            return CheckAndCombine(session.SessionId, commitments, reveals);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mine);
        }
    }

    internal static byte[] Commit(SessionId session, PartyIndex party, ReadOnlySpan<byte> value) =>
        Bind(session, party).Append("value", value).Challenge("commitment", ValueSize);

    internal static void CheckCommitments(IReadOnlyDictionary<PartyIndex, ReadOnlyMemory<byte>> commitments)
    {
        var bad = commitments.Where(c => c.Value.Length != ValueSize)
            .Select(c => new Blame(c.Key, "malformed commitment", CommitRound)).ToList();
        if (bad.Count > 0)
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidMessage, "malformed commitment", bad);
        }
    }

    /// <summary>Checks every reveal against its commitment (all parties, own included) and derives the output.</summary>
    internal static byte[] CheckAndCombine(
        SessionId session, IReadOnlyDictionary<PartyIndex, ReadOnlyMemory<byte>> commitments, IReadOnlyDictionary<PartyIndex, ReadOnlyMemory<byte>> reveals)
    {
        var blame = new List<Blame>();
        foreach (var (party, reveal) in reveals)
        {
            if (reveal.Length != ValueSize)
            {
                blame.Add(new Blame(party, "malformed reveal", RevealRound));
            }
            else if (!CryptographicOperations.FixedTimeEquals(Commit(session, party, reveal.Span), commitments[party].Span))
            {
                blame.Add(new Blame(party, "commitment mismatch", RevealRound));
            }
        }

        if (blame.Count > 0)
        {
            throw new ProtocolException(ProtocolErrorKind.Aborted, "reveal does not open the commitment", blame);
        }

        var output = new Transcript("DltSigner/example/joint-random/output").Append("session", session.Bytes);
        foreach (var (party, reveal) in reveals.OrderBy(r => r.Key))
        {
            output.Append("party", party.Value).Append("value", reveal.Span);
        }

        return output.Challenge("output", ValueSize);
    }

    private static Transcript Bind(SessionId session, PartyIndex party)
    {
        Span<byte> index = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(index, party.Value);
        return new Transcript("DltSigner/example/joint-random/commit").Append("session", session.Bytes).Append("party", index);
    }
}
