using DltSigner.Core.Hashing;
using DltSigner.Core.Mpc;
using DltSigner.Core.Sharing;

namespace DltSigner.Core.Proofs;

/// <summary>
/// What a proof or commitment is bound to: the protocol step (label), the session and the
/// prover's party index. Binding all three into the Fiat–Shamir transcript stops a proof from
/// being replayed by another party, in another session or in another protocol step.
/// Immutable and public.
/// </summary>
public sealed class ProofContext
{
    /// <summary>Largest accepted session id (bytes).</summary>
    public const int MaxSessionIdLength = 256;

    private readonly byte[] _sessionId;

    public ProofContext(string protocolLabel, ReadOnlySpan<byte> sessionId, int partyIndex)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocolLabel);
        if (sessionId.IsEmpty || sessionId.Length > MaxSessionIdLength)
        {
            throw new ArgumentException($"session id must be 1..{MaxSessionIdLength} bytes", nameof(sessionId));
        }

        ShareIndex.Validate(partyIndex, nameof(partyIndex));
        ProtocolLabel = protocolLabel;
        _sessionId = sessionId.ToArray();
        Party = partyIndex;
    }

    /// <summary>The usual form inside an MPC protocol: a 32-byte session id and an MPC party index.</summary>
    public ProofContext(string protocolLabel, SessionId sessionId, PartyIndex party)
        : this(protocolLabel, sessionId.Bytes, party.Value)
    {
    }

    /// <summary>The protocol step, e.g. "dkls23/dkg/round2".</summary>
    public string ProtocolLabel { get; }

    public ReadOnlySpan<byte> SessionId => _sessionId;

    /// <summary>The prover's (or committer's) party index.</summary>
    public int Party { get; }

    /// <summary>The same session and label for another party (each party proves under its own index).</summary>
    public ProofContext ForParty(int partyIndex) => new(ProtocolLabel, _sessionId, partyIndex);

    /// <summary>A transcript for one proof kind, bound to this context.</summary>
    internal Transcript NewTranscript(string domain) =>
        new Transcript(domain)
            .Append("protocol", System.Text.Encoding.UTF8.GetBytes(ProtocolLabel))
            .Append("session", _sessionId)
            .Append("party", (ulong)Party);

    public override string ToString() => $"ProofContext({ProtocolLabel}, party {Party}, session {Convert.ToHexString(_sessionId)})";
}
