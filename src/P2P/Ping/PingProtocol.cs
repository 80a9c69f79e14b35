using System.Buffers;
using System.Security.Cryptography;
using DltSigner.P2P.Host;

namespace DltSigner.P2P.Ping;

/// <summary>
/// Ping /ipfs/ping/1.0.0 (libp2p/specs ping/ping.md): the dialer sends 32 random bytes, the listener echoes
/// them; repeated on one stream. The echo side answers whole 32-byte blocks only.
/// </summary>
public static class PingProtocol
{
    public const string ProtocolId = "/ipfs/ping/1.0.0";
    public const int PayloadSize = 32;

    /// <summary>Pings per stream the echo side answers before it closes the stream.</summary>
    public const int MaxPingsPerStream = 1 << 16;

    /// <summary>The listener side: echoes each 32-byte block until the stream ends.</summary>
    public static async Task EchoAsync(P2PStream stream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var block = new byte[PayloadSize];
        for (var i = 0; i < MaxPingsPerStream; i++)
        {
            if (!await ReadBlockAsync(stream, block, ct).ConfigureAwait(false))
            {
                break;
            }

            await stream.Output.WriteAsync(block, ct).ConfigureAwait(false);
        }

        await stream.Output.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="count"/> pings on <paramref name="stream"/>; returns each round-trip time.</summary>
    public static async Task<IReadOnlyList<TimeSpan>> PingAsync(P2PStream stream, int count, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var sent = new byte[PayloadSize];
        var echo = new byte[PayloadSize];
        var rtts = new List<TimeSpan>(count);
        for (var i = 0; i < count; i++)
        {
            RandomNumberGenerator.Fill(sent);
            var start = time.GetTimestamp();
            await stream.Output.WriteAsync(sent, ct).ConfigureAwait(false);
            if (!await ReadBlockAsync(stream, echo, ct).ConfigureAwait(false))
            {
                throw new IOException("ping: stream ended before the echo");
            }

            rtts.Add(time.GetElapsedTime(start));
            if (!CryptographicOperations.FixedTimeEquals(sent, echo))
            {
                throw new P2PProtocolException("ping: echo differs from what was sent");
            }
        }

        return rtts;
    }

    private static async Task<bool> ReadBlockAsync(P2PStream stream, byte[] block, CancellationToken ct)
    {
        while (true)
        {
            var result = await stream.Input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= PayloadSize)
            {
                buffer.Slice(0, PayloadSize).CopyTo(block);
                stream.Input.AdvanceTo(buffer.GetPosition(PayloadSize));
                return true;
            }

            stream.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return false;
            }
        }
    }
}
