using System.Text.Json;
using DltSigner.Adapters.Bitcoin.Bip174;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core.Keys;

namespace DltSigner.Adapters.Bitcoin.Tests;

/// <summary>The BIP341 key-path vectors driven through the PSBT roles: sign, finalise, extract.</summary>
public sealed class PsbtTaprootTests
{
    [Fact]
    public void Taproot_key_path_inputs_sign_finalise_and_extract_to_the_bip341_witnesses()
    {
        var spending = Json.Load("bip341", "wallet-test-vectors.json").GetProperty("keyPathSpending")[0];
        var given = spending.GetProperty("given");
        var tx = Transaction.Parse(given.GetProperty("rawUnsignedTx").GetString()!);
        var psbt = Psbt.Create(tx);
        var utxos = given.GetProperty("utxosSpent").EnumerateArray().ToList();
        for (var i = 0; i < utxos.Count; i++)
        {
            psbt.Inputs[i].SetWitnessUtxo(new TxOut(utxos[i].GetProperty("amountSats").GetInt64(), Script.FromHex(utxos[i].GetProperty("scriptPubKey").GetString()!)));
        }

        var signedIndexes = new List<int>();
        foreach (var input in spending.GetProperty("inputSpending").EnumerateArray())
        {
            var g = input.GetProperty("given");
            var index = g.GetProperty("txinIndex").GetInt32();
            psbt.Inputs[index].SetSighashType((uint)g.GetProperty("hashType").GetInt32());
            if (g.GetProperty("merkleRoot").ValueKind != JsonValueKind.Null)
            {
                psbt.Inputs[index].Set(PsbtKeyTypes.InTapMerkleRoot, [], Hex.Decode(g.GetProperty("merkleRoot").GetString()!));
            }

            Assert.Equal(input.GetProperty("intermediary").GetProperty("sigHash").GetString(), Hex.Encode(PsbtSigner.SigHash(psbt, index, out _, out _)));
            using var key = PrivateKey.Import(Hex.Decode(g.GetProperty("internalPrivkey").GetString()!));
            Assert.True(PsbtSigner.Sign(psbt, index, key, auxRand: new byte[32]));
            Assert.True(PsbtFinalizer.TryFinalize(psbt, index));
            signedIndexes.Add(index);
        }

        Assert.Equal(7, signedIndexes.Count);

        // Inputs 2 (P2PKH) and 5 (P2WPKH) are not taproot: finalise them from the signed transaction's data.
        var signedTx = Transaction.Parse(spending.GetProperty("auxiliary").GetProperty("fullySignedTx").GetString()!);
        foreach (var i in Enumerable.Range(0, tx.Inputs.Count).Except(signedIndexes))
        {
            if (signedTx.Inputs[i].ScriptSig.Length > 0)
            {
                psbt.Inputs[i].Set(PsbtKeyTypes.InFinalScriptSig, [], signedTx.Inputs[i].ScriptSig.Span);
            }

            if (!signedTx.Inputs[i].Witness.IsEmpty)
            {
                var w = new ByteWriter();
                w.WriteCompactSize((ulong)signedTx.Inputs[i].Witness.Count);
                foreach (var item in signedTx.Inputs[i].Witness.ToList())
                {
                    w.WriteVarBytes(item);
                }

                psbt.Inputs[i].Set(PsbtKeyTypes.InFinalScriptWitness, [], w.WrittenSpan);
            }
        }

        Assert.Equal(signedTx.ToHex(), PsbtFinalizer.Extract(psbt).ToHex());
    }

    [Fact]
    public void A_key_not_in_the_input_is_not_used()
    {
        var steps = PsbtParseTests.Vectors.GetProperty("workflow_steps");
        var psbt = Psbt.Parse(Hex.Decode(steps[2].GetProperty("hex").GetString()!));
        using var stranger = PrivateKey.Import(Hex.Decode("0000000000000000000000000000000000000000000000000000000000000007"));
        Assert.False(PsbtSigner.Sign(psbt, 0, stranger));
        Assert.False(PsbtSigner.Sign(psbt, 1, stranger));
        Assert.Equal(steps[2].GetProperty("hex").GetString(), Hex.Encode(psbt.ToBytes()));
        Assert.False(PsbtFinalizer.TryFinalize(psbt, 0));
        Assert.Throws<InvalidOperationException>(() => PsbtFinalizer.Extract(psbt));
    }
}
