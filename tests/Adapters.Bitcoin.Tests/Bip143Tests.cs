using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.SigHash;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;

namespace DltSigner.Adapters.Bitcoin.Tests;

/// <summary>BIP143 examples: hash parts, preimage, sighash, RFC 6979 signature, signed transaction.</summary>
public sealed class Bip143Tests
{
    [Fact]
    public void Every_example_matches_preimage_sighash_and_signature()
    {
        var examples = Json.Load("bip143", "bip143-examples.json").GetProperty("examples").EnumerateArray().ToList();
        Assert.Equal(2, examples.Count);
        foreach (var ex in examples)
        {
            var tx = Transaction.Parse(ex.GetProperty("unsigned_tx").GetString()!);
            var index = ex.GetProperty("signing_input_index").GetInt32();
            var input = ex.GetProperty("inputs").EnumerateArray().First(i => i.GetProperty("index").GetInt32() == index);
            var hashType = ex.GetProperty("nHashType").GetUInt32();
            var amount = input.GetProperty("amount_sat").GetInt64();
            var pubKey = Hex.Decode(input.GetProperty("public_key").GetString()!);

            // The scriptCode of a P2WPKH (native or nested) is P2PKH of the key hash.
            var scriptCode = ScriptTemplates.P2wpkhScriptCode(Core.Hashing.Hashes.Hash160(pubKey));
            Assert.Equal(ex.GetProperty("scriptCode").GetString(), Hex.Encode(Serialise(scriptCode)));

            var sighasher = new Bip143SigHash(tx);
            Assert.Equal(ex.GetProperty("hashPrevouts").GetString(), Hex.Encode(sighasher.HashPrevouts));
            Assert.Equal(ex.GetProperty("hashSequence").GetString(), Hex.Encode(sighasher.HashSequence));
            Assert.Equal(ex.GetProperty("hashOutputs").GetString(), Hex.Encode(sighasher.HashOutputs));
            Assert.Equal(ex.GetProperty("sighash_preimage").GetString(), Hex.Encode(sighasher.Preimage(index, scriptCode, amount, hashType)));
            var digest = sighasher.Compute(index, scriptCode, amount, hashType);
            Assert.Equal(ex.GetProperty("sigHash").GetString(), Hex.Encode(digest));

            using var key = PrivateKey.Import(Hex.Decode(input.GetProperty("private_key").GetString()!));
            Assert.Equal(pubKey, key.PublicKey.ToCompressed());
            byte[] signature = [.. Ecdsa.SignDer(key, digest), (byte)hashType];
            Assert.Equal(ex.GetProperty("signature_der_with_hashtype").GetString(), Hex.Encode(signature));

            // The signed transaction carries this signature in the input's witness.
            var signedTx = Transaction.Parse(ex.GetProperty("signed_tx").GetString()!);
            Assert.Equal(ex.GetProperty("signed_tx").GetString(), signedTx.ToHex());
            Assert.Equal(signature, signedTx.Inputs[index].Witness[0].ToArray());
            Assert.Equal(pubKey, signedTx.Inputs[index].Witness[1].ToArray());
            Assert.Equal(tx.ToHex(), signedTx.WithoutSignatures().ToHex());
        }
    }

    private static byte[] Serialise(Script script)
    {
        var w = new ByteWriter();
        w.WriteVarBytes(script.Span);
        return w.ToArray();
    }
}
