using DltSigner.Core.Keys;
using DltSigner.Core.Protocols.Sign;
using DltSigner.Core.Signatures;
using DltSigner.Core.Signing;

namespace DltSigner.Adapters.Ethereum.Tests.Integration;

/// <summary>
/// The signers the integration tests run with, by name: the single-key reference and a 2-of-3
/// threshold key (DKLs23, parties 1 and 3 of 3 signing in-process). Each call gives a fresh
/// address: a new local key, or a new BIP32 child of one dealt threshold key (dealing costs seconds).
/// </summary>
public static class TestSigners
{
    private static readonly Lazy<KeyShare[]> SharedThresholdKey = new(() => ThresholdTestKey.Deal(2, 3));
    private static int _nextChild;

    public const string Local = "local";

    public const string Threshold = "threshold-2of3";

    public static TheoryData<string> Kinds => new() { Local, Threshold };

    public static CountingSigner Create(string kind)
    {
        switch (kind)
        {
            case Local:
                return new CountingSigner(new LocalKeySigner(PrivateKey.Generate()));
            case Threshold:
                var shares = SharedThresholdKey.Value;
                // Any 2 of the 3 sign; use parties 1 and 3 so the set is not simply the first t.
                var child = $"m/{Interlocked.Increment(ref _nextChild)}";
                return new CountingSigner(new ChildKeySigner(new ThresholdSigner([shares[0], shares[2]]), child));
            default:
                throw new ArgumentException($"unknown signer kind '{kind}'", nameof(kind));
        }
    }
}

/// <summary>Wraps a signer and counts its requests, so tests can assert that nothing was signed.</summary>
public sealed class CountingSigner : IEcdsaSigner, IDisposable
{
    private readonly IEcdsaSigner _inner;
    private readonly IDisposable[] _owned;
    private int _count;

    /// <param name="owned">Disposed with this signer (e.g. key shares).</param>
    public CountingSigner(IEcdsaSigner inner, params IDisposable[] owned)
    {
        _inner = inner;
        _owned = owned;
    }

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

    public void Dispose()
    {
        (_inner as IDisposable)?.Dispose();
        foreach (var o in _owned)
        {
            o.Dispose();
        }
    }
}

/// <summary>Presents the child key at a fixed non-hardened path as the root key of a signer.</summary>
public sealed class ChildKeySigner(IEcdsaSigner inner, string path) : IEcdsaSigner
{
    public PublicKey PublicKey => inner.PublicKeyFor(path);

    public PublicKey PublicKeyFor(string? derivationPath) =>
        derivationPath is null or "m" ? PublicKey : throw new NotSupportedException("child key signer: root key only");

    public Task<RecoverableSignature> SignAsync(SignRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = PublicKeyFor(request.DerivationPath);
        return inner.SignAsync(new SignRequest(request.Digest, request.Purpose, request.Explanation, path), cancellationToken);
    }
}
