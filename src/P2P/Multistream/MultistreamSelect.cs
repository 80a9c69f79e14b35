using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using DltSigner.P2P.Multiformats;

namespace DltSigner.P2P.Multistream;

/// <summary>
/// multistream-select 1.0.0 (multiformats/multistream-select): each message is a varint length, UTF-8
/// text and '\n'. The dialer sends its header and first proposal in one write (as js-libp2p does); the
/// listener sends nothing until it has read the dialer's header (js-libp2p's listener waits the same way),
/// answers "na" to what it does not speak and lists its protocols for "ls".
/// </summary>
public static class MultistreamSelect
{
    public const string ProtocolId = "/multistream/1.0.0";

    /// <summary>Longest message accepted (protocol ids are short; js caps them at 1 KiB too).</summary>
    public const int MaxMessageLength = 1024;

    /// <summary>Proposals a listener answers before it gives up on a dialer.</summary>
    public const int MaxProposals = 32;

    private const string NotAvailable = "na";
    private const string List = "ls";

    /// <summary>Proposes <paramref name="protocols"/> in order; returns the first the listener accepts.</summary>
    public static async Task<string> SelectAsync(IDuplexPipe pipe, IReadOnlyList<string> protocols, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(protocols);
        if (protocols.Count == 0)
        {
            throw new ArgumentException("no protocol to propose", nameof(protocols));
        }

        Write(pipe.Output, ProtocolId);
        Write(pipe.Output, protocols[0]);
        await pipe.Output.FlushAsync(ct).ConfigureAwait(false);
        var header = await ReadAsync(pipe.Input, ct).ConfigureAwait(false);
        if (header != ProtocolId)
        {
            throw new P2PProtocolException("multistream: unexpected header from listener");
        }

        for (var i = 0; ; i++)
        {
            var answer = await ReadAsync(pipe.Input, ct).ConfigureAwait(false);
            if (answer == protocols[i])
            {
                return answer;
            }

            if (answer != NotAvailable)
            {
                throw new P2PProtocolException("multistream: listener answered neither the proposal nor na");
            }

            if (i + 1 == protocols.Count)
            {
                throw new ProtocolNotSupportedException(protocols);
            }

            Write(pipe.Output, protocols[i + 1]);
            await pipe.Output.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Answers a dialer's proposals; returns the first one that <paramref name="supported"/> accepts.</summary>
    public static async Task<string> HandleAsync(IDuplexPipe pipe, Func<string, bool> supported, Func<IEnumerable<string>> list, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(supported);
        ArgumentNullException.ThrowIfNull(list);
        var header = await ReadAsync(pipe.Input, ct).ConfigureAwait(false);
        if (header != ProtocolId)
        {
            throw new P2PProtocolException("multistream: unexpected header from dialer");
        }

        Write(pipe.Output, ProtocolId);
        for (var i = 0; i < MaxProposals; i++)
        {
            var proposal = await ReadAsync(pipe.Input, ct).ConfigureAwait(false);
            if (proposal != List && supported(proposal))
            {
                Write(pipe.Output, proposal);
                await pipe.Output.FlushAsync(ct).ConfigureAwait(false);
                return proposal;
            }

            if (proposal == List)
            {
                WriteList(pipe.Output, list());
            }
            else
            {
                Write(pipe.Output, NotAvailable);
            }

            await pipe.Output.FlushAsync(ct).ConfigureAwait(false);
        }

        throw new P2PProtocolException($"multistream: more than {MaxProposals} proposals");
    }

    /// <summary>Writes one message (varint length, text, '\n') without flushing.</summary>
    public static void Write(PipeWriter output, string message)
    {
        ArgumentNullException.ThrowIfNull(output);
        var length = Encoding.UTF8.GetByteCount(message) + 1;
        var span = output.GetSpan(Varint.MaxLength + length);
        var n = Varint.Write((ulong)length, span);
        n += Encoding.UTF8.GetBytes(message, span[n..]);
        span[n++] = (byte)'\n';
        output.Advance(n);
    }

    /// <summary>Reads one message, consuming exactly its bytes (what follows belongs to the next protocol).</summary>
    public static async Task<string> ReadAsync(PipeReader input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        while (true)
        {
            var result = await input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryParse(ref buffer, out var message))
            {
                input.AdvanceTo(buffer.Start);
                return message;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                throw new P2PProtocolException("multistream: stream ended inside a message");
            }
        }
    }

    /// <summary>
    /// Parses one message from the front of <paramref name="buffer"/> and slices it off. False when more bytes
    /// are needed; throws <see cref="P2PProtocolException"/> for an oversized, empty or unterminated message.
    /// </summary>
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, out string message)
    {
        message = "";
        ReadOnlySequence<byte> body;
        var rest = buffer;
        try
        {
            if (!LengthPrefixed.TryParse(ref rest, MaxMessageLength, out body))
            {
                return false;
            }
        }
        catch (P2PProtocolException e)
        {
            throw new P2PProtocolException("multistream: " + e.Message);
        }

        if (body.IsEmpty)
        {
            throw new P2PProtocolException("multistream: empty message");
        }

        Span<byte> bytes = stackalloc byte[(int)body.Length];
        body.CopyTo(bytes);
        if (bytes[^1] != (byte)'\n')
        {
            throw new P2PProtocolException("multistream: message not terminated by a newline");
        }

        try
        {
            message = new UTF8Encoding(false, true).GetString(bytes[..^1]);
        }
        catch (DecoderFallbackException)
        {
            throw new P2PProtocolException("multistream: message is not UTF-8");
        }

        buffer = rest;
        return true;
    }

    private static void WriteList(PipeWriter output, IEnumerable<string> protocols)
    {
        using var inner = new MemoryStream();
        foreach (var p in protocols)
        {
            var bytes = Encoding.UTF8.GetBytes(p + "\n");
            inner.Write(Varint.Encode((ulong)bytes.Length));
            inner.Write(bytes);
        }

        inner.WriteByte((byte)'\n');
        var body = inner.ToArray();
        var prefix = Varint.Encode((ulong)body.Length);
        output.Write(prefix);
        output.Write(body);
    }
}

/// <summary>The listener answered "na" to every protocol proposed.</summary>
public sealed class ProtocolNotSupportedException : Exception
{
    public ProtocolNotSupportedException(IReadOnlyList<string> protocols)
        : base("protocol not supported by the remote peer: " + string.Join(", ", protocols))
    {
    }

    public ProtocolNotSupportedException()
    {
    }

    public ProtocolNotSupportedException(string message)
        : base(message)
    {
    }

    public ProtocolNotSupportedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
