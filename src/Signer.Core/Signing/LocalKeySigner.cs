using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;

namespace DltSigner.Core.Signing;

/// <summary>The single-key reference signer (RFC 6979) behind <see cref="IEcdsaSigner"/>; root key only.</summary>
public sealed class LocalKeySigner : IEcdsaSigner, IDisposable
{
    private readonly PrivateKey _key;

    public LocalKeySigner(PrivateKey key) => _key = key ?? throw new ArgumentNullException(nameof(key));

    public PublicKey PublicKey => _key.PublicKey;

    public PublicKey PublicKeyFor(string? derivationPath) =>
        derivationPath is null or "m" ? PublicKey : throw new NotSupportedException("the local reference signer has no derivation");

    public Task<RecoverableSignature> SignAsync(SignRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = PublicKeyFor(request.DerivationPath);
        return Task.FromResult(Ecdsa.Sign(_key, request.Digest.Span));
    }

    public void Dispose() => _key.Dispose();
}
