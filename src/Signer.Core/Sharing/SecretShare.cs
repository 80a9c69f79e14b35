using DltSigner.Core.Keys;

namespace DltSigner.Core.Sharing;

/// <summary>
/// A Shamir share f(i) held by party i. Owns its secret: disposing the share zeroes it.
/// Prints the index only.
/// </summary>
public sealed class SecretShare : IDisposable
{
    public SecretShare(int index, SecretScalar value)
    {
        ShareIndex.Validate(index);
        ArgumentNullException.ThrowIfNull(value);
        Index = index;
        Value = value;
    }

    /// <summary>The party index i (the evaluation point, 1-based).</summary>
    public int Index { get; }

    /// <summary>The share value f(i).</summary>
    public SecretScalar Value { get; }

    public void Dispose() => Value.Dispose();

    public override string ToString() => $"SecretShare(index={Index}, redacted)";
}
