using DltSigner.Adapters.Bitcoin.Encoding;

namespace DltSigner.Adapters.Bitcoin.Transactions;

/// <summary>A reference to a previous output: txid in internal (serialised) byte order and index.</summary>
public readonly struct OutPoint : IEquatable<OutPoint>
{
    public const int SerializedLength = 36;

    private readonly byte[]? _txid;

    public OutPoint(ReadOnlySpan<byte> txidInternalOrder, uint index)
    {
        if (txidInternalOrder.Length != 32)
        {
            throw new ArgumentException("txid must be 32 bytes", nameof(txidInternalOrder));
        }

        _txid = txidInternalOrder.ToArray();
        Index = index;
    }

    /// <summary>The txid as serialised (the reverse of how it is displayed).</summary>
    public ReadOnlySpan<byte> TxId => _txid ?? new byte[32];

    public uint Index { get; }

    /// <summary>The coinbase marker: zero txid and index 0xffffffff.</summary>
    public bool IsNull => Index == uint.MaxValue && !TxId.ContainsAnyExcept((byte)0);

    /// <summary>From a displayed (big-endian hex) txid.</summary>
    public static OutPoint FromDisplay(string txidHex, uint index) => new(Hex.DecodeReversed(txidHex), index);

    public string TxIdDisplay => Hex.EncodeReversed(TxId);

    internal static OutPoint Read(ByteReader reader) => new(reader.ReadSpan(32, "outpoint"), reader.ReadUInt32("outpoint"));

    internal void Write(ByteWriter writer)
    {
        writer.Write(TxId);
        writer.WriteUInt32(Index);
    }

    public bool Equals(OutPoint other) => Index == other.Index && TxId.SequenceEqual(other.TxId);

    public override bool Equals(object? obj) => obj is OutPoint o && Equals(o);

    public override int GetHashCode() => HashCode.Combine(Index, TxId[0], TxId[1], TxId[2], TxId[3]);

    public override string ToString() => $"{TxIdDisplay}:{Index}";

    public static bool operator ==(OutPoint left, OutPoint right) => left.Equals(right);

    public static bool operator !=(OutPoint left, OutPoint right) => !left.Equals(right);
}
