using System.Security.Cryptography;
using DltSigner.Adapters.Bitcoin.Bip174;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Adapters.Bitcoin.Wallet;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.TestKit.Signers;
using K = DltSigner.Adapters.Bitcoin.Bip174.PsbtKeyTypes;

namespace DltSigner.Adapters.Bitcoin.Tests.Wallet;

/// <summary>The PSBT signer role offline: what it signs, what it skips, and what makes it refuse the whole PSBT.</summary>
public sealed class PsbtKeySignerTests
{
    private static readonly Script Elsewhere = ScriptTemplates.PayToWitnessPubKeyHash(new byte[20]);

    /// <summary>A PSBT spending output 0 of one previous transaction per script, each with both UTXO fields.</summary>
    private static (Psbt Psbt, Transaction[] Previous) Build(params Script[] spent)
    {
        var previous = spent.Select((s, i) => new Transaction(2, [new TxIn(new OutPoint(SHA256.HashData([(byte)i]), 0))], [new TxOut(100_000 + i, s)], 0)).ToArray();
        var tx = new Transaction(2, previous.Select(p => new TxIn(new OutPoint(p.TxId(), 0), SpendPlanner.RbfSequence)), [new TxOut(50_000, Elsewhere)], 0);
        var psbt = Psbt.Create(tx);
        for (var i = 0; i < previous.Length; i++)
        {
            psbt.Inputs[i].SetNonWitnessUtxo(previous[i]);
            psbt.Inputs[i].SetWitnessUtxo(previous[i].Outputs[0]);
        }

        return (psbt, previous);
    }

    [Fact]
    public async Task Signs_only_our_inputs_and_the_result_finalises_to_a_valid_spend()
    {
        var signer = TestSigners.Create(TestSigners.Local);
        var ours = ScriptTemplates.PayToWitnessPubKeyHash(signer.PublicKey);
        var (psbt, previous) = Build(ours, Elsewhere, ours);

        var result = await PsbtKeySigner.SignAsync(psbt, signer);
        Assert.Equal([0, 2], result.SignedInputs);
        Assert.Equal(2, signer.Calls);
        Assert.Empty(result.Psbt.Inputs[1].PartialSigs);
        Assert.Empty(psbt.Inputs[0].PartialSigs);

        // A second pass has nothing left to sign.
        Assert.Empty((await PsbtKeySigner.SignAsync(result.Psbt, signer)).SignedInputs);

        Assert.True(PsbtFinalizer.TryFinalize(result.Psbt, 0));
        Assert.True(PsbtFinalizer.TryFinalize(result.Psbt, 2));
        var w = result.Psbt.Inputs[0].FinalScriptWitness!;
        Assert.Equal(signer.PublicKey.ToCompressed(), w[1].ToArray());
        var spent = new TxOut(previous[0].Outputs[0].Value, ours);
        var single = new Transaction(2, [psbt.UnsignedTx.Inputs[0] with { Witness = w }], psbt.UnsignedTx.Outputs, 0);
        Assert.Contains("does not verify", P2wpkhSigning.Check(single, [spent]), StringComparison.Ordinal); // signed over all three inputs
    }

    [Theory]
    [InlineData("no-non-witness", "CVE-2020-14199")]
    [InlineData("witness-mismatch", "witness_utxo disagrees")]
    [InlineData("sighash-none", "only SIGHASH_ALL")]
    [InlineData("named-not-p2wpkh", "does not spend its P2WPKH")]
    public async Task Unsafe_inputs_of_ours_refuse_the_whole_psbt(string defect, string expected)
    {
        var signer = TestSigners.Create(TestSigners.Local);
        var ours = ScriptTemplates.PayToWitnessPubKeyHash(signer.PublicKey);
        var (psbt, _) = Build(ours, defect == "named-not-p2wpkh" ? ScriptTemplates.PayToPubKeyHash(signer.PublicKey) : ours);
        var input = psbt.Inputs[1];
        switch (defect)
        {
            case "no-non-witness":
                input.RemoveType(K.InNonWitnessUtxo);
                break;
            case "witness-mismatch":
                input.SetWitnessUtxo(new TxOut(999_999, ours));
                break;
            case "sighash-none":
                input.SetSighashType(2);
                break;
            default:
                input.RemoveType(K.InWitnessUtxo);
                input.AddBip32Derivation(signer.PublicKey.ToCompressed(), Hashes.Hash160(signer.PublicKey.ToCompressed()).AsSpan(0, 4));
                break;
        }

        var e = await Assert.ThrowsAsync<PsbtSigningException>(() => PsbtKeySigner.SignAsync(psbt, signer));
        Assert.Contains("input 1: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, signer.Calls); // input 0 was fine, but nothing is signed
    }

    [Fact]
    public async Task Threshold_signer_signs_an_input_its_bip32_derivation_names()
    {
        var signer = TestSigners.Create(TestSigners.Threshold2Of3);
        var child = signer.PublicKeyFor("m/0/7");
        var (psbt, _) = Build(ScriptTemplates.PayToWitnessPubKeyHash(child));
        var origin = new byte[12];
        Hashes.Hash160(signer.PublicKey.ToCompressed()).AsSpan(0, 4).CopyTo(origin);
        origin[8] = 7; // path m/0/7, u32 little endian each
        psbt.Inputs[0].AddBip32Derivation(child.ToCompressed(), origin);

        var result = await PsbtKeySigner.SignAsync(psbt, signer);
        Assert.Equal([0], result.SignedInputs);
        Assert.Equal("m/0/7", signer.Requests[0].DerivationPath);
        Assert.Equal(child.ToCompressed(), result.Psbt.Inputs[0].PartialSigs[0].PubKey);
        Assert.True(PsbtFinalizer.FinalizeAll(result.Psbt));
        var tx = PsbtFinalizer.Extract(result.Psbt);
        Assert.Null(P2wpkhSigning.Check(tx, [psbt.SpentOutput(0)!]));
    }

    [Fact]
    public void Explanation_decoding_is_strict()
    {
        Assert.Throws<DltSigner.Core.CryptoFormatException>(() => BitcoinSignExplanation.Decode(new byte[12]));
        var (psbt, _) = Build(Elsewhere);
        var good = BitcoinSignExplanation.Encode(psbt.UnsignedTx, 0, 5);
        var badIndex = (byte[])good.Clone();
        badIndex[^12] = 1;
        Assert.Throws<DltSigner.Core.CryptoFormatException>(() => BitcoinSignExplanation.Decode(badIndex));
        Assert.Throws<DltSigner.Core.CryptoFormatException>(() => BitcoinSignExplanation.Decode(good.AsSpan(1)));
        using var key = PrivateKey.Generate();
        Assert.Equal(32, BitcoinSignExplanation.RecomputeDigest(good, key.PublicKey).Length);
    }
}
