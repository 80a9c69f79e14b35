using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;

namespace DltSigner.Node.Cli;

/// <summary>
/// `dltsigner demo`: the README's main job. It runs each capability the product has, end to end,
/// and checks every result with an independent implementation; it exits non-zero on any mismatch.
/// </summary>
internal static class DemoCommand
{
    public static Command Build()
    {
        var message = new Option<string>("--message", "-m")
        {
            Description = "Text to sign (its SHA-256 is the digest).",
            DefaultValueFactory = _ => "DltSigner demo",
        };
        var cmd = new Command("demo", "Run the end-to-end demonstration and check every result independently.") { message };
        cmd.SetAction(parse => Run(parse.GetValue(message)!, Console.Out));
        return cmd;
    }

    public static int Run(string message, TextWriter output)
    {
        var failures = 0;
        void Check(string what, bool ok)
        {
            output.WriteLine($"  [{(ok ? "ok" : "FAIL")}] {what}");
            failures += ok ? 0 : 1;
        }

        var digest = Hashes.Sha256(Encoding.UTF8.GetBytes(message));
        output.WriteLine($"message: \"{message}\"  sha256: {Convert.ToHexStringLower(digest)}");

        output.WriteLine("1. single-key reference signer (the baseline threshold signatures are checked against)");
        using var key = PrivateKey.Generate();
        var pub = key.PublicKey;
        output.WriteLine($"  public key (SEC1 compressed): {pub}");

        var ecdsa = Ecdsa.Sign(key, digest);
        output.WriteLine($"  ECDSA r: {Convert.ToHexStringLower(ecdsa.Signature.R.ToBytes())}");
        output.WriteLine($"  ECDSA s: {Convert.ToHexStringLower(ecdsa.Signature.S.ToBytes())} (low-S: {ecdsa.Signature.IsLowS})");
        output.WriteLine($"  recovery id: {ecdsa.RecoveryId}  DER: {Convert.ToHexStringLower(ecdsa.Signature.ToDer())}");
        Check("ECDSA verifies (DltSigner, strict low-S)", Ecdsa.Verify(pub, digest, ecdsa.Signature, requireLowS: true));
        Check("ECDSA verifies (OpenSSL, explicit secp256k1 parameters)", VerifyWithOpenSsl(pub, digest, ecdsa.Signature));
        Check("public key recovered from (r, s, recovery id)", Ecdsa.RecoverPublicKey(digest, ecdsa).Equals(pub));
        Check("DER round trip (BIP66 strict)", EcdsaSignature.ParseDer(ecdsa.Signature.ToDer()) == ecdsa.Signature);

        var schnorr = Bip340.Sign(key, digest, RandomNumberGenerator.GetBytes(32));
        output.WriteLine($"  BIP340 x-only key: {Convert.ToHexStringLower(pub.ToXOnly())}");
        output.WriteLine($"  BIP340 signature: {Convert.ToHexStringLower(schnorr)}");
        Check("BIP340 verifies", Bip340.Verify(pub.ToXOnly(), digest, schnorr));
        digest[0] ^= 1;
        Check("a changed digest is rejected (ECDSA and BIP340)",
            !Ecdsa.Verify(pub, digest, ecdsa.Signature) && !Bip340.Verify(pub.ToXOnly(), digest, schnorr));

        output.WriteLine("2. speed on this machine (dltsigner bench for the full table)");
        MicroBench.Print(output, BenchCommand.Run(140, TextWriter.Null).Where(r => r.Name.StartsWith("ecdsa", StringComparison.Ordinal)));

        output.WriteLine(failures == 0 ? "demo: all checks passed" : $"demo: {failures} check(s) FAILED");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Verification by OpenSSL (through .NET's ECDsa), independent of DltSigner's verifier.</summary>
    internal static bool VerifyWithOpenSsl(PublicKey pub, byte[] digest, EcdsaSignature signature)
    {
        using var openssl = OpenSslCurve.CreateKey(pub);
        return openssl.VerifyHash(digest, signature.ToCompact(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
