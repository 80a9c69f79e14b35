using DltSigner.Adapters.Bitcoin.Scripts;

namespace DltSigner.Adapters.Bitcoin.Transactions;

/// <summary>A witness stack (BIP141): a list of byte strings, compared by content.</summary>
public sealed class Witness : IEquatable<Witness>
{
    private readonly byte[][] _items;

    public Witness(IEnumerable<byte[]> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items.Select(i => (byte[])i.Clone())];
    }

    private Witness(byte[][] items, bool owned) => _items = owned ? items : [.. items.Select(i => (byte[])i.Clone())];

    public static Witness Empty { get; } = new([], owned: true);

    public int Count => _items.Length;

    public bool IsEmpty => _items.Length == 0;

    public ReadOnlySpan<byte> this[int index] => _items[index];

    public IReadOnlyList<byte[]> ToList() => [.. _items.Select(i => (byte[])i.Clone())];

    internal static Witness Own(byte[][] items) => new(items, owned: true);

    internal IReadOnlyList<byte[]> Items => _items;

    public bool Equals(Witness? other) =>
        other is not null && _items.Length == other._items.Length
        && _items.Zip(other._items).All(p => p.First.AsSpan().SequenceEqual(p.Second));

    public override bool Equals(object? obj) => Equals(obj as Witness);

    public override int GetHashCode() => _items.Length;
}

/// <summary>A transaction input.</summary>
public sealed record TxIn(OutPoint PrevOut, Script ScriptSig, uint Sequence, Witness Witness)
{
    public const uint SequenceFinal = 0xffffffff;

    public TxIn(OutPoint prevOut, uint sequence = SequenceFinal)
        : this(prevOut, Script.Empty, sequence, Witness.Empty)
    {
    }
}

/// <summary>A transaction output; the value is signed as in Bitcoin Core (negative values parse, then fail checks).</summary>
public sealed record TxOut(long Value, Script ScriptPubKey)
{
    /// <summary>21 million BTC in satoshis (Bitcoin Core MAX_MONEY).</summary>
    public const long MaxMoney = 21_000_000L * 100_000_000L;
}
