using System.Buffers.Binary;
using System.Text.Json;
using DltSigner.Adapters.Bitcoin.Addresses;
using DltSigner.Adapters.Bitcoin.Bip174;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;

namespace DltSigner.Adapters.Bitcoin.Tests;

/// <summary>
/// BIP174's role-by-role test: creator, updater, signers (RFC 6979), combiner, finaliser, extractor,
/// and the unknown-key combiner. Each step starts from the previous step's expected PSBT.
/// </summary>
public sealed class PsbtWorkflowTests
{
    private static readonly List<JsonElement> Steps = [.. PsbtParseTests.Vectors.GetProperty("workflow_steps").EnumerateArray()];

    [Fact]
    public void Workflow_has_every_role()
    {
        Assert.Equal(
            ["creator", "updater", "updater_add_sighash_all", "signer_1", "signer_2", "combiner", "input_finalizer",
             "transaction_extractor", "unknown_kv_combiner_input_1", "unknown_kv_combiner_input_2", "unknown_kv_combiner_output_lexicographic"],
            Steps.Select(s => s.GetProperty("role").GetString()));
    }

    [Fact]
    public void Creator()
    {
        var tx = new Transaction(
            2,
            [
                new TxIn(OutPoint.FromDisplay("75ddabb27b8845f5247975c8a5ba7c6f336c4570708ebe230caf6db5217ae858", 0)),
                new TxIn(OutPoint.FromDisplay("1dea7cd05979072a3578cab271c02244ea8a090bbb46aa680a65ecd027048d83", 1)),
            ],
            [
                new TxOut(149_990_000, Script.FromHex("0014d85c2b71d0060b09c9886aeb815e50991dda124d")),
                new TxOut(100_000_000, Script.FromHex("001400aea9a2e5f0f876a588df5546e8742d1d87008f")),
            ],
            0);
        Assert.Equal(Hex(0), global::DltSigner.Adapters.Bitcoin.Encoding.Hex.Encode(Psbt.Create(tx).ToBytes()));
    }

    [Fact]
    public void Updater_adds_utxos_scripts_and_key_origins()
    {
        var psbt = Load(0);
        Script[] redeemScripts =
        [
            Script.FromHex("5221029583bf39ae0a609747ad199addd634fa6108559d6c5cd39b4c2183f1ab96e07f2102dab61ff49a14db6a7d02b0cd1fbb78fc4b18312b5b4e54dae4dba2fbfef536d752ae"),
            Script.FromHex("00208c2353173743b595dfb4a07b72ba8e42e3797da74e87fe7d9d7497e3b2028903"),
        ];
        var witnessScript = Script.FromHex("522103089dc10c7ac6db54f91329af617333db388cead0c231f723379d1b99030b02dc21023add904f3d6dcf59ddb906b0dee23529b7ffb9ed50e5e86151926860221f0e7352ae");
        Transaction[] previous =
        [
            Transaction.Parse("0200000000010158e87a21b56daf0c23be8e7070456c336f7cbaa5c8757924f545887bb2abdd7501000000171600145f275f436b09a8cc9a2eb2a2f528485c68a56323feffffff02d8231f1b0100000017a914aed962d6654f9a2b36608eb9d64d2b260db4f1118700c2eb0b0000000017a914b7f5faf40e3d40a5a459b1db3535f2b72fa921e88702483045022100a22edcc6e5bc511af4cc4ae0de0fcd75c7e04d8c1c3a8aa9d820ed4b967384ec02200642963597b9b1bc22c75e9f3e117284a962188bf5e8a74c895089046a20ad770121035509a48eb623e10aace8bfd0212fdb8a8e5af3c94b0b133b95e114cab89e4f7965000000"),
            Transaction.Parse("0200000001aad73931018bd25f84ae400b68848be09db706eac2ac18298babee71ab656f8b0000000048473044022058f6fc7c6a33e1b31548d481c826c015bd30135aad42cd67790dab66d2ad243b02204a1ced2604c6735b6393e5b41691dd78b00f0c5942fb9f751856faa938157dba01feffffff0280f0fa020000000017a9140fb9463421696b82c833af241c78c17ddbde493487d0f20a270100000017a91429ca74f8a08f81999428185c97b5d852e4063f618765000000"),
        ];
        (string Key, uint Child)[] keys =
        [
            ("029583bf39ae0a609747ad199addd634fa6108559d6c5cd39b4c2183f1ab96e07f", 0),
            ("02dab61ff49a14db6a7d02b0cd1fbb78fc4b18312b5b4e54dae4dba2fbfef536d7", 1),
            ("03089dc10c7ac6db54f91329af617333db388cead0c231f723379d1b99030b02dc", 2),
            ("023add904f3d6dcf59ddb906b0dee23529b7ffb9ed50e5e86151926860221f0e73", 3),
            ("03a9a4c37f5996d3aa25dbac6b570af0650394492942460b354753ed9eeca58771", 4),
            ("027f6399757d2eff55a136ad02c684b1838b6556e5f1b6b34282a94b6b50051096", 5),
        ];
        var fingerprint = MasterFingerprint("tprv8ZgxMBicQKsPd9TeAdPADNnSyH9SSUUbTVeFszDE23Ki6TBB5nCefAdHkK8Fm3qMQR6sHwA56zqRmKmxnHk37JkiFzvncDqoKmPWubu7hDF");

        var tx = psbt.UnsignedTx;
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            var prevOut = tx.Inputs[i].PrevOut;
            var prev = previous.Single(p => p.TxId().AsSpan().SequenceEqual(prevOut.TxId));
            var spent = prev.Outputs[(int)prevOut.Index];
            var redeem = redeemScripts.Single(r => ScriptTemplates.PayToScriptHash(r).Equals(spent.ScriptPubKey));
            var input = psbt.Inputs[i];
            var inner = redeem;
            if (ScriptClassifier.TryGetWitnessProgram(redeem, out _))
            {
                input.SetWitnessUtxo(spent);
                input.SetRedeemScript(redeem);
                Assert.Equal(ScriptTemplates.PayToWitnessScriptHash(witnessScript), redeem);
                input.SetWitnessScript(witnessScript);
                inner = witnessScript;
            }
            else
            {
                input.SetNonWitnessUtxo(prev);
                input.SetRedeemScript(redeem);
            }

            foreach (var (key, child) in keys.Where(k => inner.ToHex().Contains(k.Key, StringComparison.Ordinal)))
            {
                input.AddBip32Derivation(Encoding.Hex.Decode(key), Origin(fingerprint, child));
            }
        }

        for (var o = 0; o < tx.Outputs.Count; o++)
        {
            foreach (var (key, child) in keys)
            {
                if (ScriptTemplates.PayToWitnessPubKeyHash(Hashes.Hash160(Encoding.Hex.Decode(key))).Equals(tx.Outputs[o].ScriptPubKey))
                {
                    psbt.Outputs[o].AddBip32Derivation(Encoding.Hex.Decode(key), Origin(fingerprint, child));
                }
            }
        }

        Assert.Equal(Hex(1), Encoding.Hex.Encode(psbt.ToBytes()));
    }

    [Fact]
    public void Updater_adds_sighash_all()
    {
        var psbt = Load(1);
        foreach (var input in psbt.Inputs)
        {
            input.SetSighashType(1);
        }

        Assert.Equal(Hex(2), Encoding.Hex.Encode(psbt.ToBytes()));
    }

    [Theory]
    [InlineData(3, "cP53pDbR5WtAD8dYAW9hhTjuvvTVaEiQBdrz9XPrgLBeRFiyCbQr", "cR6SXDoyfQrcp4piaiHE97Rsgta9mNhGTen9XeonVgwsh4iSgw6d")]
    [InlineData(4, "cT7J9YpCwY3AVRFSjN6ukeEeWY6mhpbJPxRaDaP5QTdygQRxP9Au", "cNBc3SWUip9PPm1GjRoLEJT6T41iNzCYtD7qro84FMnM5zEqeJsE")]
    public void Signer_adds_rfc6979_signatures(int step, string wif1, string wif2)
    {
        var psbt = Load(2);
        foreach (var wif in new[] { wif1, wif2 })
        {
            using var key = Wif.Decode(wif, Network.Test, out _);
            var signed = Enumerable.Range(0, psbt.Inputs.Count).Count(i => PsbtSigner.Sign(psbt, i, key));
            Assert.Equal(1, signed);
        }

        Assert.Equal(Hex(step), Encoding.Hex.Encode(psbt.ToBytes()));
    }

    [Fact]
    public void Combiner_merges_both_signers()
    {
        var combined = PsbtCombiner.Combine([Load(3), Load(4)]);
        Assert.Equal(Hex(5), Encoding.Hex.Encode(combined.ToBytes()));
    }

    [Fact]
    public void Finalizer_builds_scriptSigs_and_witnesses()
    {
        var psbt = Load(5);
        Assert.True(PsbtFinalizer.FinalizeAll(psbt));
        Assert.Equal(Hex(6), Encoding.Hex.Encode(psbt.ToBytes()));
    }

    [Fact]
    public void Extractor_produces_the_network_transaction()
    {
        var tx = PsbtFinalizer.Extract(Load(6));
        Assert.Equal(Hex(7), tx.ToHex());
        Assert.Null(TransactionChecks.Check(tx));
    }

    [Fact]
    public void Combiner_keeps_unknown_keys_in_lexicographic_order()
    {
        var combined = PsbtCombiner.Combine([Load(8), Load(9)]);
        Assert.Equal(Hex(10), Encoding.Hex.Encode(combined.ToBytes()));
    }

    [Fact]
    public void Signer_checks_fail_for_every_bip174_case()
    {
        var cases = PsbtParseTests.Vectors.GetProperty("fails_signer_checks").EnumerateArray().ToList();
        Assert.Equal(4, cases.Count);
        foreach (var c in cases)
        {
            var psbt = Psbt.Parse(Encoding.Hex.Decode(c.GetProperty("hex").GetString()!));
            var failures = Enumerable.Range(0, psbt.Inputs.Count).Select(i => PsbtSpend.Check(psbt, i)).Where(e => e is not null).ToList();
            Assert.NotEmpty(failures);
        }

        // The workflow's inputs, by contrast, pass them.
        var ok = Load(2);
        Assert.All(Enumerable.Range(0, ok.Inputs.Count), i => Assert.Null(PsbtSpend.Check(ok, i)));
    }

    private static string Hex(int step) => Steps[step].GetProperty("hex").GetString()!;

    private static Psbt Load(int step) => Psbt.Parse(Encoding.Hex.Decode(Hex(step)));

    private static byte[] Origin(byte[] fingerprint, uint child)
    {
        var origin = new byte[16];
        fingerprint.CopyTo(origin, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(origin.AsSpan(4), 0x80000000);
        BinaryPrimitives.WriteUInt32LittleEndian(origin.AsSpan(8), 0x80000000);
        BinaryPrimitives.WriteUInt32LittleEndian(origin.AsSpan(12), 0x80000000 | child);
        return origin;
    }

    /// <summary>BIP32: the first 4 bytes of HASH160 of the master public key (the extended key's last 32 bytes).</summary>
    private static byte[] MasterFingerprint(string xprv)
    {
        var payload = Base58.DecodeCheck(xprv);
        Assert.Equal(78, payload.Length);
        using var master = PrivateKey.Import(payload.AsSpan(46, 32));
        return Hashes.Hash160(master.PublicKey.ToCompressed())[..4];
    }
}
