using System.Security.Cryptography;
using System.Text.Json;
using DltSigner.Adapters.Bitcoin.Bip174;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.SigHash;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;
using K = DltSigner.Adapters.Bitcoin.Bip174.PsbtKeyTypes;
using static DltSigner.Node.Tests.Cli.LocalSignTests;
using static DltSigner.Node.Tests.Store.StoreTestSupport;

namespace DltSigner.Node.Tests.Cli;

/// <summary>`local sign-psbt` offline: a PSBT spending the key's P2WPKH, signed by 2 of 3 shares, finalised and checked against BIP143.</summary>
public sealed class LocalSignPsbtTests(LocalKeyFixture key) : IClassFixture<LocalKeyFixture>
{
    private static readonly Script Elsewhere = ScriptTemplates.PayToWitnessPubKeyHash(new byte[20]);

    private PublicKey Key => PublicKey.Decode(Convert.FromHexString(key.PublicKey));

    /// <summary>Spends output 0 of a made-up previous transaction per script, each input with non_witness_utxo and witness_utxo.</summary>
    private static (Psbt Psbt, Transaction[] Previous) Build(params Script[] spent) => Build(100_000, spent);

    /// <summary>As above, input i holding <paramref name="value"/> + i sat (the output pays 50 000 sat).</summary>
    private static (Psbt Psbt, Transaction[] Previous) Build(long value, params Script[] spent)
    {
        var previous = spent.Select((s, i) => new Transaction(2, [new TxIn(new OutPoint(SHA256.HashData([(byte)i]), 0))], [new TxOut(value + i, s)], 0)).ToArray();
        var tx = new Transaction(2, previous.Select(p => new TxIn(new OutPoint(p.TxId(), 0), 0xfffffffd)), [new TxOut(50_000, Elsewhere)], 0);
        var psbt = Psbt.Create(tx);
        for (var i = 0; i < previous.Length; i++)
        {
            psbt.Inputs[i].SetNonWitnessUtxo(previous[i]);
            psbt.Inputs[i].SetWitnessUtxo(previous[i].Outputs[0]);
        }

        return (psbt, previous);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> SignPsbt(string psbt, params string[] extra) =>
        key.Run([.. new[] { "local", "sign-psbt", "--shares", key.Directory, "--signers", "1,3", "--psbt", psbt }, .. extra]);

    [Fact]
    public async Task Signs_the_keys_p2wpkh_input_and_the_finalised_spend_verifies_against_bip143()
    {
        var ours = ScriptTemplates.PayToWitnessPubKeyHash(Key);
        var (psbt, previous) = Build(ours);
        var before = Snapshot(key.Directory);

        var (code, stdout, stderr) = await SignPsbt(psbt.ToBase64());

        Assert.True(code == 0, stderr);
        Assert.Contains("sign-psbt: signed input(s) 0", stderr, StringComparison.Ordinal);
        var signed = Psbt.ParseBase64(stdout.Trim());
        var (pub, sig) = Assert.Single(signed.Inputs[0].PartialSigs);
        Assert.Equal(Key.ToCompressed(), pub);
        Assert.Equal((byte)SigHashType.All, sig[^1]);
        var digest = Bip143SigHash.Compute(psbt.UnsignedTx, 0, ScriptTemplates.P2wpkhScriptCode(ours.Span[2..].ToArray()), previous[0].Outputs[0].Value, (uint)SigHashType.All);
        Assert.True(Ecdsa.Verify(Key, digest, EcdsaSignature.ParseDer(sig[..^1]), requireLowS: true));

        Assert.True(PsbtFinalizer.FinalizeAll(signed));
        var tx = PsbtFinalizer.Extract(signed);
        Assert.Equal(psbt.UnsignedTx.TxId(), tx.TxId());
        Assert.Equal(Key.ToCompressed(), tx.Inputs[0].Witness[1].ToArray());
        Assert.True(Ecdsa.Verify(Key, digest, EcdsaSignature.ParseDer(tx.Inputs[0].Witness[0][..^1].ToArray()), requireLowS: true));
        Assert.Null(DltSigner.Adapters.Bitcoin.Wallet.P2wpkhSigning.Check(tx, [previous[0].Outputs[0]]));
        AssertSame(before, Snapshot(key.Directory));
    }

    [Fact]
    public async Task Json_report_lists_signed_and_skipped_inputs_outputs_and_fee()
    {
        var ours = ScriptTemplates.PayToWitnessPubKeyHash(Key);
        var (psbt, _) = Build(Elsewhere, ours);

        var (code, stdout, stderr) = await SignPsbt(psbt.ToBase64(), "--json", "--network", "test");

        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("\\u002B", stdout, StringComparison.Ordinal); // base64 stays copyable
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal([1], json.GetProperty("signedInputs").EnumerateArray().Select(e => e.GetInt32()));
        var skip = Assert.Single(json.GetProperty("skippedInputs").EnumerateArray());
        Assert.Equal(0, skip.GetProperty("input").GetInt32());
        Assert.Contains("does not spend a P2WPKH output of this key", skip.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("tb1q", json.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.Equal(key.PublicKey, json.GetProperty("publicKey").GetString());
        Assert.Equal(100_000 + 100_001 - 50_000, json.GetProperty("feeSat").GetInt64());
        Assert.Equal(50_000, json.GetProperty("outputs")[0].GetProperty("valueSat").GetInt64());
        Assert.Equal("0.0005", json.GetProperty("outputs")[0].GetProperty("valueBtc").GetRawText());
        Assert.Equal("0.00150001", json.GetProperty("feeBtc").GetRawText());
        // 2 P2WPKH inputs, 1 P2WPKH output: 10.5 + 2 * 68 + 31 = 177.5 -> 178 vB.
        Assert.Equal(178, json.GetProperty("estimatedVsize").GetInt32());
        Assert.Equal(842.702m, json.GetProperty("feeRateSatPerVb").GetDecimal());
        var signed = Psbt.ParseBase64(json.GetProperty("psbt").GetString()!);
        Assert.Empty(signed.Inputs[0].PartialSigs);
        Assert.Single(signed.Inputs[1].PartialSigs);
    }

    [Fact]
    public async Task Signs_an_input_whose_bip32_derivation_names_a_child_key()
    {
        var parent = DltSigner.Core.Protocols.Derivation.Bip32.Derive(Key, ChainCode(), "m/0/7").PublicKey;
        var (psbt, _) = Build(ScriptTemplates.PayToWitnessPubKeyHash(parent));
        var origin = new byte[12];
        DltSigner.Core.Hashing.Hashes.Hash160(Key.ToCompressed()).AsSpan(0, 4).CopyTo(origin);
        origin[8] = 7; // m/0/7, u32 little endian each
        psbt.Inputs[0].AddBip32Derivation(parent.ToCompressed(), origin);

        var (code, stdout, stderr) = await SignPsbt(psbt.ToBase64());

        Assert.True(code == 0, stderr);
        var signed = Psbt.ParseBase64(stdout.Trim());
        Assert.Equal(parent.ToCompressed(), Assert.Single(signed.Inputs[0].PartialSigs).PubKey);
        Assert.True(PsbtFinalizer.FinalizeAll(signed));
        Assert.Null(DltSigner.Adapters.Bitcoin.Wallet.P2wpkhSigning.Check(PsbtFinalizer.Extract(signed), [psbt.SpentOutput(0)!]));
    }

    public static TheoryData<string, string> BadPsbts()
    {
        var (good, _) = Build(Elsewhere);
        var bytes = good.ToBytes();
        return new()
        {
            { "cHNidP8BAH#=", "--psbt: psbt: invalid base64" },
            { Convert.ToBase64String(bytes.AsSpan(0, bytes.Length - 3)), "--psbt: " },
            { Convert.ToBase64String("not a psbt"u8), "missing magic bytes" },
            { "", "--psbt: " },
            { good.ToBase64(), "no input of the PSBT can be signed with this key: input 0: does not spend a P2WPKH output of this key" },
        };
    }

    [Theory]
    [MemberData(nameof(BadPsbts))]
    public async Task Bad_psbts_are_one_line_errors_with_exit_code_2(string psbt, string expected)
    {
        var (code, stdout, stderr) = await SignPsbt(psbt);
        AssertUserError(code, stdout, stderr, expected);
    }

    [Fact]
    public async Task Unknown_network_is_refused_before_any_share_is_read()
    {
        var (psbt, _) = Build(ScriptTemplates.PayToWitnessPubKeyHash(Key));
        var (code, stdout, stderr) = await CliRunner.RunAsync("local", "sign-psbt", "--shares", key.Directory, "--signers", "1,2", "--psbt", psbt.ToBase64(), "--network", "moon", "--passphrase-env", "DLTSIGNER_TEST_UNSET_" + Guid.NewGuid().ToString("N"));
        AssertUserError(code, stdout, stderr, "unknown network 'moon'");
    }

    [Fact]
    public async Task Witness_utxo_only_input_of_the_key_refuses_the_whole_psbt()
    {
        var ours = ScriptTemplates.PayToWitnessPubKeyHash(Key);
        var (psbt, _) = Build(ours, ours);
        psbt.Inputs[1].RemoveType(K.InNonWitnessUtxo);

        var (code, stdout, stderr) = await SignPsbt(psbt.ToBase64());

        AssertUserError(code, stdout, stderr, "input 1: segwit v0 input without non_witness_utxo");
        Assert.Contains("CVE-2020-14199", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_already_signed_psbt_has_nothing_left_to_sign()
    {
        var (psbt, _) = Build(ScriptTemplates.PayToWitnessPubKeyHash(Key));
        var (code, stdout, stderr) = await SignPsbt(psbt.ToBase64());
        Assert.True(code == 0, stderr);

        var again = await SignPsbt(stdout.Trim());
        AssertUserError(again.ExitCode, again.Stdout, again.Stderr, "input 0: already signed by this key");
    }

    /// <summary>The key's BIP32 chain code (only inside the share files).</summary>
    private byte[] ChainCode()
    {
        using var pass = new DltSigner.Node.Store.Passphrase("fixture passphrase");
        using var share = DltSigner.Node.Store.ShareFile.Load(Path.Combine(key.Directory, "party-1.share"), () => pass, false);
        return share.ChainCode.ToArray();
    }

    [Fact]
    public async Task A_fee_above_the_absolute_cap_is_refused_before_any_share_is_read()
    {
        // The hostile tester's PSBT: 0.2 BTC fee for one input, 1.8 BTC/kvB.
        var (psbt, _) = Build(20_050_000, ScriptTemplates.PayToWitnessPubKeyHash(Key));
        var unset = "DLTSIGNER_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var (code, stdout, stderr) = await CliRunner.RunAsync("local", "sign-psbt", "--shares", key.Directory, "--signers", "1,2", "--psbt", psbt.ToBase64(), "--passphrase-env", unset);
        AssertUserError(code, stdout, stderr, "psbt not signed: fee 0.2 BTC (20000000 sat), 181818.181 sat/vB over an estimated 110 vB (1.81818181 BTC/kvB) is above the cap of 0.1 BTC (raise it with --max-fee)");

        (code, stdout, stderr) = await SignPsbt(psbt.ToBase64(), "--max-fee", "0.2");
        AssertUserError(code, stdout, stderr, "is above the rate cap of 0.1 BTC/kvB (raise it with --max-fee-rate)");

        (code, stdout, stderr) = await SignPsbt(psbt.ToBase64(), "--max-fee", "0.2", "--max-fee-rate", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("sign-psbt: fee 0.2 BTC (20000000 sat), 181818.181 sat/vB over an estimated 110 vB", stderr, StringComparison.Ordinal);
        Assert.Contains("(vsize estimated for the finalised transaction)", stderr, StringComparison.Ordinal);
        Assert.Contains("sign-psbt: output 0: 0.0005 BTC to bcrt1q", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fee_rate_above_the_cap_is_refused_even_under_the_absolute_cap()
    {
        // 0.05 BTC over 110 vB: 45 454 sat/vB.
        var (psbt, _) = Build(5_050_000, ScriptTemplates.PayToWitnessPubKeyHash(Key));
        var (code, stdout, stderr) = await SignPsbt(psbt.ToBase64());
        AssertUserError(code, stdout, stderr, "fee 0.05 BTC (5000000 sat), 45454.545 sat/vB over an estimated 110 vB (0.45454545 BTC/kvB) is above the rate cap of 0.1 BTC/kvB");
    }

    [Theory]
    [InlineData("--max-fee", "0.123456789", "--max-fee: '0.123456789' is not a BTC amount")]
    [InlineData("--max-fee", "1e-3", "is not a BTC amount")]
    [InlineData("--max-fee-rate", "-1", "--max-fee-rate: '-1' is not a BTC amount")]
    public async Task Bad_fee_caps_are_one_line_errors(string option, string value, string expected)
    {
        var (psbt, _) = Build(ScriptTemplates.PayToWitnessPubKeyHash(Key));
        var (code, stdout, stderr) = await SignPsbt(psbt.ToBase64(), option, value);
        AssertUserError(code, stdout, stderr, expected);
    }

    [Fact]
    public async Task An_input_without_utxo_data_leaves_the_fee_unknown_and_is_refused()
    {
        var ours = ScriptTemplates.PayToWitnessPubKeyHash(Key);
        var (psbt, _) = Build(ours, Elsewhere);
        psbt.Inputs[1].RemoveType(K.InNonWitnessUtxo);
        psbt.Inputs[1].RemoveType(K.InWitnessUtxo);
        var (code, stdout, stderr) = await SignPsbt(psbt.ToBase64());
        AssertUserError(code, stdout, stderr, "psbt not signed: the fee cannot be checked: input 1 has no UTXO data");
    }

    [Fact]
    public async Task Outputs_above_the_inputs_are_refused()
    {
        var (psbt, _) = Build(40_000, ScriptTemplates.PayToWitnessPubKeyHash(Key));
        var (code, stdout, stderr) = await SignPsbt(psbt.ToBase64());
        AssertUserError(code, stdout, stderr, "the outputs pay 0.0001 BTC more than the inputs hold");
    }

    [Fact]
    public async Task The_psbt_can_come_from_standard_input()
    {
        var (psbt, _) = Build(ScriptTemplates.PayToWitnessPubKeyHash(Key));
        var (code, stdout, stderr) = await key.RunWithInput(psbt.ToBase64() + "\n", "local", "sign-psbt", "--shares", key.Directory, "--signers", "1,3", "--psbt", "-");
        Assert.True(code == 0, stderr);
        Assert.Single(Psbt.ParseBase64(stdout.Trim()).Inputs[0].PartialSigs);

        (code, stdout, stderr) = await key.RunWithInput("", "local", "sign-psbt", "--shares", key.Directory, "--signers", "1,3", "--psbt", "-");
        AssertUserError(code, stdout, stderr, "--psbt -: standard input is empty");
    }
}
