using System.CommandLine;
using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Signatures;

namespace DltSigner.Node.Cli;

/// <summary>`dltsigner bench`: quick timings of the primitives on this machine (BenchmarkDotNet in bench/ is the reference).</summary>
internal static class BenchCommand
{
    public static Command Build()
    {
        var iterations = new Option<int>("--iterations", "-n")
        {
            Description = "Operations per measurement (split into 7 batches; the median batch is reported).",
            DefaultValueFactory = _ => 700,
        };
        var cmd = new Command("bench", "Time the secp256k1 primitives and reference signers on this machine.") { iterations };
        cmd.SetAction(parse =>
        {
            int n = parse.GetValue(iterations);
            if (n < 7)
            {
                throw new CliException("--iterations must be at least 7");
            }

            MicroBench.Print(Console.Out, Run(n, Console.Error));
        });
        return cmd;
    }

    public static IReadOnlyList<MicroBench.Result> Run(int n, TextWriter progress)
    {
        using var key = PrivateKey.Generate();
        var pub = key.PublicKey;
        var k = Scalar.RandomNonZero();
        var p = Point.BaseMul(Scalar.RandomNonZero());
        var hash = RandomNumberGenerator.GetBytes(32);
        var aux = RandomNumberGenerator.GetBytes(32);
        var ecdsa = Ecdsa.Sign(key, hash).Signature;
        var xonly = pub.ToXOnly();
        var schnorr = Bip340.Sign(key, hash, aux);

        var d = new byte[32];
        key.Export(d);
        using var openssl = OpenSslCurve.CreateKey(pub, d);
        CryptographicOperations.ZeroMemory(d);
        var opensslSig = openssl.SignHash(hash);

        var cases = new (string Name, Action Op)[]
        {
            ("point: k*G fixed base (constant-time)", () => Point.BaseMul(k)),
            ("point: k*P variable base (constant-time)", () => _ = k * p),
            ("point: k*P variable base (public k)", () => p.MulVar(k)),
            ("ecdsa: sign RFC 6979 (DltSigner)", () => Ecdsa.Sign(key, hash)),
            ("ecdsa: verify (DltSigner)", () => Ecdsa.Verify(pub, hash, ecdsa)),
            ("ecdsa: sign (OpenSSL via .NET ECDsa)", () => openssl.SignHash(hash)),
            ("ecdsa: verify (OpenSSL via .NET ECDsa)", () => openssl.VerifyHash(hash, opensslSig)),
            ("bip340: sign", () => Bip340.Sign(key, hash, aux)),
            ("bip340: verify", () => Bip340.Verify(xonly, hash, schnorr)),
            ("keccak-256: 32 bytes", () => Hashes.Keccak256(hash)),
        };

        var results = new List<MicroBench.Result>();
        foreach (var (name, op) in cases)
        {
            progress.WriteLine($"bench: {name} ...");
            results.Add(MicroBench.Measure(name, n, op));
        }

        return results;
    }
}
