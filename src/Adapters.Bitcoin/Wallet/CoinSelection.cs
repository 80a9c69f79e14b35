namespace DltSigner.Adapters.Bitcoin.Wallet;

/// <summary>
/// Coin selection for P2WPKH UTXOs. First branch-and-bound (Bitcoin Core SelectCoinsBnB, after Erhardt,
/// "An Evaluation of Coin Selection Strategies", 2016): a depth-first search over the UTXOs by
/// descending effective value (value minus the fee to spend it) for a set whose effective value lands
/// in [target, target + cost of change], so no change output is needed; the smallest excess wins
/// (with one fee rate, Core's waste metric reduces to the excess). If none exists within the try
/// budget, largest-first: add the biggest coins until the payments and the exact fee are covered
/// (the planner then adds change, or folds a sub-dust remainder into the fee).
/// </summary>
public static class CoinSelection
{
    /// <summary>Marginal fee of one P2WPKH input at <paramref name="feeRate"/> (68 vB, rounded up).</summary>
    public static long InputFee(FeeRate feeRate) => feeRate.FeeFor(TxSize.P2wpkhInputWeight / 4);

    /// <summary>
    /// Branch-and-bound; <paramref name="target"/> is the payments plus the fee of the transaction
    /// without inputs. Null when no changeless set exists (or the budget ran out).
    /// </summary>
    public static IReadOnlyList<Utxo>? BranchAndBound(IReadOnlyList<Utxo> utxos, long target, long costOfChange, FeeRate feeRate, int maxTries = 100_000)
    {
        ArgumentNullException.ThrowIfNull(utxos);
        var inputFee = InputFee(feeRate);
        var pool = utxos.Select(u => (Utxo: u, Value: u.Value - inputFee))
            .Where(p => p.Value > 0)
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Utxo.OutPoint.ToString(), StringComparer.Ordinal)
            .ToArray();
        var available = pool.Sum(p => p.Value);
        if (available < target)
        {
            return null;
        }

        var selected = new bool[pool.Length];
        bool[]? best = null;
        var bestExcess = long.MaxValue;
        long current = 0;
        var depth = 0;
        for (var tries = 0; tries < maxTries; tries++)
        {
            var backtrack = current + available < target || current > target + costOfChange;
            if (!backtrack && current >= target)
            {
                if (current - target < bestExcess)
                {
                    bestExcess = current - target;
                    best = (bool[])selected.Clone();
                    if (bestExcess == 0)
                    {
                        break;
                    }
                }

                backtrack = true;
            }

            if (backtrack)
            {
                // Undo trailing exclusions, then turn the last inclusion into an exclusion.
                while (depth > 0 && !selected[depth - 1])
                {
                    depth--;
                    available += pool[depth].Value;
                }

                if (depth == 0)
                {
                    break;
                }

                selected[depth - 1] = false;
                current -= pool[depth - 1].Value;
                continue;
            }

            // Inclusion branch first.
            available -= pool[depth].Value;
            current += pool[depth].Value;
            selected[depth] = true;
            depth++;
        }

        return best is null ? null : [.. pool.Where((_, i) => best[i]).Select(p => p.Utxo)];
    }

    /// <summary>
    /// Largest-first: the fewest biggest coins whose value covers the payments and the exact fee
    /// of a changeless transaction (<paramref name="feeFor"/> maps an input count to that fee). Null when all
    /// the coins are not enough.
    /// </summary>
    public static IReadOnlyList<Utxo>? LargestFirst(IReadOnlyList<Utxo> utxos, long payments, Func<int, long> feeFor)
    {
        ArgumentNullException.ThrowIfNull(utxos);
        ArgumentNullException.ThrowIfNull(feeFor);
        var chosen = new List<Utxo>();
        long sum = 0;
        foreach (var u in utxos.OrderByDescending(u => u.Value).ThenBy(u => u.OutPoint.ToString(), StringComparer.Ordinal))
        {
            chosen.Add(u);
            sum += u.Value;
            if (sum >= payments + feeFor(chosen.Count))
            {
                return chosen;
            }
        }

        return null;
    }
}
