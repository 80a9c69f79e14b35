using System.Security.Cryptography;

namespace DltSigner.Core.Mpc.Examples;

/// <summary>
/// <see cref="JointRandom"/> in steppable form (without the echo round): the same checks, driven one
/// message at a time. Shows how a protocol is written as an <see cref="IRoundProtocol{TResult}"/>.
/// </summary>
public sealed class JointRandomMachine : IRoundProtocol<byte[]>
{
    private readonly RoundInbox inbox;
    private readonly byte[] mine = RandomNumberGenerator.GetBytes(JointRandom.ValueSize);
    private IReadOnlyDictionary<PartyIndex, ReadOnlyMemory<byte>>? commitments;
    private bool started;
    private bool done;

    public JointRandomMachine(SessionId session, PartyIndex self, IReadOnlyCollection<PartyIndex> parties) =>
        inbox = new RoundInbox(session, JointRandom.ProtocolName, self, parties);

    public PartyIndex Self => inbox.Self;

    public int CurrentRound => commitments is null ? JointRandom.CommitRound : JointRandom.RevealRound;

    public IReadOnlyList<PartyIndex> WaitingFor => inbox.Missing((ushort)CurrentRound);

    public RoundStep<byte[]> Start()
    {
        if (started)
        {
            throw new ProtocolException(ProtocolErrorKind.Bug, "started twice");
        }

        started = true;
        inbox.Expect(JointRandom.CommitRound, MessageKind.Broadcast);
        var commit = Broadcast(JointRandom.CommitRound, JointRandom.Commit(inbox.Session, Self, mine));
        return Advance([commit]);
    }

    public RoundStep<byte[]> Handle(Envelope message)
    {
        if (!started || done)
        {
            throw new ProtocolException(ProtocolErrorKind.Bug, "message handled outside a run");
        }

        inbox.Accept(message);
        return Advance([]);
    }

    /// <summary>Moves through every round whose messages are complete, collecting what to send.</summary>
    private RoundStep<byte[]> Advance(List<Envelope> outgoing)
    {
        if (commitments is null && inbox.TryTake(JointRandom.CommitRound, out var round1))
        {
            commitments = With(round1, JointRandom.Commit(inbox.Session, Self, mine));
            JointRandom.CheckCommitments(commitments);
            inbox.Expect(JointRandom.RevealRound, MessageKind.Broadcast);
            outgoing.Add(Broadcast(JointRandom.RevealRound, (byte[])mine.Clone()));
        }

        if (commitments is not null && inbox.TryTake(JointRandom.RevealRound, out var round2))
        {
            done = true;
            var output = JointRandom.CheckAndCombine(inbox.Session, commitments, With(round2, mine));
            CryptographicOperations.ZeroMemory(mine);
            return RoundStep<byte[]>.Done(output, outgoing);
        }

        return RoundStep<byte[]>.Send(outgoing);
    }

    private Envelope Broadcast(ushort round, byte[] payload) => new(inbox.Session, JointRandom.ProtocolName, round, Self, null, payload);

    private SortedDictionary<PartyIndex, ReadOnlyMemory<byte>> With(IReadOnlyDictionary<PartyIndex, Envelope> received, byte[] own)
    {
        var all = new SortedDictionary<PartyIndex, ReadOnlyMemory<byte>> { [Self] = own };
        foreach (var (party, envelope) in received)
        {
            all[party] = envelope.Payload;
        }

        return all;
    }
}
