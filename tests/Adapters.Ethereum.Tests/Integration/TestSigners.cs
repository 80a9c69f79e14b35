using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;
using DltSigner.Core.Signing;

namespace DltSigner.Adapters.Ethereum.Tests.Integration;

/// <summary>
/// The signers the integration tests run with, by name. Add the 2-of-3 threshold signer here
/// (e.g. "threshold-2of3" → a ThresholdSigner over a dealt or DKG key) and every test runs with it.
/// </summary>
public static class TestSigners
{
    public static TheoryData<string> Kinds => new() { "local" };

    public static CountingSigner Create(string kind) => kind switch
    {
        "local" => new CountingSigner(new LocalKeySigner(PrivateKey.Generate())),
        _ => throw new ArgumentException($"unknown signer kind '{kind}'", nameof(kind)),
    };
}

/// <summary>Wraps a signer and counts its requests, so tests can assert that nothing was signed.</summary>
public sealed class CountingSigner : IEcdsaSigner, IDisposable
{
    private readonly IEcdsaSigner _inner;
    private int _count;

    public CountingSigner(IEcdsaSigner inner) => _inner = inner;

    public int Count => Volatile.Read(ref _count);

    public List<SignRequest> Requests { get; } = [];

    public PublicKey PublicKey => _inner.PublicKey;

    public PublicKey PublicKeyFor(string? derivationPath) => _inner.PublicKeyFor(derivationPath);

    public Task<RecoverableSignature> SignAsync(SignRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        lock (Requests)
        {
            Requests.Add(request);
        }

        return _inner.SignAsync(request, cancellationToken);
    }

    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
