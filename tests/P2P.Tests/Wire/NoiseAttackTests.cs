using DltSigner.P2P.Identify;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Multiformats;
using DltSigner.P2P.Noise;
using Google.Protobuf;
using NSec.Cryptography;

namespace DltSigner.P2P.Tests.Wire;

/// <summary>A responder that is not who it claims to be, driven by hand against the real initiator.</summary>
public sealed class NoiseAttackTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the responder side by hand with its own static key, sending <paramref name="identity"/>'s public
    /// key and <paramref name="signature"/> as its payload.
    /// </summary>
    private static async Task RespondAsync(System.IO.Pipelines.IDuplexPipe pipe, PeerPublicKey identity, Func<byte[], byte[]> signature, CancellationToken ct)
    {
        using var staticKey = Key.Create(KeyAgreementAlgorithm.X25519);
        using var state = new NoiseHandshakeState(false, [], staticKey);
        state.ReadMessage(await NoiseFrame.ReadAsync(pipe.Input, ct));
        var payload = new Protos.NoiseHandshakePayload
        {
            IdentityKey = ByteString.CopyFrom(identity.ToProtobuf()),
            IdentitySig = ByteString.CopyFrom(signature(staticKey.PublicKey.Export(KeyBlobFormat.RawPublicKey))),
        };
        NoiseFrame.Write(pipe.Output, state.WriteMessage(payload.ToByteArray()));
        await pipe.Output.FlushAsync(ct);
    }

    private static byte[] Signed(ReadOnlySpan<byte> staticKey) => [.. "noise-libp2p-static-key:"u8, .. staticKey];

    [Fact]
    public async Task Responder_claiming_a_victims_key_with_a_replayed_signature_is_refused()
    {
        using var victim = IdentityKey.Generate();
        using var client = IdentityKey.Generate();
        using var victimStatic = Key.Create(KeyAgreementAlgorithm.X25519);
        // A genuine signature by the victim, but over the victim's own static key (seen in an earlier handshake).
        var replayed = victim.Sign(Signed(victimStatic.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);

        var attacker = RespondAsync(pair.B, victim.PublicKey, _ => replayed, cts.Token);
        var e = await Assert.ThrowsAsync<P2PProtocolException>(() => NoiseHandshake.RunAsync(pair.A, client, true, victim.PeerId, [], cts.Token));

        Assert.Contains("identity signature", e.Message, StringComparison.Ordinal);
        await attacker;
    }

    [Fact]
    public async Task Responder_with_a_valid_identity_that_is_not_the_expected_peer_is_refused()
    {
        using var expected = IdentityKey.Generate();
        using var mallory = IdentityKey.Generate();
        using var client = IdentityKey.Generate();
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);

        var attacker = RespondAsync(pair.B, mallory.PublicKey, s => mallory.Sign(Signed(s)), cts.Token);
        var e = await Assert.ThrowsAsync<P2PProtocolException>(() => NoiseHandshake.RunAsync(pair.A, client, true, expected.PeerId, [], cts.Token));

        Assert.Contains($"expected {expected.PeerId}", e.Message, StringComparison.Ordinal);
        await attacker;
    }

    [Fact]
    public async Task Honest_responder_driven_by_hand_is_accepted()
    {
        using var server = IdentityKey.Generate();
        using var client = IdentityKey.Generate();
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);

        var responder = RespondAsync(pair.B, server.PublicKey, s => server.Sign(Signed(s)), cts.Token);
        var initiator = NoiseHandshake.RunAsync(pair.A, client, true, server.PeerId, [], cts.Token);
        await responder;
        // The initiator finishes once it has written message 3; nobody reads it here.
        await using var channel = await initiator;

        Assert.Equal(server.PeerId, channel.RemotePeer);
    }

    [Fact]
    public async Task Secp256k1_identity_from_another_implementation_is_accepted()
    {
        using var secp = Core.Keys.PrivateKey.Generate();
        var key = new Secp256k1PeerPublicKey(secp.PublicKey.ToCompressed());
        using var client = IdentityKey.Generate();
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);

        var responder = RespondAsync(pair.B, key, s => Core.Signatures.Ecdsa.SignDer(secp, System.Security.Cryptography.SHA256.HashData(Signed(s))), cts.Token);
        var initiator = NoiseHandshake.RunAsync(pair.A, client, true, key.ToPeerId(), [], cts.Token);
        await responder;
        await using var channel = await initiator;

        Assert.Equal(key.ToPeerId(), channel.RemotePeer);
        Assert.StartsWith("16Uiu2", channel.RemotePeer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_transport_frame_ends_the_channel()
    {
        using var a = IdentityKey.Generate();
        using var b = IdentityKey.Generate();
        var outer = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var responder = NoiseHandshake.RunAsync(outer.B, b, false, null, [], cts.Token);
        await using var initiator = await NoiseHandshake.RunAsync(outer.A, a, true, b.PeerId, [], cts.Token);
        await using var r = await responder;

        // A frame of the right length whose tag cannot verify, injected on the wire towards the responder.
        NoiseFrame.Write(outer.A.Output, new byte[64]);
        await outer.A.Output.FlushAsync(cts.Token);

        var e = await Assert.ThrowsAsync<P2PProtocolException>(async () => await TestPipes.ReadToEndAsync(r.Input, cts.Token));
        Assert.Contains("authentication", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identify_carrying_another_peers_public_key_is_refused()
    {
        using var connected = IdentityKey.Generate();
        using var other = IdentityKey.Generate();
        var message = IdentifyInfo.Build(other.PublicKey, "x/1", ["/a/1.0.0"], [Multiaddr.Parse("/ip4/1.2.3.4/tcp/1")], null);

        Assert.Throws<P2PProtocolException>(() => IdentifyInfo.Decode(message, connected.PeerId));
        Assert.Equal(["/a/1.0.0"], IdentifyInfo.Decode(message, other.PeerId).Protocols);
    }
}
