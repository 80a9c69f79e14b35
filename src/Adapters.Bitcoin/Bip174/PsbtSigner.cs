using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.SigHash;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;
using K = DltSigner.Adapters.Bitcoin.Bip174.PsbtKeyTypes;

namespace DltSigner.Adapters.Bitcoin.Bip174;

/// <summary>
/// The BIP174 signer role, split so a threshold signer can use it: <see cref="SigHash"/> gives the
/// digest an input needs, <see cref="AddPartialSignature"/> and <see cref="AddTaprootKeySignature"/>
/// add signatures made elsewhere; <see cref="Sign"/> does both with a single key.
/// </summary>
public static class PsbtSigner
{
    /// <summary>The hash type an input is signed with: the PSBT's, else ALL (DEFAULT for taproot).</summary>
    public static uint HashType(Psbt psbt, int index, PsbtSpend spend)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        ArgumentNullException.ThrowIfNull(spend);
        return psbt.Inputs[index].SighashType
            ?? (spend.Kind == PsbtSpendKind.TaprootKeyPath ? (uint)SigHashType.Default : (uint)SigHashType.All);
    }

    /// <summary>The 32-byte digest to sign for input <paramref name="index"/> (after the signer checks).</summary>
    public static byte[] SigHash(Psbt psbt, int index, out PsbtSpend spend, out uint hashType)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        spend = PsbtSpend.Resolve(psbt, index);
        hashType = HashType(psbt, index, spend);
        var tx = psbt.UnsignedTx;
        switch (spend.Kind)
        {
            case PsbtSpendKind.Legacy:
                return LegacySigHash.Compute(tx, index, spend.ScriptCode, hashType);
            case PsbtSpendKind.WitnessV0:
                return Bip143SigHash.Compute(tx, index, spend.ScriptCode, spend.SpentOutput.Value, hashType);
            default:
                if (hashType > 0xff)
                {
                    throw new CryptoFormatException("psbt signer: taproot hash type above one byte");
                }

                var spent = new List<TxOut>();
                for (var i = 0; i < tx.Inputs.Count; i++)
                {
                    spent.Add(psbt.SpentOutput(i) ?? throw new CryptoFormatException("psbt signer: taproot needs every input's UTXO"));
                }

                return new Bip341SigHash(tx, spent).Compute(index, (SigHashType)hashType);
        }
    }

    /// <summary>Adds an ECDSA signature (DER || hash type) for <paramref name="publicKey"/> after checking its encoding.</summary>
    public static void AddPartialSignature(Psbt psbt, int index, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signatureWithHashType)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        psbt.Inputs[index].Set(K.InPartialSig, publicKey, signatureWithHashType);
    }

    /// <summary>Adds a BIP340 key-path signature (64 bytes, or 65 with a non-default hash type).</summary>
    public static void AddTaprootKeySignature(Psbt psbt, int index, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        psbt.Inputs[index].Set(K.InTapKeySig, [], signature);
    }

    /// <summary>
    /// Signs input <paramref name="index"/> with <paramref name="key"/> when the key belongs in its script
    /// (deterministic RFC 6979, low S; with <paramref name="grindLowR"/> as Bitcoin Core ≥ 0.17 does).
    /// For taproot the key is the internal key; it is tweaked with the input's merkle root. Returns false
    /// when the key does not belong to the input.
    /// </summary>
    public static bool Sign(Psbt psbt, int index, PrivateKey key, bool grindLowR = false, ReadOnlySpan<byte> auxRand = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var digest = SigHash(psbt, index, out var spend, out var hashType);
        if (spend.Kind == PsbtSpendKind.TaprootKeyPath)
        {
            using var tweaked = Taproot.TweakPrivateKey(key, psbt.Inputs[index].TapMerkleRoot ?? []);
            if (!ScriptTemplates.PayToTaproot(tweaked.PublicKey.ToXOnly()).Equals(spend.SpentOutput.ScriptPubKey))
            {
                return false;
            }

            var aux = auxRand.IsEmpty ? System.Security.Cryptography.RandomNumberGenerator.GetBytes(32) : auxRand.ToArray();
            var sig = Bip340.Sign(tweaked, digest, aux);
            AddTaprootKeySignature(psbt, index, hashType == 0 ? sig : [.. sig, (byte)hashType]);
            return true;
        }

        var compressed = key.PublicKey.ToCompressed();
        var uncompressed = key.PublicKey.ToUncompressed();
        var pubKey = Involves(spend.InnerScript, compressed) ? compressed
            : Involves(spend.InnerScript, uncompressed) ? uncompressed : null;
        if (pubKey is null)
        {
            return false;
        }

        var der = grindLowR ? SignLowR(key, digest) : Ecdsa.SignDer(key, digest);
        AddPartialSignature(psbt, index, pubKey, [.. der, (byte)hashType]);
        return true;
    }

    /// <summary>True when the script pays to this key: its HASH160 (P2PKH, P2WPKH) or the key itself as a push.</summary>
    internal static bool Involves(Script script, byte[] pubKey)
    {
        var type = ScriptClassifier.Classify(script, out var solutions);
        if (type is ScriptType.PubKeyHash or ScriptType.WitnessV0KeyHash)
        {
            return solutions[0].AsSpan().SequenceEqual(Hashes.Hash160(pubKey));
        }

        return script.TryParseOps()?.Any(op => op.IsPush && op.Data.Span.SequenceEqual(pubKey)) == true;
    }

    /// <summary>Bitcoin Core's low-R grinding: extra entropy = little-endian counter until r &lt; 2^255.</summary>
    private static byte[] SignLowR(PrivateKey key, byte[] digest)
    {
        var signature = Ecdsa.Sign(key, digest).Signature;
        var entropy = new byte[32];
        for (uint counter = 1; signature.R.ToBytes()[0] >= 0x80; counter++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(entropy, counter);
            signature = Ecdsa.Sign(key, digest, entropy).Signature;
        }

        return signature.ToDer();
    }
}
