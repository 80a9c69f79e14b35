using NSec.Cryptography;

namespace DltSigner.P2P.Keys;

/// <summary>An Ed25519 identity key held in libsodium memory (never exported); disposing it erases the key.</summary>
public sealed class Ed25519PeerSigner : IPeerSigner, IDisposable
{
    private readonly Key key;

    private Ed25519PeerSigner(Key key)
    {
        this.key = key;
        PublicKeyProtobuf = PublicKeys.Ed25519Protobuf(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        PeerId = PeerIdBytes.FromPublicKey(PublicKeyProtobuf.Span);
    }

    public PeerIdBytes PeerId { get; }

    public ReadOnlyMemory<byte> PublicKeyProtobuf { get; }

    public static Ed25519PeerSigner Generate() => new(Key.Create(SignatureAlgorithm.Ed25519));

    /// <summary>From a 32-byte private key seed (test vectors; identities are generated, not derived).</summary>
    internal static Ed25519PeerSigner FromSeed(ReadOnlySpan<byte> seed) =>
        new(Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey));

    public byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(key, data);

    public void Dispose() => key.Dispose();

    public override string ToString() => "Ed25519PeerSigner(" + PeerId + ")";
}
