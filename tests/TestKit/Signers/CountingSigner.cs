using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;
using DltSigner.Core.Signing;

namespace DltSigner.TestKit.Signers;

/// <summary>Wraps a signer, counts the signatures asked for (to show that refused requests sign nothing) and records each request.</summary>
public sealed class CountingSigner(IEcdsaSigner inner) : IEcdsaSigner, IDisposable
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public List<SignRequest> Requests { get; } = [];

    public PublicKey PublicKey => inner.PublicKey;

    public PublicKey PublicKeyFor(string? derivationPath) => inner.PublicKeyFor(derivationPath);

    public Task<RecoverableSignature> SignAsync(SignRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        lock (Requests)
        {
            Requests.Add(request);
        }

        return inner.SignAsync(request, cancellationToken);
    }

    /// <summary>Disposes the wrapped signer if it owns anything (a local key).</summary>
    public void Dispose() => (inner as IDisposable)?.Dispose();
}
