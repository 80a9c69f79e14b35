using DltSigner.Core.Math;

namespace DltSigner.Core.Keys;

/// <summary>
/// A single-party secp256k1 private key: used by the reference signers (the baseline that checks
/// threshold output), never by the threshold protocols themselves. Sealed, disposable, prints nothing.
/// </summary>
public sealed class PrivateKey : IDisposable
{
    private readonly SecretScalar _secret;

    private PrivateKey(SecretScalar secret)
    {
        if (secret.IsZero)
        {
            secret.Dispose();
            throw new CryptoFormatException("private key: zero");
        }

        _secret = secret;
        PublicKey = new PublicKey(secret.PublicPoint());
    }

    public PublicKey PublicKey { get; }

    internal SecretScalar Secret => _secret;

    public static PrivateKey Generate() => new(SecretScalar.Generate());

    /// <summary>Strict import: 32 big-endian bytes in [1, n).</summary>
    public static PrivateKey Import(ReadOnlySpan<byte> bytes) => new(SecretScalar.Import(bytes));

    public void Export(Span<byte> destination) => _secret.Export(destination);

    public void Dispose() => _secret.Dispose();

    public override string ToString() => $"PrivateKey(public {PublicKey})";
}
