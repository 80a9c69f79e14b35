using DltSigner.Core.Keys;
using DltSigner.Core.Protocols.Derivation;
using DltSigner.Core.Signatures;
using DltSigner.Core.Signing;

namespace DltSigner.TestKit.Signers;

/// <summary>
/// Presents the BIP32 child at a fixed non-hardened path of a signer's key as the root key of a
/// signer: "m" here is <c>root</c> there, "m/a/b" here is <c>root/a/b</c> there (non-hardened
/// derivation composes), so one shared threshold key gives every test its own key tree.
/// </summary>
public sealed class ChildKeySigner : IEcdsaSigner
{
    private readonly IEcdsaSigner _inner;
    private readonly DerivationPath _root;

    public ChildKeySigner(IEcdsaSigner inner, string root)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _root = DerivationPath.Parse(root);
    }

    public PublicKey PublicKey => _inner.PublicKeyFor(_root.ToString());

    public PublicKey PublicKeyFor(string? derivationPath) => _inner.PublicKeyFor(Below(derivationPath));

    public Task<RecoverableSignature> SignAsync(SignRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _inner.SignAsync(new SignRequest(request.Digest, request.Purpose, request.Explanation, Below(request.DerivationPath)), cancellationToken);
    }

    /// <summary>The inner path of a path relative to the child root (parsed strictly first).</summary>
    private string Below(string? relative) =>
        DerivationPath.FromIndices([.. _root.Indices, .. DerivationPath.Parse(relative).Indices]).ToString();
}
