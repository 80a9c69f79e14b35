using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using DltSigner.Core.Keys;
using DltSigner.Core.Mpc;
using DltSigner.Core.Mpc.InMemory;
using DltSigner.Core.Protocols.Sign;
using DltSigner.Core.Signatures;
using DltSigner.TestKit.Keys;

namespace DltSigner.Bench;

/// <summary>
/// DKLs23 signing (protocol.md §5). <see cref="AllSignersCompute"/> runs every signer's rounds in one
/// thread with the messages passed directly (encoded and decoded as on the wire), so its time / t is
/// the compute per party; <see cref="InMemoryNetwork"/> is the end-to-end run with all signers
/// concurrent; <see cref="SingleKeyRfc6979"/> is the baseline. Bytes sent per party (encoded
/// envelopes, broadcasts counted once per recipient) are printed in the global setup.
/// </summary>
[MemoryDiagnoser]
public class SignBenchmarks
{
    private KeyShare[] _shares = null!;
    private PrivateKey _single = null!;
    private readonly byte[] _hash = RandomNumberGenerator.GetBytes(32);

    [Params("2-of-3", "3-of-5", "5-of-9")]
    public string Setup { get; set; } = "2-of-3";

    private int T => Setup[0] - '0';

    private int N => Setup[^1] - '0';

    [GlobalSetup]
    public void GlobalSetup()
    {
        // A key made by the real DKG (DltSigner.TestKit), owned here and disposed in Cleanup.
        _shares = [.. DkgKeys.GenerateAsync(T, N).GetAwaiter().GetResult().Shares];
        _single = PrivateKey.Generate();
        var (_, bytes) = RunAll(countBytes: true);
        Console.WriteLine($"// {Setup}: bytes sent per party = {bytes.Max()} (min {bytes.Min()}), {bytes.Max() / 1024.0:F1} KiB");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var s in _shares)
        {
            s.Dispose();
        }

        _single.Dispose();
    }

    [Benchmark(Baseline = true)]
    public RecoverableSignature SingleKeyRfc6979() => Ecdsa.Sign(_single, _hash);

    [Benchmark]
    public RecoverableSignature AllSignersCompute() => RunAll(countBytes: false).Signature;

    [Benchmark]
    public RecoverableSignature InMemoryNetwork()
    {
        var signers = _shares.Take(T).ToArray();
        var session = SignSession.Create(signers[0], signers.Select(s => s.Self));
        var network = new Core.Mpc.InMemory.InMemoryNetwork(T);
        var tasks = signers.Select(s => Task.Run(() =>
            DklsSign.RunAsync(DklsSign.OpenSession(network.Delivery(s.Self), s.Self, session), s, session, _hash))).ToArray();
        return Task.WhenAll(tasks).GetAwaiter().GetResult()[0];
    }

    private (RecoverableSignature Signature, long[] Bytes) RunAll(bool countBytes)
    {
        var signers = _shares.Take(T).ToArray();
        var session = SignSession.Create(signers[0], signers.Select(s => s.Self));
        var bytes = new long[T];
        var parties = signers.Select(s => SignParty.Start(s, session)).ToArray();
        var round1 = Deliver(session, 1, parties.Select(p => p.Round1Messages).ToArray(), bytes, countBytes);
        var round2 = Deliver(session, 2, parties.Select((p, k) => p.Round2(round1[k])).ToArray(), bytes, countBytes);
        var presigs = parties.Select((p, k) => p.Finish(round2[k])).ToArray();
        var partials = presigs.Select(p => p.CreatePartial(_hash)).ToArray();
        RecoverableSignature signature = default;
        for (var k = 0; k < T; k++)
        {
            var others = new Dictionary<PartyIndex, ReadOnlyMemory<byte>>();
            for (var j = 0; j < T; j++)
            {
                if (j != k)
                {
                    others[signers[j].Self] = partials[j];
                    if (countBytes)
                    {
                        bytes[j] += new Envelope(session.Id, SignSession.ProtocolName, 3, signers[j].Self, null, partials[j]).Encode().Length;
                    }
                }
            }

            signature = presigs[k].Combine(others);
            presigs[k].Dispose();
        }

        return (signature, bytes);
    }

    /// <summary>Routes point-to-point payloads through the envelope codec; result[k] = what party k received.</summary>
    private Dictionary<PartyIndex, ReadOnlyMemory<byte>>[] Deliver(SignSession session, ushort round, IReadOnlyDictionary<PartyIndex, byte[]>[] outgoing, long[] bytes, bool countBytes)
    {
        var received = Enumerable.Range(0, T).Select(_ => new Dictionary<PartyIndex, ReadOnlyMemory<byte>>()).ToArray();
        for (var k = 0; k < T; k++)
        {
            var from = _shares[k].Self;
            foreach (var (to, payload) in outgoing[k])
            {
                var wire = new Envelope(session.Id, SignSession.ProtocolName, round, from, to, payload).Encode();
                if (countBytes)
                {
                    bytes[k] += wire.Length;
                }

                received[to.Value - 1][from] = Envelope.Decode(wire).Payload;
            }
        }

        return received;
    }
}
