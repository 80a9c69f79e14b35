using System.Text.Json;
using DltSigner.Core.Signatures;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Protos;
using DltSigner.Tests.Shared;

namespace DltSigner.P2P.Tests.Identity;

/// <summary>Keys and peer ids against libp2p/specs peer-ids test vectors (peer-id-key-encodings.json).</summary>
public sealed class PeerIdTests
{
    private static byte[] Vector(string key)
    {
        using var doc = JsonDocument.Parse(TestVectors.ReadText("libp2p", "peer-ids", "peer-id-key-encodings.json"));
        var hex = doc.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("key").GetString() == key).GetProperty("protobuf_hex").GetString()!;
        return Convert.FromHexString(hex);
    }

    [Fact]
    public void Ed25519_private_key_vector_decodes_and_its_public_key_matches_the_public_vector()
    {
        using var key = IdentityKey.FromProtobuf(Vector("ED25519 private key"));

        Assert.Equal(Vector("ED25519 public key"), key.PublicKey.ToProtobuf());
        Assert.Equal(Vector("ED25519 private key"), key.ExportProtobuf());
        Assert.StartsWith("12D3KooW", key.PeerId.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ed25519_public_key_vector_round_trips_and_gives_an_identity_multihash_peer_id()
    {
        var key = PeerPublicKey.FromProtobuf(Vector("ED25519 public key"));
        var id = key.ToPeerId();

        Assert.Equal(KeyType.Ed25519, key.Type);
        Assert.Equal([0x00, 36, .. Vector("ED25519 public key")], id.Bytes.ToArray());
        Assert.True(id.TryGetPublicKey(out var inlined));
        Assert.Equal(key, inlined);
        Assert.Equal(id, PeerId.Parse(id.ToString()));
        Assert.Equal(id, PeerId.Parse(id.ToCidString()));
        Assert.StartsWith("bafzaa", id.ToCidString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Secp256k1_public_key_vector_is_accepted_and_matches_the_private_vector()
    {
        var key = PeerPublicKey.FromProtobuf(Vector("secp256k1 public key"));
        var privateProto = Protos.PrivateKey.Parser.ParseFrom(Vector("secp256k1 private key"));
        using var priv = Core.Keys.PrivateKey.Import(privateProto.Data.Span);

        Assert.Equal(KeyType.Secp256K1, key.Type);
        Assert.Equal(priv.PublicKey.ToCompressed(), key.Data.ToArray());
        Assert.StartsWith("16Uiu2", key.ToPeerId().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Secp256k1_signature_is_DER_ECDSA_over_SHA256_of_the_data()
    {
        var privateProto = Protos.PrivateKey.Parser.ParseFrom(Vector("secp256k1 private key"));
        using var priv = Core.Keys.PrivateKey.Import(privateProto.Data.Span);
        var key = PeerPublicKey.FromProtobuf(Vector("secp256k1 public key"));
        var data = "noise-libp2p-static-key:test"u8.ToArray();
        var der = Ecdsa.SignDer(priv, System.Security.Cryptography.SHA256.HashData(data));

        Assert.True(key.Verify(data, der));
        Assert.False(key.Verify("other"u8, der));
        Assert.False(key.Verify(data, der[..^1]));
    }

    [Theory]
    [InlineData("ECDSA public key")]
    [InlineData("rsa public key")]
    public void Unsupported_key_types_are_refused(string vector) =>
        Assert.False(PeerPublicKey.TryFromProtobuf(Vector(vector), out _));

    [Fact]
    public void Non_canonical_public_key_protobuf_is_refused()
    {
        // Data before Type: the same key in a second encoding would name a second peer id.
        var canonical = Vector("ED25519 public key");
        byte[] swapped = [.. canonical[2..], .. canonical[..2]];
        Assert.False(PeerPublicKey.TryFromProtobuf(swapped, out _));
    }

    [Fact]
    public void Ed25519_signature_verifies_and_a_flipped_bit_does_not()
    {
        using var key = IdentityKey.Generate();
        var sig = key.Sign("hello"u8);

        Assert.True(key.PublicKey.Verify("hello"u8, sig));
        sig[5] ^= 1;
        Assert.False(key.PublicKey.Verify("hello"u8, sig));
        Assert.DoesNotContain("Key(", key.ToString().Replace("IdentityKey(", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Private_key_with_a_mismatched_public_half_is_refused()
    {
        var bytes = Vector("ED25519 private key");
        bytes[^1] ^= 1;
        Assert.Throws<FormatException>(() => IdentityKey.FromProtobuf(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12D3KooW")]
    [InlineData("QmInvalid0OIl")]
    [InlineData("bafzinvalid")]
    [InlineData("xyz")]
    public void Invalid_peer_id_text_is_refused(string text) => Assert.False(PeerId.TryParse(text, out _));

    [Fact]
    public void Known_js_peer_id_parses_in_both_forms()
    {
        // A js-libp2p peer id printed by devnet/js-peer (Ed25519, identity multihash).
        var id = PeerId.Parse("12D3KooWEVQmd6gHAVd2e1NB3GgrFBiVXPUe3VDvPuNt7N7b2HBH");
        Assert.True(id.TryGetPublicKey(out var key));
        Assert.Equal(KeyType.Ed25519, key.Type);
        Assert.Equal(id, PeerId.Parse(id.ToCidString()));
    }
}
