using System.IO.Pipelines;
using System.Text;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Protos;
using Google.Protobuf;
using NSec.Cryptography;

namespace DltSigner.P2P.Noise;

/// <summary>
/// The libp2p Noise handshake (/noise, libp2p/specs noise/README.md): XX with an empty prologue; the
/// responder's payload rides in message 2 and the initiator's in message 3. Each payload carries the identity
/// key, its signature over "noise-libp2p-static-key:" + the Noise static key, and the stream_muxers
/// extension for early muxer negotiation. The dialer checks the remote peer id it expected.
/// </summary>
public static class NoiseHandshake
{
    public const string ProtocolId = "/noise";

    /// <summary>Largest handshake payload accepted (identity key, signature and a few muxer names).</summary>
    public const int MaxPayloadLength = 4096;

    private static readonly byte[] SignaturePrefix = Encoding.ASCII.GetBytes("noise-libp2p-static-key:");

    /// <summary>Runs the handshake over <paramref name="pipe"/> and returns the encrypted channel.</summary>
    public static async Task<NoiseChannel> RunAsync(
        IDuplexPipe pipe, IdentityKey identity, bool initiator, PeerId? expectedRemote, IReadOnlyList<string> muxers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(muxers);
        using var staticKey = Key.Create(KeyAgreementAlgorithm.X25519);
        using var state = new NoiseHandshakeState(initiator, [], staticKey);
        var payload = BuildPayload(identity, staticKey, muxers);
        HandshakeResult remote;
        if (initiator)
        {
            NoiseFrame.Write(pipe.Output, state.WriteMessage([]));
            await pipe.Output.FlushAsync(ct).ConfigureAwait(false);
            var msg2 = state.ReadMessage(await NoiseFrame.ReadAsync(pipe.Input, ct).ConfigureAwait(false));
            remote = VerifyPayload(msg2, state.RemoteStatic, expectedRemote);
            NoiseFrame.Write(pipe.Output, state.WriteMessage(payload));
            await pipe.Output.FlushAsync(ct).ConfigureAwait(false);
        }
        else
        {
            var msg1 = state.ReadMessage(await NoiseFrame.ReadAsync(pipe.Input, ct).ConfigureAwait(false));
            if (msg1.Length != 0)
            {
                throw new P2PProtocolException("noise: first handshake message carries a payload");
            }

            NoiseFrame.Write(pipe.Output, state.WriteMessage(payload));
            await pipe.Output.FlushAsync(ct).ConfigureAwait(false);
            var msg3 = state.ReadMessage(await NoiseFrame.ReadAsync(pipe.Input, ct).ConfigureAwait(false));
            remote = VerifyPayload(msg3, state.RemoteStatic, expectedRemote);
        }

        var (send, receive) = state.Split();
        var muxer = SelectMuxer(initiator ? muxers : remote.Muxers, initiator ? remote.Muxers : muxers);
        return new NoiseChannel(pipe, send, receive, remote.Key, remote.PeerId, muxer);
    }

    /// <summary>
    /// Early muxer negotiation: the first of the initiator's muxers that the responder also lists; null (fall
    /// back to multistream) when either side listed none or none is shared.
    /// </summary>
    internal static string? SelectMuxer(IReadOnlyList<string> initiatorMuxers, IReadOnlyList<string> responderMuxers) =>
        initiatorMuxers.FirstOrDefault(responderMuxers.Contains);

    private static byte[] BuildPayload(IdentityKey identity, Key staticKey, IReadOnlyList<string> muxers)
    {
        var message = new NoiseHandshakePayload
        {
            IdentityKey = ByteString.CopyFrom(identity.PublicKey.ToProtobuf()),
            IdentitySig = ByteString.CopyFrom(identity.Sign([.. SignaturePrefix, .. staticKey.PublicKey.Export(KeyBlobFormat.RawPublicKey)])),
        };
        if (muxers.Count > 0)
        {
            message.Extensions = new NoiseExtensions();
            message.Extensions.StreamMuxers.AddRange(muxers);
        }

        return message.ToByteArray();
    }

    private static HandshakeResult VerifyPayload(byte[] bytes, ReadOnlySpan<byte> remoteStatic, PeerId? expected)
    {
        if (bytes.Length > MaxPayloadLength)
        {
            throw new P2PProtocolException("noise: handshake payload too long");
        }

        NoiseHandshakePayload payload;
        try
        {
            payload = NoiseHandshakePayload.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            throw new P2PProtocolException("noise: handshake payload is not a valid protobuf");
        }

        if (!PeerPublicKey.TryFromProtobuf(payload.IdentityKey.Span, out var key))
        {
            throw new P2PProtocolException("noise: handshake payload identity key malformed or unsupported");
        }

        if (!key.Verify([.. SignaturePrefix, .. remoteStatic], payload.IdentitySig.Span))
        {
            throw new P2PProtocolException("noise: identity signature over the static key does not verify");
        }

        var peer = key.ToPeerId();
        if (expected is not null && peer != expected)
        {
            throw new P2PProtocolException($"noise: remote is {peer}, expected {expected}");
        }

        IReadOnlyList<string> muxers = payload.Extensions?.StreamMuxers.ToArray() ?? [];
        return new HandshakeResult(key, peer, muxers);
    }

    private sealed record HandshakeResult(PeerPublicKey Key, PeerId PeerId, IReadOnlyList<string> Muxers);
}
