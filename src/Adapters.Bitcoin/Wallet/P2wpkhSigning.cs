using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.SigHash;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;
using DltSigner.Core.Signing;

namespace DltSigner.Adapters.Bitcoin.Wallet;

/// <summary>
/// Signs P2WPKH inputs through <see cref="IEcdsaSigner"/> (BIP143, SIGHASH_ALL, low-S strict DER,
/// witness [signature, compressed key]) and checks the result independently before it may leave.
/// </summary>
public static class P2wpkhSigning
{
    /// <summary>
    /// One input's script signature (DER || 0x01): asks the signer with the purpose and the
    /// explanation a node needs to recompute the digest, then verifies it under the key.
    /// </summary>
    public static async Task<byte[]> SignInputAsync(IEcdsaSigner signer, string? derivationPath, Transaction unsignedTx, int index, long amount, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(unsignedTx);
        return await SignInputAsync(signer, derivationPath, new Bip143SigHash(unsignedTx), unsignedTx, index, amount, ct).ConfigureAwait(false);
    }

    /// <summary>As above, with the transaction's BIP143 hashes computed once by the caller for all its inputs.</summary>
    internal static async Task<byte[]> SignInputAsync(IEcdsaSigner signer, string? derivationPath, Bip143SigHash sighash, Transaction unsignedTx, int index, long amount, CancellationToken ct)
    {
        var key = signer.PublicKeyFor(derivationPath);
        var digest = BitcoinSignExplanation.P2wpkhDigest(sighash, index, amount, key);
        var request = new SignRequest(digest, SignPurpose.BitcoinTransaction, BitcoinSignExplanation.Encode(unsignedTx, index, amount), derivationPath);
        var signature = (await signer.SignAsync(request, ct).ConfigureAwait(false)).Signature.NormalizeLowS();
        if (!Ecdsa.Verify(key, digest, signature, requireLowS: true))
        {
            throw new WalletException(WalletErrorKind.SignatureInvalid, $"the signer returned a signature that does not verify for input {index}");
        }

        return [.. signature.ToDer(), (byte)SigHashType.All];
    }

    /// <summary>
    /// Signs every input of <paramref name="spend"/> (each must pay to the signer's P2WPKH; checked
    /// before the first signature) and verifies the signed transaction with <see cref="Check"/>.
    /// </summary>
    public static async Task<Transaction> SignAsync(UnsignedSpend spend, IEcdsaSigner signer, string? derivationPath = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spend);
        ArgumentNullException.ThrowIfNull(signer);
        var key = signer.PublicKeyFor(derivationPath);
        var ours = ScriptTemplates.PayToWitnessPubKeyHash(key);
        var tx = spend.Transaction;
        if (tx.Inputs.Count != spend.Inputs.Count)
        {
            throw new ArgumentException("the spend's inputs and UTXOs differ in number", nameof(spend));
        }

        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            if (tx.Inputs[i].PrevOut != spend.Inputs[i].OutPoint || !spend.Inputs[i].ScriptPubKey.Equals(ours))
            {
                throw new WalletException(WalletErrorKind.ForeignInput, $"input {i} ({spend.Inputs[i].OutPoint}) does not pay to the signer's P2WPKH {ours.ToHex()}");
            }
        }

        var pub = key.ToCompressed();
        var sighash = new Bip143SigHash(tx);
        var signed = new List<TxIn>();
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            var sig = await SignInputAsync(signer, derivationPath, sighash, tx, i, spend.Inputs[i].Value, ct).ConfigureAwait(false);
            signed.Add(tx.Inputs[i] with { Witness = new Witness([sig, pub]) });
        }

        var result = tx.WithInputs(signed);
        if (Check(result, [.. spend.Inputs.Select(u => u.Output)]) is { } problem)
        {
            throw new WalletException(WalletErrorKind.SignatureInvalid, "signed transaction failed its own check: " + problem);
        }

        return result;
    }

    /// <summary>
    /// Independent check of a signed P2WPKH spend: every input's witness is [sig, key], the key is
    /// compressed and hashes to the spent program, the signature is strict DER, low S, SIGHASH_ALL,
    /// and verifies the BIP143 digest. Null when all is well, else the first problem.
    /// </summary>
    public static string? Check(Transaction tx, IReadOnlyList<TxOut> spent)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(spent);
        if (spent.Count != tx.Inputs.Count)
        {
            return "spent outputs and inputs differ in number";
        }

        var sighash = new Bip143SigHash(tx);
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            var input = tx.Inputs[i];
            if (ScriptClassifier.Classify(spent[i].ScriptPubKey, out var solutions) != ScriptType.WitnessV0KeyHash)
            {
                return $"input {i}: spent output is not P2WPKH";
            }

            if (input.ScriptSig.Length != 0 || input.Witness.Count != 2 || input.Witness[1].Length != 33)
            {
                return $"input {i}: witness is not [signature, compressed key]";
            }

            var sig = input.Witness[0];
            if (!PublicKey.TryDecode(input.Witness[1], out var key) || !Hashes.Hash160(input.Witness[1]).AsSpan().SequenceEqual(solutions[0]))
            {
                return $"input {i}: key does not match the spent program";
            }

            if (!SignatureEncoding.IsValidBip66(sig) || sig[^1] != (byte)SigHashType.All)
            {
                return $"input {i}: signature is not strict DER with SIGHASH_ALL";
            }

            var digest = sighash.Compute(i, ScriptTemplates.P2wpkhScriptCode(solutions[0]), spent[i].Value, (uint)SigHashType.All);
            if (!Ecdsa.VerifyDer(key!, digest, sig[..^1], requireLowS: true))
            {
                return $"input {i}: signature does not verify (or is high-S)";
            }
        }

        return null;
    }
}
