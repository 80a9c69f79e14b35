using BenchmarkDotNet.Attributes;
using DltSigner.Core.Hashing;

namespace DltSigner.Bench;

/// <summary>Hashes at the sizes the signer uses (32-byte digests, 33-byte keys, ~200-byte transcripts).</summary>
[MemoryDiagnoser]
public class HashingBenchmarks
{
    private readonly byte[] output = new byte[32];
    private readonly byte[] output20 = new byte[20];
    private byte[] data = [];

    [Params(32, 200, 4096)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => data = Enumerable.Range(0, Size).Select(i => (byte)i).ToArray();

    [Benchmark]
    public void Keccak256() => Hashes.WriteKeccak256(data, output);

    [Benchmark]
    public void Ripemd160() => Hashes.WriteRipemd160(data, output20);

    [Benchmark]
    public void Hash160() => Hashes.WriteHash160(data, output20);

    [Benchmark]
    public void TaggedHash() => Hashes.WriteTaggedHash("BIP0340/challenge", data, output);

    [Benchmark]
    public byte[] TranscriptChallenge() => new Transcript("bench").Append("data", data).Challenge("c", 32);
}
