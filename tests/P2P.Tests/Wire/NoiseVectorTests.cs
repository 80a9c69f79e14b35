using System.Text.Json;
using DltSigner.P2P.Noise;
using DltSigner.Tests.Shared;
using NSec.Cryptography;

namespace DltSigner.P2P.Tests.Wire;

/// <summary>The XX handshake and transport messages against the cacophony vector for Noise_XX_25519_ChaChaPoly_SHA256.</summary>
public sealed class NoiseVectorTests
{
    [Fact]
    public void Handshake_and_transport_messages_match_cacophony()
    {
        using var doc = JsonDocument.Parse(TestVectors.ReadText("libp2p", "noise", "cacophony.txt"));
        var v = doc.RootElement.GetProperty("vectors").EnumerateArray()
            .Single(x => x.GetProperty("protocol_name").GetString() == NoiseHandshakeState.ProtocolName);
        byte[] Hex(string name) => Convert.FromHexString(v.GetProperty(name).GetString()!);
        static Key X25519(byte[] raw) => Key.Import(KeyAgreementAlgorithm.X25519, raw, KeyBlobFormat.RawPrivateKey);

        using var initStatic = X25519(Hex("init_static"));
        using var respStatic = X25519(Hex("resp_static"));
        using var initiator = new NoiseHandshakeState(true, Hex("init_prologue"), initStatic, X25519(Hex("init_ephemeral")));
        using var responder = new NoiseHandshakeState(false, Hex("resp_prologue"), respStatic, X25519(Hex("resp_ephemeral")));
        var messages = v.GetProperty("messages").EnumerateArray()
            .Select(m => (Payload: Convert.FromHexString(m.GetProperty("payload").GetString()!), Ciphertext: Convert.FromHexString(m.GetProperty("ciphertext").GetString()!)))
            .ToArray();

        for (var i = 0; i < 3; i++)
        {
            var (writer, reader) = i % 2 == 0 ? (initiator, responder) : (responder, initiator);
            var wire = writer.WriteMessage(messages[i].Payload);
            Assert.Equal(messages[i].Ciphertext, wire);
            Assert.Equal(messages[i].Payload, reader.ReadMessage(wire));
        }

        Assert.Equal(Hex("handshake_hash"), initiator.HandshakeHash.ToArray());
        Assert.Equal(Hex("handshake_hash"), responder.HandshakeHash.ToArray());
        Assert.Equal(respStatic.PublicKey.Export(KeyBlobFormat.RawPublicKey), initiator.RemoteStatic.ToArray());
        Assert.Equal(initStatic.PublicKey.Export(KeyBlobFormat.RawPublicKey), responder.RemoteStatic.ToArray());

        var (iSend, iReceive) = initiator.Split();
        var (rSend, rReceive) = responder.Split();
        using (iSend)
        using (iReceive)
        using (rSend)
        using (rReceive)
        {
            for (var i = 3; i < messages.Length; i++)
            {
                // After the handshake the responder writes first in the cacophony transcript (message 4 is its).
                var (send, receive) = i % 2 == 1 ? (rSend, iReceive) : (iSend, rReceive);
                var wire = new byte[messages[i].Payload.Length + CipherState.TagLength];
                send.Encrypt([], messages[i].Payload, wire);
                Assert.Equal(messages[i].Ciphertext, wire);
                var plain = new byte[messages[i].Payload.Length];
                Assert.True(receive.TryDecrypt([], wire, plain, out _));
                Assert.Equal(messages[i].Payload, plain);
            }
        }
    }

    [Fact]
    public void Tampered_handshake_message_fails_authentication()
    {
        using var s1 = Key.Create(KeyAgreementAlgorithm.X25519);
        using var s2 = Key.Create(KeyAgreementAlgorithm.X25519);
        using var initiator = new NoiseHandshakeState(true, [], s1);
        using var responder = new NoiseHandshakeState(false, [], s2);
        responder.ReadMessage(initiator.WriteMessage([]));
        var msg2 = responder.WriteMessage("payload"u8);
        msg2[40] ^= 1;

        Assert.Throws<DltSigner.P2P.P2PProtocolException>(() => initiator.ReadMessage(msg2));
    }
}
