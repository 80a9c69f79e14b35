using System.Text;
using DltSigner.Adapters.Ethereum.Eip191;
using DltSigner.Adapters.Ethereum.Eip712;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core;
using DltSigner.Core.Signing;

namespace DltSigner.Adapters.Ethereum.Signing;

/// <summary>
/// EIP-191 personal_sign and EIP-712 signatures through <see cref="IEcdsaSigner"/>: the request carries
/// the message (or the typed-data JSON) as its explanation, and the result is checked to recover
/// to the signer's address before it is returned as 65 bytes r || s || v.
/// </summary>
public static class EthMessageSigner
{
    public static async Task<byte[]> SignPersonalAsync(IEcdsaSigner signer, ReadOnlyMemory<byte> message, string? derivationPath = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var digest = PersonalMessage.Hash(message.Span);
        var request = new SignRequest(digest, SignPurpose.EthereumPersonalMessage, message, derivationPath);
        return await SignCheckedAsync(signer, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Signs eth_signTypedData_v4 JSON (parsed and validated first).</summary>
    public static async Task<byte[]> SignTypedDataAsync(IEcdsaSigner signer, string typedDataJson, string? derivationPath = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var digest = TypedDataEncoder.SigningHash(TypedData.Parse(typedDataJson));
        var request = new SignRequest(digest, SignPurpose.EthereumTypedData, Encoding.UTF8.GetBytes(typedDataJson), derivationPath);
        return await SignCheckedAsync(signer, request, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> SignCheckedAsync(IEcdsaSigner signer, SignRequest request, CancellationToken cancellationToken)
    {
        var signature = await signer.SignAsync(request, cancellationToken).ConfigureAwait(false);
        var rsv = PersonalMessage.ToRsv(signature);
        var expected = Address.FromPublicKey(signer.PublicKeyFor(request.DerivationPath));
        return PersonalMessage.RecoverFromHash(request.Digest.Span, rsv) == expected
            ? rsv
            : throw new CryptoFormatException("signature does not recover to the signer's address");
    }
}
