using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core.Hashing;

namespace DltSigner.Adapters.Bitcoin.SigHash;

/// <summary>The segwit v0 signature hash (BIP143), with the per-transaction hashes computed once.</summary>
public sealed class Bip143SigHash
{
    private readonly Transaction _tx;

    public Bip143SigHash(Transaction tx)
    {
        _tx = tx ?? throw new ArgumentNullException(nameof(tx));
        HashPrevouts = Hashes.Sha256d(SigHashParts.Prevouts(tx));
        HashSequence = Hashes.Sha256d(SigHashParts.Sequences(tx));
        HashOutputs = Hashes.Sha256d(SigHashParts.Outputs(tx.Outputs));
    }

    public byte[] HashPrevouts { get; }

    public byte[] HashSequence { get; }

    public byte[] HashOutputs { get; }

    public static byte[] Compute(Transaction tx, int inputIndex, Script scriptCode, long amount, uint hashType) =>
        new Bip143SigHash(tx).Compute(inputIndex, scriptCode, amount, hashType);

    /// <summary>SHA256d of the preimage: the digest to sign.</summary>
    public byte[] Compute(int inputIndex, Script scriptCode, long amount, uint hashType) =>
        Hashes.Sha256d(Preimage(inputIndex, scriptCode, amount, hashType));

    public byte[] Compute(int inputIndex, Script scriptCode, long amount, SigHashType hashType) =>
        Compute(inputIndex, scriptCode, amount, (uint)hashType);

    /// <summary>The BIP143 preimage; scriptCode is serialised with its length prefix.</summary>
    public byte[] Preimage(int inputIndex, Script scriptCode, long amount, uint hashType)
    {
        ArgumentNullException.ThrowIfNull(scriptCode);
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, _tx.Inputs.Count);
        var baseType = SigHashTypes.BaseType(hashType);
        var anyoneCanPay = SigHashTypes.IsAnyoneCanPay(hashType);
        var singleOrNone = baseType is (uint)SigHashType.Single or (uint)SigHashType.None;
        var zero = new byte[32];

        byte[] outputsHash;
        if (!singleOrNone)
        {
            outputsHash = HashOutputs;
        }
        else if (baseType == (uint)SigHashType.Single && inputIndex < _tx.Outputs.Count)
        {
            outputsHash = Hashes.Sha256d(SigHashParts.Outputs([_tx.Outputs[inputIndex]]));
        }
        else
        {
            outputsHash = zero;
        }

        var input = _tx.Inputs[inputIndex];
        var w = new ByteWriter(256);
        w.WriteInt32(_tx.Version);
        w.Write(anyoneCanPay ? zero : HashPrevouts);
        w.Write(anyoneCanPay || singleOrNone ? zero : HashSequence);
        input.PrevOut.Write(w);
        w.WriteVarBytes(scriptCode.Span);
        w.WriteInt64(amount);
        w.WriteUInt32(input.Sequence);
        w.Write(outputsHash);
        w.WriteUInt32(_tx.LockTime);
        w.WriteUInt32(hashType);
        return w.ToArray();
    }
}
