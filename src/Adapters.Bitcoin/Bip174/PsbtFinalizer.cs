using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core;
using DltSigner.Core.Hashing;
using K = DltSigner.Adapters.Bitcoin.Bip174.PsbtKeyTypes;

namespace DltSigner.Adapters.Bitcoin.Bip174;

/// <summary>
/// The BIP174 input finaliser and transaction extractor for P2PKH, P2PK, (P2SH-/P2WSH-)multisig,
/// P2WPKH, P2SH-P2WPKH and P2TR key path spends.
/// </summary>
public static class PsbtFinalizer
{
    /// <summary>Finalises every input it can; returns true when all inputs are final.</summary>
    public static bool FinalizeAll(Psbt psbt)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        var all = true;
        for (var i = 0; i < psbt.Inputs.Count; i++)
        {
            all &= TryFinalize(psbt, i);
        }

        return all;
    }

    /// <summary>
    /// Builds the final scriptSig/witness of input <paramref name="index"/> from its signatures, then
    /// clears everything but the UTXOs, proprietary and unknown fields (BIP174). False when signatures
    /// are missing or the script type is not supported; the input is then left unchanged.
    /// </summary>
    public static bool TryFinalize(Psbt psbt, int index)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        var input = psbt.Inputs[index];
        if (input.IsFinalized)
        {
            return true;
        }

        PsbtSpend spend;
        try
        {
            spend = PsbtSpend.Resolve(psbt, index);
        }
        catch (CryptoFormatException)
        {
            return false;
        }

        List<byte[]>? stack;
        if (spend.Kind == PsbtSpendKind.TaprootKeyPath)
        {
            stack = input.TapKeySig is { } tapSig ? [tapSig] : null;
        }
        else
        {
            stack = SatisfyingStack(spend.InnerScript, input.PartialSigs);
        }

        if (stack is null)
        {
            return false;
        }

        var scriptSig = new ScriptBuilder();
        List<byte[]> witness = [];
        if (spend.Kind == PsbtSpendKind.Legacy)
        {
            stack.ForEach(item => PushItem(scriptSig, item));
            if (spend.RedeemScript is { } legacyRedeem)
            {
                scriptSig.Push(legacyRedeem.Span);
            }
        }
        else
        {
            witness = stack;
            if (spend.WitnessScript is { } ws)
            {
                witness.Add(ws.ToArray());
            }

            if (spend.RedeemScript is { } nested)
            {
                scriptSig.Push(nested.Span);
            }
        }

        var finalScriptSig = scriptSig.Build();
        foreach (var entry in input.Entries.ToList())
        {
            var t = entry.Key[0];
            var known = Array.IndexOf(K.InputOrder, t) >= 0;
            if (known && t is not (K.InNonWitnessUtxo or K.InWitnessUtxo or K.Proprietary))
            {
                input.Remove(entry.Key);
            }
        }

        if (finalScriptSig.Length > 0)
        {
            input.Set(K.InFinalScriptSig, [], finalScriptSig.Span);
        }

        if (witness.Count > 0)
        {
            var w = new ByteWriter(256);
            TransactionSerializer.WriteWitness(new Witness(witness), w);
            input.Set(K.InFinalScriptWitness, [], w.WrittenSpan);
        }

        return true;
    }

    /// <summary>The extractor: the network transaction, once every input is final.</summary>
    public static Transaction Extract(Psbt psbt)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        var tx = psbt.UnsignedTx;
        var inputs = new List<TxIn>();
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            var input = psbt.Inputs[i];
            if (!input.IsFinalized)
            {
                throw new InvalidOperationException($"psbt input {i} is not finalised");
            }

            inputs.Add(tx.Inputs[i] with
            {
                ScriptSig = input.FinalScriptSig ?? Script.Empty,
                Witness = input.FinalScriptWitness ?? Witness.Empty,
            });
        }

        return tx.WithInputs(inputs);
    }

    /// <summary>The stack satisfying a key-hash, pubkey or multisig script, or null if signatures are missing.</summary>
    private static List<byte[]>? SatisfyingStack(Script script, IReadOnlyList<(byte[] PubKey, byte[] Signature)> sigs)
    {
        var type = ScriptClassifier.Classify(script, out var solutions);
        switch (type)
        {
            case ScriptType.PubKeyHash or ScriptType.WitnessV0KeyHash:
                var match = sigs.FirstOrDefault(s => Hashes.Hash160(s.PubKey).AsSpan().SequenceEqual(solutions[0]));
                return match.PubKey is null ? null : [match.Signature, match.PubKey];
            case ScriptType.PubKey:
                var single = sigs.FirstOrDefault(s => s.PubKey.AsSpan().SequenceEqual(solutions[0]));
                return single.PubKey is null ? null : [single.Signature];
            case ScriptType.Multisig:
                ScriptClassifier.TryGetMultisig(script, out var required, out var keys);

                // CHECKMULTISIG consumes signatures in key order, plus one extra (dummy) element.
                var ordered = keys
                    .Select(k => sigs.FirstOrDefault(s => s.PubKey.AsSpan().SequenceEqual(k)).Signature)
                    .Where(s => s is not null)
                    .Take(required)
                    .ToList();
                return ordered.Count < required ? null : [[], .. ordered!];
            default:
                return null;
        }
    }

    private static void PushItem(ScriptBuilder builder, byte[] item)
    {
        if (item.Length == 0)
        {
            builder.Op(OpCode.Op0);
        }
        else
        {
            builder.Push(item);
        }
    }
}
