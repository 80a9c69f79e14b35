namespace DltSigner.Adapters.Bitcoin.Bip174;

/// <summary>The BIP174 combiner: the union of the key-value pairs of PSBTs for the same transaction.</summary>
public static class PsbtCombiner
{
    /// <summary>
    /// Merges <paramref name="psbts"/> (the first value wins for a key present in several) and writes
    /// every map in Bitcoin Core's order: known types in serialisation order, then by key bytes.
    /// </summary>
    public static Psbt Combine(IReadOnlyList<Psbt> psbts)
    {
        ArgumentNullException.ThrowIfNull(psbts);
        if (psbts.Count == 0)
        {
            throw new ArgumentException("nothing to combine", nameof(psbts));
        }

        var result = psbts[0].Clone();
        var txBytes = result.UnsignedTx.ToBytesWithoutWitness();
        foreach (var other in psbts.Skip(1))
        {
            if (!other.UnsignedTx.ToBytesWithoutWitness().AsSpan().SequenceEqual(txBytes))
            {
                throw new ArgumentException("PSBTs are for different transactions", nameof(psbts));
            }

            Merge(result.Global, other.Global);
            for (var i = 0; i < result.Inputs.Count; i++)
            {
                Merge(result.Inputs[i], other.Inputs[i]);
            }

            for (var i = 0; i < result.Outputs.Count; i++)
            {
                Merge(result.Outputs[i], other.Outputs[i]);
            }
        }

        result.Global.SortCanonical();
        foreach (var map in result.Inputs.Cast<PsbtMap>().Concat(result.Outputs))
        {
            map.SortCanonical();
        }

        return result;
    }

    private static void Merge(PsbtMap into, PsbtMap from)
    {
        foreach (var entry in from.Entries)
        {
            if (into.Find(entry.Key) is null)
            {
                into.AddParsed(entry);
            }
        }
    }
}
