using System.CommandLine;
using DltSigner.Adapters.Bitcoin.Addresses;
using DltSigner.Adapters.Bitcoin.Bip174;
using DltSigner.Adapters.Bitcoin.Wallet;
using DltSigner.Core;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using K = DltSigner.Adapters.Bitcoin.Bip174.PsbtKeyTypes;

namespace DltSigner.Node.Cli;

/// <summary>One input the signer left alone, and why.</summary>
internal sealed record PsbtSkip(int Input, string Reason);

/// <summary>One output of the transaction being signed (address null for a script without one).</summary>
internal sealed record PsbtOutputView(int Output, string? Address, long ValueSat, decimal ValueBtc, string Script);

/// <summary>The JSON printed by `local sign-psbt --json` (all public).</summary>
internal sealed record SignPsbtOutput(
    string Psbt, string PublicKey, string Address, string KeyId, uint Epoch, IReadOnlyList<int> Signers,
    IReadOnlyList<int> SignedInputs, IReadOnlyList<PsbtSkip> SkippedInputs, IReadOnlyList<PsbtOutputView> Outputs,
    long FeeSat, decimal FeeBtc, decimal FeeRateSatPerVb, int EstimatedVsize);

/// <summary>
/// `dltsigner local sign-psbt`: the BIP174 signer role with the threshold key (<see cref="PsbtKeySigner"/>:
/// P2WPKH inputs of the root key or of a key its BIP32 derivation entries name, each with a verified
/// non_witness_utxo). Prints the signed PSBT (base64) for a finaliser such as bitcoind.
/// </summary>
internal static class LocalSignPsbtCommand
{
    public static Command Build()
    {
        var (shares, signers) = (LocalThresholdKey.SharesOption(), LocalThresholdKey.SignersOption());
        var psbt = new Option<string>("--psbt") { Description = "The PSBT to sign, base64 (BIP174 version 0); - reads it from standard input.", Required = true, HelpName = "BASE64" };
        var network = BtcCommand.NetworkOption();
        var json = new Option<bool>("--json") { Description = "Print a JSON report (signed PSBT, signed and skipped inputs, outputs, fee) instead of the bare base64." };
        var maxFee = new Option<string>("--max-fee")
        {
            Description = "Refuse a PSBT whose fee is above this, in BTC (Bitcoin Core's -maxtxfee; default 0.1).",
            DefaultValueFactory = _ => Units.FormatBtc(PsbtFees.DefaultCaps.MaxFee),
            HelpName = "BTC",
        };
        var maxFeeRate = new Option<string>("--max-fee-rate")
        {
            Description = "Refuse a PSBT whose fee rate (over the estimated final vsize) is above this, in BTC/kvB (Bitcoin Core's maxfeerate; default 0.1 = 10000 sat/vB).",
            DefaultValueFactory = _ => Units.FormatBtc(PsbtFees.DefaultCaps.MaxFeeRate.SatPerKvB),
            HelpName = "BTC/kvB",
        };
        var store = new LocalCommand.StoreOptions();
        var cmd = new Command("sign-psbt", "Sign every input of a PSBT that spends a P2WPKH output of the threshold key.") { shares, signers, psbt, network, json, maxFee, maxFeeRate };
        store.AddTo(cmd, writes: false);
        cmd.SetAction((parse, ct) => LocalCommand.Guard(() => RunAsync(
            parse.GetValue(shares)!, parse.GetValue(signers)!, CliInput.Resolve(parse.GetValue(psbt)!, "--psbt"), parse.GetValue(network)!, parse.GetValue(json),
            new SpendPolicy { MaxFee = Units.ParseBtc(parse.GetValue(maxFee)!, "--max-fee"), MaxFeeRate = Units.ParseBtcPerKvB(parse.GetValue(maxFeeRate)!, "--max-fee-rate") },
            store, parse, ct)));
        return cmd;
    }

    private static async Task<int> RunAsync(
        string dir, string signerText, string psbtText, string networkName, bool json, SpendPolicy caps, LocalCommand.StoreOptions store, ParseResult parse, CancellationToken ct)
    {
        // Every input is checked before any share is decrypted: the fee and its rate are capped.
        var net = BtcCommand.ParseNetwork(networkName);
        var psbt = ParsePsbt(psbtText);
        var fee = PsbtFees.Check(psbt, caps);
        using var local = LocalThresholdKey.Open(parse, store, dir, signerText);
        PsbtSignResult result;
        try
        {
            result = await PsbtKeySigner.SignAsync(psbt, local.Signer, ct).ConfigureAwait(false);
        }
        catch (PsbtSigningException e)
        {
            // The policy refused one of our inputs (e.g. no non_witness_utxo): the request is at fault.
            throw new CliException(e.Message, e);
        }

        var skipped = Enumerable.Range(0, psbt.Inputs.Count).Except(result.SignedInputs).Select(i => new PsbtSkip(i, SkipReason(psbt, i, local.Signer.PublicKey))).ToList();
        if (result.SignedInputs.Count == 0)
        {
            throw new CliException("no input of the PSBT can be signed with this key: " + string.Join("; ", skipped.Select(s => $"input {s.Input}: {s.Reason}")));
        }

        // Progress only now: a PSBT with nothing to sign is a one-line error.
        LocalCommand.Progress(parse, local.Describe("sign-psbt"));
        LocalCommand.Progress(parse, $"sign-psbt: signed input(s) {string.Join(",", result.SignedInputs)} in {LocalCommand.Seconds(local.Watch)}");
        foreach (var s in skipped)
        {
            LocalCommand.Progress(parse, $"sign-psbt: skipped input {s.Input}: {s.Reason}");
        }

        var outputs = Outputs(psbt, net);
        LocalCommand.Progress(parse, $"sign-psbt: {fee.Describe()} (vsize estimated for the finalised transaction)");
        foreach (var o in outputs)
        {
            LocalCommand.Progress(parse, $"sign-psbt: output {o.Output}: {Units.FormatBtc(o.ValueSat)} BTC to {o.Address ?? "script " + o.Script}");
        }

        var signed = result.Psbt.ToBase64();
        if (!json)
        {
            parse.InvocationConfiguration.Output.WriteLine(signed);
            return 0;
        }

        var root = local.Signer.PublicKey;
        CliJson.Print(parse, new SignPsbtOutput(
            signed, Convert.ToHexStringLower(root.ToCompressed()), BtcCommand.AddressOf(root, "p2wpkh", net), local.First.KeyId.ToString(), local.First.Epoch,
            [.. local.Parties.Select(p => (int)p.Value)], result.SignedInputs, skipped, outputs,
            fee.FeeSat, (decimal)fee.FeeSat / Units.SatPerBtc, fee.Rate.SatPerVByte, fee.EstimatedVsize));
        return 0;
    }

    internal static Psbt ParsePsbt(string text)
    {
        try
        {
            return Psbt.ParseBase64(text.Trim());
        }
        catch (CryptoFormatException e)
        {
            throw new CliException($"--psbt: {e.Message}");
        }
    }

    /// <summary>Why the signer role left an input alone (it refuses the whole PSBT for inputs of ours it must not sign).</summary>
    private static string SkipReason(Psbt psbt, int index, PublicKey root)
    {
        var input = psbt.Inputs[index];
        if (input.IsFinalized)
        {
            return "already finalized";
        }

        var rootBytes = root.ToCompressed();
        var fingerprint = Hashes.Hash160(rootBytes).AsSpan(0, 4).ToArray();
        var ourKeys = input.OfType(K.InBip32Derivation)
            .Where(e => e.Value.Length >= 4 && e.Value.AsSpan(0, 4).SequenceEqual(fingerprint))
            .Select(e => e.KeyData.ToArray())
            .Append(rootBytes);
        if (input.PartialSigs.Any(s => ourKeys.Any(k => k.AsSpan().SequenceEqual(s.PubKey))))
        {
            return "already signed by this key";
        }

        return psbt.SpentOutput(index) is null
            ? "no UTXO data: cannot tell whether it spends this key"
            : "does not spend a P2WPKH output of this key (or of a key its BIP32 derivations name)";
    }

    private static List<PsbtOutputView> Outputs(Psbt psbt, Network net) =>
        [.. psbt.UnsignedTx.Outputs.Select((o, i) => new PsbtOutputView(i, BitcoinAddress.FromScriptPubKey(o.ScriptPubKey, net)?.ToString(), o.Value, (decimal)o.Value / Units.SatPerBtc, o.ScriptPubKey.ToHex()))];
}
