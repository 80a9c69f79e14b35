using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core;
using DltSigner.Core.Hashing;

namespace DltSigner.Adapters.Bitcoin.SigHash;

/// <summary>The script-path extension of the taproot message (BIP342): ext_flag 1.</summary>
public sealed record TapScriptExtension(byte[] TapLeafHash, uint CodeSeparatorPosition = uint.MaxValue)
{
    public const byte KeyVersion = 0x00;
}

/// <summary>
/// The taproot signature hash (BIP341 "Common signature message", BIP342 extension), with the
/// per-transaction hashes over the spent outputs computed once.
/// </summary>
public sealed class Bip341SigHash
{
    private readonly Transaction _tx;
    private readonly IReadOnlyList<TxOut> _spent;

    public Bip341SigHash(Transaction tx, IReadOnlyList<TxOut> spentOutputs)
    {
        _tx = tx ?? throw new ArgumentNullException(nameof(tx));
        _spent = spentOutputs ?? throw new ArgumentNullException(nameof(spentOutputs));
        if (spentOutputs.Count != tx.Inputs.Count)
        {
            throw new ArgumentException("one spent output per input is required", nameof(spentOutputs));
        }

        ShaPrevouts = Hashes.Sha256(SigHashParts.Prevouts(tx));
        ShaAmounts = Hashes.Sha256(SigHashParts.Amounts(spentOutputs));
        ShaScriptPubKeys = Hashes.Sha256(SigHashParts.ScriptPubKeys(spentOutputs));
        ShaSequences = Hashes.Sha256(SigHashParts.Sequences(tx));
        ShaOutputs = Hashes.Sha256(SigHashParts.Outputs(tx.Outputs));
    }

    public byte[] ShaPrevouts { get; }

    public byte[] ShaAmounts { get; }

    public byte[] ShaScriptPubKeys { get; }

    public byte[] ShaSequences { get; }

    public byte[] ShaOutputs { get; }

    /// <summary>TaggedHash("TapSighash", SigMsg): the 32-byte message a BIP340 signature signs.</summary>
    public byte[] Compute(int inputIndex, SigHashType hashType, ReadOnlySpan<byte> annex = default, TapScriptExtension? scriptPath = null) =>
        Hashes.TaggedHash("TapSighash", SigMsg(inputIndex, hashType, annex, scriptPath));

    /// <summary>
    /// The signature message with the leading epoch byte 0x00 (as BIP341's test vectors print it).
    /// An annex, when given, must start with 0x50.
    /// </summary>
    public byte[] SigMsg(int inputIndex, SigHashType hashType, ReadOnlySpan<byte> annex = default, TapScriptExtension? scriptPath = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, _tx.Inputs.Count);
        var type = (byte)hashType;
        if (!SigHashTypes.IsValidTaproot(type))
        {
            throw new CryptoFormatException("taproot sighash: invalid hash type");
        }

        if (!annex.IsEmpty && annex[0] != 0x50)
        {
            throw new CryptoFormatException("taproot sighash: annex must start with 0x50");
        }

        var outputType = type & 0x03;
        var anyoneCanPay = (type & 0x80) != 0;
        if (outputType == (int)SigHashType.Single && inputIndex >= _tx.Outputs.Count)
        {
            throw new CryptoFormatException("taproot sighash: SIGHASH_SINGLE without a matching output");
        }

        var w = new ByteWriter(256);
        w.WriteByte(0x00); // epoch
        w.WriteByte(type);
        w.WriteInt32(_tx.Version);
        w.WriteUInt32(_tx.LockTime);
        if (!anyoneCanPay)
        {
            w.Write(ShaPrevouts);
            w.Write(ShaAmounts);
            w.Write(ShaScriptPubKeys);
            w.Write(ShaSequences);
        }

        if (outputType is not (int)SigHashType.None and not (int)SigHashType.Single)
        {
            w.Write(ShaOutputs);
        }

        var extFlag = scriptPath is null ? 0 : 1;
        w.WriteByte((byte)((extFlag * 2) + (annex.IsEmpty ? 0 : 1)));
        if (anyoneCanPay)
        {
            var input = _tx.Inputs[inputIndex];
            input.PrevOut.Write(w);
            TransactionSerializer.WriteOutput(_spent[inputIndex], w);
            w.WriteUInt32(input.Sequence);
        }
        else
        {
            w.WriteUInt32((uint)inputIndex);
        }

        if (!annex.IsEmpty)
        {
            var a = new ByteWriter(annex.Length + 9);
            a.WriteVarBytes(annex);
            w.Write(Hashes.Sha256(a.WrittenSpan));
        }

        if (outputType == (int)SigHashType.Single)
        {
            w.Write(Hashes.Sha256(SigHashParts.Outputs([_tx.Outputs[inputIndex]])));
        }

        if (scriptPath is not null)
        {
            if (scriptPath.TapLeafHash.Length != 32)
            {
                throw new ArgumentException("tapleaf hash must be 32 bytes", nameof(scriptPath));
            }

            w.Write(scriptPath.TapLeafHash);
            w.WriteByte(TapScriptExtension.KeyVersion);
            w.WriteUInt32(scriptPath.CodeSeparatorPosition);
        }

        return w.ToArray();
    }
}
