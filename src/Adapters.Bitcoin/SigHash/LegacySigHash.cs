using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core.Hashing;

namespace DltSigner.Adapters.Bitcoin.SigHash;

/// <summary>
/// The pre-segwit signature hash (Bitcoin Core SignatureHash, SigVersion::BASE), quirks included:
/// the SIGHASH_SINGLE bug returns the hash value 1, OP_CODESEPARATORs are removed from the
/// scriptCode. Removing the signature from the scriptCode (FindAndDelete) is the interpreter's job:
/// callers pass the scriptCode they want hashed.
/// </summary>
public static class LegacySigHash
{
    /// <summary>The digest to sign, in internal byte order (the reverse of Core's displayed hex).</summary>
    public static byte[] Compute(Transaction tx, int inputIndex, Script scriptCode, uint hashType)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(scriptCode);
        var baseType = SigHashTypes.BaseType(hashType);
        if (inputIndex < 0 || inputIndex >= tx.Inputs.Count
            || (baseType == (uint)SigHashType.Single && inputIndex >= tx.Outputs.Count))
        {
            // Bitcoin Core returns uint256 one here: a signature over it is valid for any such input.
            var one = new byte[32];
            one[0] = 1;
            return one;
        }

        var anyoneCanPay = SigHashTypes.IsAnyoneCanPay(hashType);
        var w = new ByteWriter(512);
        w.WriteInt32(tx.Version);
        w.WriteCompactSize(anyoneCanPay ? 1UL : (ulong)tx.Inputs.Count);
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            if (anyoneCanPay && i != inputIndex)
            {
                continue;
            }

            var input = tx.Inputs[i];
            input.PrevOut.Write(w);
            if (i == inputIndex)
            {
                WriteScriptCode(scriptCode, w);
            }
            else
            {
                w.WriteCompactSize(0);
            }

            var zeroSequence = i != inputIndex && baseType is (uint)SigHashType.None or (uint)SigHashType.Single;
            w.WriteUInt32(zeroSequence ? 0 : input.Sequence);
        }

        var outputCount = baseType switch
        {
            (uint)SigHashType.None => 0,
            (uint)SigHashType.Single => inputIndex + 1,
            _ => tx.Outputs.Count,
        };
        w.WriteCompactSize((ulong)outputCount);
        for (var i = 0; i < outputCount; i++)
        {
            if (baseType == (uint)SigHashType.Single && i != inputIndex)
            {
                // CTxOut() as serialised: value -1, empty script.
                w.WriteInt64(-1);
                w.WriteCompactSize(0);
            }
            else
            {
                TransactionSerializer.WriteOutput(tx.Outputs[i], w);
            }
        }

        w.WriteUInt32(tx.LockTime);
        w.WriteUInt32(hashType);
        return Hashes.Sha256d(w.WrittenSpan);
    }

    public static byte[] Compute(Transaction tx, int inputIndex, Script scriptCode, SigHashType hashType) =>
        Compute(tx, inputIndex, scriptCode, (uint)hashType);

    /// <summary>
    /// Bitcoin Core's SerializeScriptCode: the length prefix counts all bytes but the separators; the
    /// bytes written stop where parsing stops, so an unparseable tail is dropped exactly as Core does.
    /// </summary>
    private static void WriteScriptCode(Script scriptCode, ByteWriter w)
    {
        var bytes = scriptCode.Span;
        var separators = 0;
        var pos = 0;
        while (scriptCode.TryGetOp(ref pos, out var op))
        {
            if (op.Code == (byte)OpCode.CodeSeparator)
            {
                separators++;
            }
        }

        w.WriteCompactSize((ulong)(bytes.Length - separators));
        var begin = 0;
        pos = 0;
        while (scriptCode.TryGetOp(ref pos, out var op))
        {
            if (op.Code == (byte)OpCode.CodeSeparator)
            {
                w.Write(bytes[begin..(pos - 1)]);
                begin = pos;
            }
        }

        // On a truncated push Core's cursor stops inside the script, as TryGetOp's does.
        if (begin != bytes.Length)
        {
            w.Write(bytes[begin..pos]);
        }
    }
}
