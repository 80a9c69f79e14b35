using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core;

namespace DltSigner.Adapters.Bitcoin.Bip174;

/// <summary>How an input is signed: legacy sighash, BIP143 (segwit v0), or BIP341 key path.</summary>
public enum PsbtSpendKind
{
    Legacy,
    WitnessV0,
    TaprootKeyPath,
}

/// <summary>
/// What the signer and finaliser need to know about one input, resolved per the BIP174 signer
/// algorithm: the spent output, the P2SH redeem script and P2WSH witness script (checked against the
/// scriptPubKey), the innermost script and the scriptCode the sighash commits to.
/// </summary>
public sealed record PsbtSpend(
    PsbtSpendKind Kind,
    TxOut SpentOutput,
    Script? RedeemScript,
    Script? WitnessScript,
    Script InnerScript,
    Script ScriptCode)
{
    /// <summary>Resolves input <paramref name="index"/>; throws <see cref="CryptoFormatException"/> when a BIP174 signer check fails.</summary>
    public static PsbtSpend Resolve(Psbt psbt, int index)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        var input = psbt.Inputs[index];
        var nonWitness = input.NonWitnessUtxo;
        var prevOut = psbt.UnsignedTx.Inputs[index].PrevOut;
        if (nonWitness is not null && (!nonWitness.TxId().AsSpan().SequenceEqual(prevOut.TxId) || prevOut.Index >= nonWitness.Outputs.Count))
        {
            throw new CryptoFormatException("psbt signer: non-witness UTXO is not the transaction spent");
        }

        var spent = nonWitness is not null
            ? nonWitness.Outputs[(int)prevOut.Index]
            : input.WitnessUtxo ?? throw new CryptoFormatException("psbt signer: input has no UTXO");

        var script = spent.ScriptPubKey;
        Script? redeem = null;
        if (ScriptClassifier.Classify(script) == ScriptType.ScriptHash)
        {
            redeem = input.RedeemScript ?? throw new CryptoFormatException("psbt signer: P2SH input without redeemScript");
            if (!ScriptTemplates.PayToScriptHash(redeem).Equals(script))
            {
                throw new CryptoFormatException("psbt signer: redeemScript does not match the scriptPubKey");
            }

            script = redeem;
        }

        switch (ScriptClassifier.Classify(script, out var solutions))
        {
            case ScriptType.WitnessV0KeyHash:
                return new PsbtSpend(PsbtSpendKind.WitnessV0, spent, redeem, null, script, ScriptTemplates.P2wpkhScriptCode(solutions[0]));
            case ScriptType.WitnessV0ScriptHash:
                var ws = input.WitnessScript ?? throw new CryptoFormatException("psbt signer: P2WSH input without witnessScript");
                if (!ScriptTemplates.PayToWitnessScriptHash(ws).Equals(script))
                {
                    throw new CryptoFormatException("psbt signer: witnessScript does not match the scriptPubKey or redeemScript");
                }

                return new PsbtSpend(PsbtSpendKind.WitnessV0, spent, redeem, ws, ws, ws);
            case ScriptType.WitnessV1Taproot when redeem is null:
                return new PsbtSpend(PsbtSpendKind.TaprootKeyPath, spent, null, null, script, Script.Empty);
            case ScriptType.WitnessV1Taproot or ScriptType.WitnessUnknown or ScriptType.Anchor:
                throw new CryptoFormatException("psbt signer: unsupported witness program");
            default:
                if (nonWitness is null)
                {
                    throw new CryptoFormatException("psbt signer: witness UTXO given for a non-witness input");
                }

                return new PsbtSpend(PsbtSpendKind.Legacy, spent, redeem, null, script, script);
        }
    }

    /// <summary>The BIP174 signer checks alone: null when input <paramref name="index"/> may be signed, else the failed check.</summary>
    public static string? Check(Psbt psbt, int index)
    {
        try
        {
            Resolve(psbt, index);
            return null;
        }
        catch (CryptoFormatException e)
        {
            return e.Check;
        }
    }
}
