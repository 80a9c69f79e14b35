using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Core;
using DltSigner.Core.Hashing;

namespace DltSigner.Adapters.Bitcoin.Bip174;

/// <summary>One key-value pair: the full key (type as CompactSize, then key data) and the value.</summary>
public sealed record PsbtEntry(byte[] Key, byte[] Value)
{
    /// <summary>The key type; types that do not fit a byte are unknown to BIP174 v0 and map to ulong.</summary>
    public ulong KeyType => new ByteReader(Key).ReadCompactSize("psbt key type", ulong.MaxValue);

    public ReadOnlySpan<byte> KeyData => Key.AsSpan(CompactSize.EncodedLength(KeyType));
}

/// <summary>
/// A PSBT key-value map: entries in their serialised order (parsed maps keep theirs, so unmodified
/// PSBTs round-trip byte for byte); new entries go where Bitcoin Core would write them.
/// </summary>
public class PsbtMap
{
    private readonly List<PsbtEntry> _entries = [];

    // Keys present, for duplicate detection in constant time per entry (hostile maps can be long).
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    internal PsbtMap(PsbtMapKind kind) => Kind = kind;

    public PsbtMapKind Kind { get; }

    public IReadOnlyList<PsbtEntry> Entries => _entries;

    public PsbtEntry? Find(ReadOnlySpan<byte> key)
    {
        if (!_keys.Contains(Convert.ToHexString(key)))
        {
            return null;
        }

        foreach (var e in _entries)
        {
            if (e.Key.AsSpan().SequenceEqual(key))
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>The value of the single-byte key <paramref name="type"/> (no key data), or null.</summary>
    public byte[]? Get(byte type) => Find([type])?.Value;

    public IEnumerable<PsbtEntry> OfType(byte type) => _entries.Where(e => e.Key[0] == type);

    /// <summary>Adds or replaces the entry for type || keyData, validating it as a parser would.</summary>
    public void Set(byte type, ReadOnlySpan<byte> keyData, ReadOnlySpan<byte> value)
    {
        if (Kind == PsbtMapKind.Global && type == PsbtKeyTypes.GlobalUnsignedTx && Get(type) is not null)
        {
            throw new InvalidOperationException("the unsigned transaction of a PSBT cannot be replaced");
        }

        byte[] key = [type, .. keyData];
        var entry = new PsbtEntry(key, value.ToArray());
        PsbtValidation.ValidateEntry(Kind, entry);
        Remove(key);
        var index = _entries.FindIndex(e => Compare(e, entry) > 0);
        _entries.Insert(index < 0 ? _entries.Count : index, entry);
        _keys.Add(Convert.ToHexString(key));
    }

    public bool Remove(ReadOnlySpan<byte> key)
    {
        if (!_keys.Remove(Convert.ToHexString(key)))
        {
            return false;
        }

        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Key.AsSpan().SequenceEqual(key))
            {
                _entries.RemoveAt(i);
                return true;
            }
        }

        return false;
    }

    public void RemoveType(byte type)
    {
        foreach (var e in _entries.Where(e => e.Key[0] == type).ToList())
        {
            Remove(e.Key);
        }
    }

    /// <summary>Reorders entries as Bitcoin Core serialises them (used by the combiner).</summary>
    public void SortCanonical()
    {
        var sorted = _entries.Order(Comparer<PsbtEntry>.Create(Compare)).ToList();
        _entries.Clear();
        _entries.AddRange(sorted);
    }

    /// <summary>Appends a parsed entry; duplicate keys are a format error (BIP174).</summary>
    internal void AddParsed(PsbtEntry entry)
    {
        PsbtValidation.ValidateEntry(Kind, entry);
        if (!_keys.Add(Convert.ToHexString(entry.Key)))
        {
            throw new CryptoFormatException("psbt: duplicate key");
        }

        _entries.Add(entry);
    }

    internal void Write(ByteWriter writer)
    {
        foreach (var e in _entries)
        {
            writer.WriteVarBytes(e.Key);
            writer.WriteVarBytes(e.Value);
        }

        writer.WriteByte(0x00);
    }

    private int Compare(PsbtEntry a, PsbtEntry b)
    {
        var byRank = Rank(a).CompareTo(Rank(b));
        return byRank != 0 ? byRank : SubKey(a).AsSpan().SequenceCompareTo(SubKey(b));
    }

    private int Rank(PsbtEntry e)
    {
        var order = Kind switch
        {
            PsbtMapKind.Global => PsbtKeyTypes.GlobalOrder,
            PsbtMapKind.Input => PsbtKeyTypes.InputOrder,
            _ => PsbtKeyTypes.OutputOrder,
        };
        var i = Array.IndexOf(order, e.Key[0]);
        return i < 0 || e.Key[0] >= 0xfd ? order.Length : i;
    }

    /// <summary>Within a type Core orders by its map key: partial signatures by key id (HASH160 of the pubkey).</summary>
    private byte[] SubKey(PsbtEntry e) =>
        Kind == PsbtMapKind.Input && e.Key[0] == PsbtKeyTypes.InPartialSig ? Hashes.Hash160(e.Key.AsSpan(1)) : e.Key;
}
