using DltSigner.Core.Hashing;

namespace DltSigner.Core.Ot;

/// <summary>
/// What every OT-layer hash is bound to: a session id (unique per protocol run, agreed by the
/// round machinery) and the two party indices in their roles. Alice is the OT-extension sender
/// and RVOLE Alice (so the base-OT receiver); Bob is the OT-extension receiver and RVOLE Bob (so
/// the base-OT sender). One pair of parties has two independent directions (i as Alice, j as Bob
/// and the reverse), each with its own <see cref="OtSession"/>.
/// </summary>
public sealed class OtSession
{
    /// <summary>Upper bound on the session id length, so hostile ids cannot bloat transcripts.</summary>
    public const int MaxSessionIdBytes = 256;

    private readonly byte[] _sessionId;

    public OtSession(ReadOnlySpan<byte> sessionId, int aliceIndex, int bobIndex)
    {
        if (sessionId.Length is 0 or > MaxSessionIdBytes)
        {
            throw new ArgumentException("session id must be 1..256 bytes", nameof(sessionId));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(aliceIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(bobIndex);
        if (aliceIndex == bobIndex)
        {
            throw new ArgumentException("Alice and Bob must be different parties", nameof(bobIndex));
        }

        _sessionId = sessionId.ToArray();
        AliceIndex = aliceIndex;
        BobIndex = bobIndex;
    }

    public ReadOnlySpan<byte> SessionId => _sessionId;

    public int AliceIndex { get; }

    public int BobIndex { get; }

    /// <summary>A transcript for one sub-protocol, already bound to version, session and roles.</summary>
    internal Transcript NewTranscript(string protocol)
    {
        var t = new Transcript($"DltSigner/DKLs23/{protocol}/v{OtParameters.Version}");
        t.Append("sid", _sessionId);
        t.Append("alice", (ulong)AliceIndex);
        t.Append("bob", (ulong)BobIndex);
        return t;
    }
}
