using DltSigner.P2P.Host;
using DltSigner.P2P.Multiformats;
using Google.Protobuf;

namespace DltSigner.P2P.Identify;

/// <summary>
/// Identify (libp2p/specs identify/README.md): the responder writes one Identify message and closes; a push
/// is the same message sent unasked when this node's protocols change. Messages are read until the
/// stream ends and merged (go-libp2p may split a large one), within <see cref="MaxMessageSize"/> in total.
/// </summary>
public static class IdentifyProtocol
{
    public const string ProtocolId = "/ipfs/id/1.0.0";
    public const string PushProtocolId = "/ipfs/id/push/1.0.0";
    public const string ProtocolVersion = "ipfs/0.1.0";

    /// <summary>Total bytes of identify accepted from one stream.</summary>
    public const int MaxMessageSize = 64 * 1024;

    /// <summary>Messages merged from one stream at most.</summary>
    public const int MaxMessages = 8;

    public static async Task WriteAsync(P2PStream stream, Protos.Identify message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(message);
        LengthPrefixed.Write(stream.Output, message.ToByteArray());
        await stream.Output.FlushAsync(ct).ConfigureAwait(false);
        await stream.Output.CompleteAsync().ConfigureAwait(false);
    }

    public static async Task<Protos.Identify> ReadAsync(P2PStream stream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var merged = new Protos.Identify();
        var total = 0;
        for (var i = 0; ; i++)
        {
            var bytes = await LengthPrefixed.ReadAsync(stream.Input, MaxMessageSize - total, ct).ConfigureAwait(false);
            if (bytes is null)
            {
                return i > 0 ? merged : throw new P2PProtocolException("identify: stream ended without a message");
            }

            if (i == MaxMessages)
            {
                throw new P2PProtocolException($"identify: more than {MaxMessages} messages");
            }

            total += bytes.Length;
            try
            {
                merged.MergeFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                throw new P2PProtocolException("identify: message is not a valid protobuf");
            }
        }
    }
}
