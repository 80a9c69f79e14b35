using DltSigner.Core.Math;

namespace DltSigner.Core.Hashing;

/// <summary>
/// A Fiat-Shamir / commitment transcript. Every item is written as
/// label length (u32 BE) || label || data length (u32 BE) || data, after a domain tag that is
/// written the same way, so two different sequences of items can never hash alike
/// (no "alpha-shuffle" style ambiguity). Challenges are derived from SHA-256 over the state with a
/// counter, and hash-to-scalar reduces 64 bytes mod n (bias below 2^-256).
/// </summary>
public sealed class Transcript
{
    public Transcript(string domain) => throw new NotImplementedException();

    public Transcript Append(string label, ReadOnlySpan<byte> data) => throw new NotImplementedException();

    public Transcript Append(string label, ulong value) => throw new NotImplementedException();

    public Transcript Append(string label, Scalar value) => throw new NotImplementedException();

    /// <summary>Appends the compressed encoding (infinity as the single byte 00).</summary>
    public Transcript Append(string label, Point value) => throw new NotImplementedException();

    /// <summary>A copy whose later appends do not affect this one.</summary>
    public Transcript Fork() => throw new NotImplementedException();

    /// <summary>
    /// Derives output bytes bound to everything appended so far and to the label; the label and
    /// the output are then appended, so successive challenges differ.
    /// </summary>
    public byte[] Challenge(string label, int length) => throw new NotImplementedException();

    public Scalar ChallengeScalar(string label) => throw new NotImplementedException();
}
