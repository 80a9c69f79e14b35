using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using DltSigner.Adapters.Bitcoin;
using DltSigner.Adapters.Bitcoin.Rpc;
using DltSigner.Adapters.Ethereum.Devnet;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Signatures;
using DltSigner.Node.Store;

namespace DltSigner.Node.Cli;

/// <summary>
/// `dltsigner demo`: the README's main job (scripts/demo.sh starts the devnets and calls it). It runs
/// each capability end to end and checks every result independently; it exits 1 on any failed check.
/// </summary>
internal static class DemoCommand
{
    private const int Threshold = 2;
    private const int Parties = 3;

    private sealed record Settings(string Message, string? SharesDir, string PassphraseVariable, string? BitcoindEnv, Uri? AnvilUrl);

    public static Command Build()
    {
        var message = new Option<string>("--message", "-m") { Description = "Text to sign (its SHA-256 is the digest).", DefaultValueFactory = _ => "DltSigner demo" };
        var shares = new Option<string?>("--shares") { Description = "Key directory of the demo's 2-of-3 key: reused when it exists, else created by the DKG (default: a fresh temporary key)." };
        var passphraseEnv = new Option<string>("--passphrase-env") { Description = "Environment variable with the share files' passphrase.", DefaultValueFactory = _ => Passphrase.DefaultVariable };
        var bitcoind = new Option<string?>("--bitcoind-env") { Description = "devnet.env of a regtest bitcoind (devnet/bitcoind.sh start): run the Bitcoin leg." };
        var anvil = new Option<string?>("--anvil-url") { Description = "JSON-RPC URL of an anvil node (devnet/anvil.sh start): run the Ethereum leg." };
        var cmd = new Command("demo", "Run the end-to-end demonstration and check every result independently.") { message, shares, passphraseEnv, bitcoind, anvil };
        cmd.SetAction((parse, ct) => RunAsync(
            new Settings(parse.GetValue(message)!, parse.GetValue(shares), parse.GetValue(passphraseEnv)!, parse.GetValue(bitcoind), ParseUrl(parse.GetValue(anvil))),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return cmd;
    }

    private static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var failures = 0;
        void Check(string what, bool ok)
        {
            output.WriteLine($"  [{(ok ? "ok" : "FAIL")}] {what}");
            failures += ok ? 0 : 1;
        }

        var digest = Hashes.Sha256(Encoding.UTF8.GetBytes(settings.Message));
        output.WriteLine($"message: \"{settings.Message}\"  sha256: {Convert.ToHexStringLower(digest)}");
        ReferenceSigner(digest, output, Check);

        string? tempDir = null;
        var (dir, passphraseVariable) = (settings.SharesDir, settings.PassphraseVariable);
        if (dir is null)
        {
            // No key directory given: a throwaway key, encrypted under a random in-process passphrase.
            tempDir = Directory.CreateTempSubdirectory("dltsigner-demo-").FullName;
            dir = Path.Combine(tempDir, "keys");
            passphraseVariable = "DLTSIGNER_DEMO_PASSPHRASE";
            Environment.SetEnvironmentVariable(passphraseVariable, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        }

        try
        {
            await ThresholdKeyAsync(dir, passphraseVariable, digest, output, error, Check).ConfigureAwait(false);
            if (settings.BitcoindEnv is not null)
            {
                await BitcoinLegAsync(dir, passphraseVariable, settings.BitcoindEnv, output, Check, ct).ConfigureAwait(false);
            }

            if (settings.AnvilUrl is not null)
            {
                output.WriteLine("5. Ethereum (anvil): an EIP-1559 transfer and a contract deployment signed by parties 2 and 3");
                using var keys = LocalThresholdKey.Open(dir, [new PartyIndex(2), new PartyIndex(3)], passphraseVariable);
                failures += await EthereumDemo.RunAsync(keys.Signer, settings.AnvilUrl, output, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            if (tempDir is not null)
            {
                // The throwaway key and its passphrase end with the demo.
                Directory.Delete(tempDir, recursive: true);
                Environment.SetEnvironmentVariable(passphraseVariable, null);
            }
        }

        output.WriteLine("6. speed on this machine (dltsigner bench for the full table)");
        MicroBench.Print(output, BenchCommand.Run(140, TextWriter.Null, prefix: "ecdsa"));

        output.WriteLine(failures == 0 ? "demo: all checks passed" : $"demo: {failures} check(s) FAILED");
        return failures == 0 ? 0 : 1;
    }

    private static void ReferenceSigner(byte[] digest, TextWriter output, Action<string, bool> check)
    {
        output.WriteLine("1. single-key reference signer (the baseline threshold signatures are checked against)");
        using var key = PrivateKey.Generate();
        var pub = key.PublicKey;
        var ecdsa = Ecdsa.Sign(key, digest);
        output.WriteLine($"  public key {pub}; ECDSA (r, s, v) = ({Hex(ecdsa.Signature.R.ToBytes())}, {Hex(ecdsa.Signature.S.ToBytes())}, {ecdsa.RecoveryId})");
        check("ECDSA verifies (DltSigner, strict low-S) and under OpenSSL (explicit secp256k1 parameters)",
            Ecdsa.Verify(pub, digest, ecdsa.Signature, requireLowS: true) && VerifyWithOpenSsl(pub, digest, ecdsa.Signature));
        check("public key recovered from (r, s, recovery id); DER round trip (BIP66 strict)",
            Ecdsa.RecoverPublicKey(digest, ecdsa).Equals(pub) && EcdsaSignature.ParseDer(ecdsa.Signature.ToDer()) == ecdsa.Signature);
        var schnorr = Bip340.Sign(key, digest, RandomNumberGenerator.GetBytes(32));
        check("BIP340 Schnorr signature verifies", Bip340.Verify(pub.ToXOnly(), digest, schnorr));
    }

    private static async Task ThresholdKeyAsync(string dir, string passphraseVariable, byte[] digest, TextWriter output, TextWriter error, Action<string, bool> check)
    {
        string[] store = ["--passphrase-env", passphraseVariable];
        if (File.Exists(Path.Combine(dir, ShareDirectory.ManifestFileName)))
        {
            var manifest = ShareDirectory.Inspect(dir).Manifest;
            output.WriteLine($"2. threshold key: reusing the {manifest.Threshold}-of-{manifest.Parties} key in {dir} (epoch {manifest.Epoch})");
        }
        else
        {
            output.WriteLine($"2. threshold key: DKLs23 distributed key generation, {Threshold}-of-{Parties}, no dealer (dltsigner local keygen)");
            check("DKG produced three encrypted share files",
                await CliApp.RunAsync(["local", "keygen", "-t", $"{Threshold}", "-n", $"{Parties}", "--out", dir, .. store], output, error).ConfigureAwait(false) == 0);
        }

        output.WriteLine("3. threshold ECDSA: parties 1 and 3 sign the digest; party 2 stays offline (dltsigner local sign)");
        check("signature verifies (DltSigner, OpenSSL, key recovery)",
            await CliApp.RunAsync(["local", "sign", "--shares", dir, "--signers", "1,3", "--digest", Hex(digest), .. store], output, error).ConfigureAwait(false) == 0);
        output.WriteLine("   ... and parties 2 and 3 sign for the BIP32 child m/0/7");
        check("child-key signature verifies",
            await CliApp.RunAsync(["local", "sign", "--shares", dir, "--signers", "2,3", "--digest", Hex(digest), "--path", "m/0/7", .. store], output, error).ConfigureAwait(false) == 0);
    }

    private static async Task BitcoinLegAsync(string dir, string passphraseVariable, string envFile, TextWriter output, Action<string, bool> check, CancellationToken ct)
    {
        output.WriteLine("4. Bitcoin (regtest bitcoind): fund the threshold key's P2WPKH address, pay from it with parties 1 and 2");
        var env = File.ReadAllLines(envFile)
            .Select(line => line.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());
        using var rpc = new BitcoinRpcClient(BitcoinRpcOptions.FromDevnetEnv(env));
        using var keys = LocalThresholdKey.Open(dir, [new PartyIndex(1), new PartyIndex(2)], passphraseVariable);
        var result = await BitcoinDemo.RunAsync(keys.Signer, rpc, output, ct).ConfigureAwait(false);
        output.WriteLine($"  txid {result.TxId}: {result.VSize} vB, fee {result.Fee} sat, {result.Confirmations} confirmation(s)");
        check("bitcoind accepted, mined and confirmed the threshold-signed payment", result.Confirmations >= 1);
    }

    internal static bool VerifyWithOpenSsl(PublicKey pub, byte[] digest, EcdsaSignature signature)
    {
        using var openssl = OpenSslCurve.CreateKey(pub);
        return openssl.VerifyHash(digest, signature.ToCompact(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static Uri? ParseUrl(string? text) =>
        text is null ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
        : throw new CliException($"--anvil-url: not an http(s) URL: {text}");

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
