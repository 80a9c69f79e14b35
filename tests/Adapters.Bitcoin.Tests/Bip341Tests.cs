using System.Text.Json;
using DltSigner.Adapters.Bitcoin.Addresses;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.SigHash;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;

namespace DltSigner.Adapters.Bitcoin.Tests;

/// <summary>BIP341 wallet test vectors: output keys and addresses, key-path sighashes and signatures.</summary>
public sealed class Bip341Tests
{
    private static readonly JsonElement Vectors = Json.Load("bip341", "wallet-test-vectors.json");

    [Fact]
    public void ScriptPubKey_vectors_tweak_to_the_expected_output_and_address()
    {
        var cases = Vectors.GetProperty("scriptPubKey").EnumerateArray().ToList();
        Assert.Equal(7, cases.Count);
        foreach (var c in cases)
        {
            var internalKey = Hex.Decode(c.GetProperty("given").GetProperty("internalPubkey").GetString()!);
            var tree = c.GetProperty("given").GetProperty("scriptTree");
            var leaves = new SortedDictionary<int, (byte Version, byte[] Hash, List<byte[]> Path)>();
            var root = tree.ValueKind == JsonValueKind.Null ? null : Walk(tree, leaves);

            var inter = c.GetProperty("intermediary");
            Assert.Equal(inter.GetProperty("merkleRoot").GetString(), root is null ? null : Hex.Encode(root));
            Assert.Equal(inter.GetProperty("tweak").GetString(), Hex.Encode(Taproot.TweakHash(internalKey, root)));
            var output = Taproot.TweakPublicKey(internalKey, root);
            Assert.Equal(inter.GetProperty("tweakedPubkey").GetString(), Hex.Encode(output.XOnly));

            var expected = c.GetProperty("expected");
            var spk = ScriptTemplates.PayToTaproot(output.XOnly);
            Assert.Equal(expected.GetProperty("scriptPubKey").GetString(), spk.ToHex());
            Assert.Equal(expected.GetProperty("bip350Address").GetString(), BitcoinAddress.FromScriptPubKey(spk, Network.Main)!.ToString());
            if (inter.TryGetProperty("leafHashes", out var leafHashes))
            {
                Assert.Equal(leafHashes.EnumerateArray().Select(h => h.GetString()), leaves.Values.Select(l => Hex.Encode(l.Hash)));
                var blocks = leaves.Values.Select(l => Hex.Encode(Taproot.ControlBlock(l.Version, output.OddY, internalKey, l.Path)));
                Assert.Equal(expected.GetProperty("scriptPathControlBlocks").EnumerateArray().Select(b => b.GetString()), blocks);
            }
        }
    }

    [Fact]
    public void KeyPath_vectors_match_precomputed_hashes_sighashes_and_signatures()
    {
        var spending = Vectors.GetProperty("keyPathSpending").EnumerateArray().Single();
        var given = spending.GetProperty("given");
        var tx = Transaction.Parse(given.GetProperty("rawUnsignedTx").GetString()!);
        var spent = given.GetProperty("utxosSpent").EnumerateArray()
            .Select(u => new TxOut(u.GetProperty("amountSats").GetInt64(), Script.FromHex(u.GetProperty("scriptPubKey").GetString()!)))
            .ToList();
        var sighasher = new Bip341SigHash(tx, spent);
        var pre = spending.GetProperty("intermediary");
        Assert.Equal(pre.GetProperty("hashAmounts").GetString(), Hex.Encode(sighasher.ShaAmounts));
        Assert.Equal(pre.GetProperty("hashOutputs").GetString(), Hex.Encode(sighasher.ShaOutputs));
        Assert.Equal(pre.GetProperty("hashPrevouts").GetString(), Hex.Encode(sighasher.ShaPrevouts));
        Assert.Equal(pre.GetProperty("hashScriptPubkeys").GetString(), Hex.Encode(sighasher.ShaScriptPubKeys));
        Assert.Equal(pre.GetProperty("hashSequences").GetString(), Hex.Encode(sighasher.ShaSequences));

        var inputs = spending.GetProperty("inputSpending").EnumerateArray().ToList();
        Assert.Equal(7, inputs.Count);
        var signedTx = Transaction.Parse(spending.GetProperty("auxiliary").GetProperty("fullySignedTx").GetString()!);
        foreach (var input in inputs)
        {
            var g = input.GetProperty("given");
            var index = g.GetProperty("txinIndex").GetInt32();
            var hashType = (SigHashType)g.GetProperty("hashType").GetInt32();
            var root = g.GetProperty("merkleRoot").ValueKind == JsonValueKind.Null ? [] : Hex.Decode(g.GetProperty("merkleRoot").GetString()!);
            var inter = input.GetProperty("intermediary");

            Assert.Equal(inter.GetProperty("sigMsg").GetString(), Hex.Encode(sighasher.SigMsg(index, hashType)));
            var digest = sighasher.Compute(index, hashType);
            Assert.Equal(inter.GetProperty("sigHash").GetString(), Hex.Encode(digest));

            using var internalKey = PrivateKey.Import(Hex.Decode(g.GetProperty("internalPrivkey").GetString()!));
            var internalX = internalKey.PublicKey.ToXOnly();
            Assert.Equal(inter.GetProperty("internalPubkey").GetString(), Hex.Encode(internalX));
            Assert.Equal(inter.GetProperty("tweak").GetString(), Hex.Encode(Taproot.TweakHash(internalX, root)));
            using var tweaked = Taproot.TweakPrivateKey(internalKey, root);
            var exported = new byte[32];
            tweaked.Export(exported);
            Assert.Equal(inter.GetProperty("tweakedPrivkey").GetString(), Hex.Encode(exported));

            // The spent output pays to the tweaked key; BIP341's vectors sign with all-zero aux_rand.
            Assert.Equal(spent[index].ScriptPubKey, ScriptTemplates.PayToTaproot(tweaked.PublicKey.ToXOnly()));
            var signature = Bip340.Sign(tweaked, digest, new byte[32]);
            byte[] witnessItem = hashType == SigHashType.Default ? signature : [.. signature, (byte)hashType];
            var expectedWitness = input.GetProperty("expected").GetProperty("witness").EnumerateArray().Select(w => w.GetString()).ToList();
            Assert.Equal([Hex.Encode(witnessItem)], expectedWitness);
            Assert.Equal(witnessItem, signedTx.Inputs[index].Witness[0].ToArray());
        }
    }

    private static byte[] Walk(JsonElement node, SortedDictionary<int, (byte Version, byte[] Hash, List<byte[]> Path)> leaves)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            var version = (byte)node.GetProperty("leafVersion").GetInt32();
            var hash = Taproot.LeafHash(version, Script.FromHex(node.GetProperty("script").GetString()!));
            leaves[node.GetProperty("id").GetInt32()] = (version, hash, []);
            return hash;
        }

        var before = leaves.Keys.ToHashSet();
        var left = Walk(node[0], leaves);
        var leftIds = leaves.Keys.Where(k => !before.Contains(k)).ToList();
        var right = Walk(node[1], leaves);
        var rightIds = leaves.Keys.Where(k => !before.Contains(k) && !leftIds.Contains(k)).ToList();

        // A leaf's path lists sibling hashes from the leaf upward.
        leftIds.ForEach(id => leaves[id].Path.Add(right));
        rightIds.ForEach(id => leaves[id].Path.Add(left));
        return Taproot.BranchHash(left, right);
    }
}
