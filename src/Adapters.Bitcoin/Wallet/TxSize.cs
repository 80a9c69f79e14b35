using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;

namespace DltSigner.Adapters.Bitcoin.Wallet;

/// <summary>
/// Exact upper bounds on the size of a transaction spending P2WPKH inputs (BIP141 weight). A
/// P2WPKH input is 41 base bytes (outpoint 36, empty scriptSig 1, sequence 4) and at most 108
/// witness bytes (item count 1, signature push 1 + 72 (low-S DER ≤ 71 + hash type), key push 1 + 33),
/// i.e. exactly 68 vB; a signed transaction is never larger than the estimate, so its fee rate is
/// never below the one asked for.
/// </summary>
public static class TxSize
{
    public const int P2wpkhInputBaseBytes = 32 + 4 + 1 + 4;

    public const int P2wpkhInputWitnessBytes = 1 + 1 + 72 + 1 + 33;

    /// <summary>Weight of one P2WPKH input: 41·4 + 108 = 272 (68 vB).</summary>
    public const int P2wpkhInputWeight = (P2wpkhInputBaseBytes * Transaction.WitnessScaleFactor) + P2wpkhInputWitnessBytes;

    /// <summary>Serialised size of an output: value 8, script length, script.</summary>
    public static int OutputBytes(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        return 8 + CompactSize.EncodedLength((ulong)scriptPubKey.Length) + scriptPubKey.Length;
    }

    /// <summary>Weight of everything but the inputs: version, locktime, counts, outputs, and the segwit marker and flag.</summary>
    public static int FixedWeight(int inputCount, IEnumerable<Script> outputScripts)
    {
        ArgumentNullException.ThrowIfNull(outputScripts);
        var scripts = outputScripts.ToList();
        var baseBytes = 4 + 4 + CompactSize.EncodedLength((ulong)inputCount) + CompactSize.EncodedLength((ulong)scripts.Count)
            + scripts.Sum(OutputBytes);
        return (baseBytes * Transaction.WitnessScaleFactor) + (inputCount > 0 ? 2 : 0);
    }

    /// <summary>The vsize of a transaction with <paramref name="inputCount"/> signed P2WPKH inputs paying to <paramref name="outputScripts"/>.</summary>
    public static int EstimateVsize(int inputCount, IEnumerable<Script> outputScripts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputCount);
        var weight = FixedWeight(inputCount, outputScripts) + (inputCount * P2wpkhInputWeight);
        return (weight + Transaction.WitnessScaleFactor - 1) / Transaction.WitnessScaleFactor;
    }

    /// <summary>
    /// Bitcoin Core's GetDustThreshold (policy.cpp): an output is dust when spending it would cost more
    /// than its value at the dust relay fee — its size plus the input that spends it (148 bytes, or
    /// 67 vbytes for a witness program). OP_RETURN outputs are never dust.
    /// </summary>
    public static long DustThreshold(Script scriptPubKey, FeeRate dustRelayFee)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        if ((scriptPubKey.Length > 0 && scriptPubKey.Span[0] == (byte)OpCode.Return) || scriptPubKey.Length > Script.MaxExecutableSize)
        {
            return 0;
        }

        var spend = ScriptClassifier.TryGetWitnessProgram(scriptPubKey, out _)
            ? 32 + 4 + 1 + (107 / Transaction.WitnessScaleFactor) + 4
            : 32 + 4 + 1 + 107 + 4;
        return dustRelayFee.FeeFor(OutputBytes(scriptPubKey) + spend);
    }
}
