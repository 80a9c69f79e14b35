using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;

namespace DltSigner.Core.Signing;

/// <summary>
/// Something that produces low-S ECDSA signatures with a recovery id: the threshold signer in
/// production, <see cref="LocalKeySigner"/> as the single-key reference. Chain adapters depend on
/// this seam only.
/// </summary>
public interface IEcdsaSigner
{
    /// <summary>The public key that signs (the root key; see <see cref="PublicKeyFor"/> for derived keys).</summary>
    PublicKey PublicKey { get; }

    /// <summary>The public key for a BIP32 non-hardened derivation path (null: the root key).</summary>
    PublicKey PublicKeyFor(string? derivationPath);

    /// <summary>Signs; the signature verifies under PublicKeyFor(request.DerivationPath).</summary>
    Task<RecoverableSignature> SignAsync(SignRequest request, CancellationToken cancellationToken = default);
}
