using System.Buffers.Binary;
using DltSigner.Core.Hashing;

namespace DltSigner.Core.Mpc;

/// <summary>
/// Echo broadcast (Goldwasser-Lindell "broadcast with abort"; the round-based crate's echo_broadcast):
/// after a broadcast round, every party broadcasts a digest of what it received from each sender
/// (and of its own message), and checks everyone's digests against its own. A sender that sent
/// different messages to different parties is caught before anyone acts on them; the abort names it.
/// The echo uses round number <c>round | 0x8000</c>, so protocols keep rounds in 1..32767.
/// </summary>
public static class EchoBroadcast
{
    public const ushort EchoFlag = 0x8000;

    private const int DigestSize = 32;

    /// <summary>
    /// Receives broadcast <paramref name="round"/> (this party must already have broadcast its own
    /// message for it) and confirms with everyone that all saw the same messages. Returns every
    /// party's payload, own included, by sender ascending.
    /// </summary>
    public static async Task<IReadOnlyDictionary<PartyIndex, ReadOnlyMemory<byte>>> ReceiveAsync(
        MpcSession session, ushort round, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var own = session.SentBroadcast(round);
        var received = await session.ReceiveAsync(round, MessageKind.Broadcast, cancellationToken).ConfigureAwait(false);
        var all = new SortedDictionary<PartyIndex, ReadOnlyMemory<byte>>(received.ToDictionary()) { [session.Self] = own };

        var echoRound = (ushort)(round | EchoFlag);
        var mine = Digests(session, round, all);
        await session.SendRawAsync(echoRound, null, mine, cancellationToken).ConfigureAwait(false);
        var echoes = await session.ReceiveRawAsync(echoRound, MessageKind.Broadcast, null, cancellationToken).ConfigureAwait(false);

        var blame = new List<Blame>();
        foreach (var (reporter, echo) in echoes)
        {
            if (echo.Length != mine.Length)
            {
                blame.Add(new Blame(reporter, "echo broadcast: malformed echo", echoRound));
                continue;
            }

            for (var k = 0; k < session.Parties.Count; k++)
            {
                var range = new Range(k * DigestSize, (k + 1) * DigestSize);
                if (!echo.Span[range].SequenceEqual(mine.AsSpan(range)))
                {
                    var sender = session.Parties[k];
                    blame.Add(new Blame(sender, $"echo broadcast: inconsistent broadcast ({reporter} received a different message)", round));
                }
            }
        }

        if (blame.Count > 0)
        {
            throw new ProtocolException(ProtocolErrorKind.Aborted, $"round {round}: echo broadcast mismatch", blame);
        }

        return all;
    }

    /// <summary>Per sender, in party order: SHA-256 transcript digest of (session, protocol, round, sender, payload).</summary>
    private static byte[] Digests(MpcSession session, ushort round, SortedDictionary<PartyIndex, ReadOnlyMemory<byte>> all)
    {
        var result = new byte[session.Parties.Count * DigestSize];
        var header = new Transcript("DltSigner/echo-broadcast/v1")
            .Append("session", session.SessionId.Bytes)
            .Append("protocol", System.Text.Encoding.ASCII.GetBytes(session.Protocol))
            .Append("round", round);
        Span<byte> index = stackalloc byte[2];
        for (var k = 0; k < session.Parties.Count; k++)
        {
            var party = session.Parties[k];
            BinaryPrimitives.WriteUInt16BigEndian(index, party.Value);
            header.Fork().Append("sender", index).Append("payload", all[party].Span)
                .Challenge("digest", result.AsSpan(k * DigestSize, DigestSize));
        }

        return result;
    }
}
