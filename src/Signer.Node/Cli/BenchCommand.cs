using System.CommandLine;
using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Protocols.Dkg;
using DltSigner.Core.Protocols.Sign;
using DltSigner.Core.Signatures;
using DltSigner.Core.Signing;

namespace DltSigner.Node.Cli;

/// <summary>
/// `dltsigner bench`: quick timings of the primitives and of the threshold protocols on this machine
/// (bench/ with BenchmarkDotNet is the reference; docs/PERFORMANCE.md has both).
/// </summary>
internal static class BenchCommand
{
    public static Command Build()
    {
        var iterations = new Option<int>("--iterations")
        {
            Description = "Operations per primitive measurement (split into 7 batches; the median batch is reported).",
            DefaultValueFactory = _ => 700,
        };
        var primitivesOnly = new Option<bool>("--primitives-only") { Description = "Skip the threshold DKG and signing rows." };
        var cmd = new Command("bench", "Time the secp256k1 primitives, reference signers and DKLs23 DKG and signing on this machine.") { iterations, primitivesOnly };
        cmd.SetAction(parse =>
        {
            int n = parse.GetValue(iterations);
            if (n < 7)
            {
                throw new CliException("--iterations must be at least 7");
            }

            var output = parse.InvocationConfiguration.Output;
            var progress = parse.InvocationConfiguration.Error;
            var results = Run(n, progress).ToList();
            if (!parse.GetValue(primitivesOnly))
            {
                results.AddRange(RunThreshold(progress));
            }

            MicroBench.Print(output, results);
        });
        return cmd;
    }

    /// <summary>The primitive rows whose name starts with <paramref name="prefix"/> (all by default); only those are measured.</summary>
    public static IReadOnlyList<MicroBench.Result> Run(int n, TextWriter progress, string prefix = "")
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

        (string Name, Action Op)[] cases =
        [
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
        ];
        return Measure(progress, cases.Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(c => (c.Name, c.Op, n)));
    }

    /// <summary>DKLs23 2-of-3 in this process over the in-memory network (every message through the wire codec).</summary>
    public static IReadOnlyList<MicroBench.Result> RunThreshold(TextWriter progress)
    {
        var committee = PartyIndex.Range(3);
        KeyShare[] Dkg2of3()
        {
            var sid = SessionId.Random();
            return [.. LocalCommand.RunAllAsync(
                committee,
                async (party, delivery, token) => await Dkg.RunAsync(new MpcSession(delivery, sid, Dkg.ProtocolName, party, committee, LocalCommand.SessionOptions), 2, token).ConfigureAwait(false),
                CancellationToken.None).GetAwaiter().GetResult().Values.Select(s => s!)];
        }

        progress.WriteLine("bench: DKLs23 2-of-3 key generation for the signing rows ...");
        var shares = Dkg2of3();
        try
        {
            var signer = new ThresholdSigner(shares.Take(2));
            var request = new SignRequest(RandomNumberGenerator.GetBytes(32), SignPurpose.RawDigest);
            return Measure(progress,
            [
                ("dkls23: DKG 2-of-3, all 3 parties, wall", () => LocalCommand.DisposeAll(Dkg2of3()), 7),
                ("dkls23: sign 2-of-3, both signers, wall", () => signer.SignAsync(request).GetAwaiter().GetResult(), 70),
            ]);
        }
        finally
        {
            LocalCommand.DisposeAll(shares);
        }
    }

    private static List<MicroBench.Result> Measure(TextWriter progress, IEnumerable<(string Name, Action Op, int Iterations)> cases)
    {
        var results = new List<MicroBench.Result>();
        foreach (var (name, op, iterations) in cases)
        {
            progress.WriteLine($"bench: {name} ...");
            results.Add(MicroBench.Measure(name, iterations, op));
        }

        return results;
    }
}
