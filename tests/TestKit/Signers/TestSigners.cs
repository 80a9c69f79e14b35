using DltSigner.Core.Keys;
using DltSigner.Core.Signing;
using DltSigner.TestKit.Keys;

namespace DltSigner.TestKit.Signers;

/// <summary>
/// The signers the adapters' tests run against, by name: "local" (RFC 6979 reference key) and
/// "threshold-2of3" (DKLs23 over the in-memory network, parties 1 and 3 of the run's DKG-made 2-of-3
/// key). Each call gives a fresh address: a new local key, or a new BIP32 child of the shared
/// threshold key (the DKG runs once per test run). Adding a kind is one case here plus one row in <see cref="Kinds"/>.
/// </summary>
public static class TestSigners
{
    public const string Local = "local";
    public const string Threshold2Of3 = "threshold-2of3";

    private static int _nextChild;

    public static TheoryData<string> Kinds => new() { Local, Threshold2Of3 };

    public static CountingSigner Create(string kind) => kind switch
    {
        Local => new CountingSigner(new LocalKeySigner(PrivateKey.Generate())),
        // Any 2 of the 3 sign; parties 1 and 3, so the set is not simply the first t.
        Threshold2Of3 => new CountingSigner(new ChildKeySigner(DkgKeys.Shared(2, 3).Signer(1, 3), $"m/{Interlocked.Increment(ref _nextChild)}")),
        _ => throw new ArgumentException($"unknown signer kind '{kind}'", nameof(kind)),
    };
}
