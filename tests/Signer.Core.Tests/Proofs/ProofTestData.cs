using DltSigner.Core.Proofs;

namespace DltSigner.Core.Tests.Proofs;

internal static class ProofTestData
{
    public static readonly byte[] Session = [0x5e, 0x55, 0x10, 0x4e, 1, 2, 3, 4];

    public static ProofContext Context(int party = 1, string label = "test/dkg/round1", byte[]? session = null) =>
        new(label, session ?? Session, party);

    /// <summary>Contexts that differ from <see cref="Context"/> in exactly one field.</summary>
    public static TheoryData<string> OtherContextNames => ["party", "session", "label", "session-prefix"];

    public static ProofContext Other(string name) => name switch
    {
        "party" => Context(party: 2),
        "session" => Context(session: [0x5e, 0x55, 0x10, 0x4e, 1, 2, 3, 5]),
        "label" => Context(label: "test/dkg/round2"),
        "session-prefix" => Context(session: Session[..^1]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
