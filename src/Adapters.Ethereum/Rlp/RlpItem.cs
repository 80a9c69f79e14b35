namespace DltSigner.Adapters.Ethereum.Rlp;

/// <summary>A decoded RLP value: a byte string or a list of items.</summary>
public abstract record RlpItem;

public sealed record RlpString(byte[] Bytes) : RlpItem
{
    public bool Equals(RlpString? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => Bytes.Length;
}

public sealed record RlpList(IReadOnlyList<RlpItem> Items) : RlpItem
{
    public bool Equals(RlpList? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Count;
}
