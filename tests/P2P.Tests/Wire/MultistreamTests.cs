using System.Buffers;
using System.Text;
using DltSigner.P2P.Multistream;

namespace DltSigner.P2P.Tests.Wire;

public sealed class MultistreamTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static byte[] Message(string text) => [.. Multiformats.Varint.Encode((ulong)Encoding.UTF8.GetByteCount(text) + 1), .. Encoding.UTF8.GetBytes(text + "\n")];

    [Fact]
    public async Task Dialer_sends_header_and_proposal_in_one_write_before_hearing_the_listener()
    {
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var select = MultistreamSelect.SelectAsync(pair.A, ["/noise"], cts.Token);

        // Everything the dialer sent before any answer: header and proposal together, like js-libp2p.
        var first = await pair.B.Input.ReadAsync(cts.Token);
        Assert.Equal([.. Message("/multistream/1.0.0"), .. Message("/noise")], first.Buffer.ToArray());
        pair.B.Input.AdvanceTo(first.Buffer.End);
        await pair.B.Output.WriteAsync(Message("/multistream/1.0.0").Concat(Message("/noise")).ToArray(), cts.Token);

        Assert.Equal("/noise", await select);
    }

    [Fact]
    public async Task Listener_says_nothing_until_the_dialer_header_arrives_then_answers_na_and_ls()
    {
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var handle = MultistreamSelect.HandleAsync(pair.B, p => p == "/b", () => ["/a", "/b"], cts.Token);
        await Task.Delay(50, cts.Token);
        Assert.False(pair.A.Input.TryRead(out _));

        await pair.A.Output.WriteAsync(Message("/multistream/1.0.0").Concat(Message("/x")).Concat(Message("ls")).Concat(Message("/b")).ToArray(), cts.Token);

        Assert.Equal("/b", await handle);
        var expected = Message("/multistream/1.0.0").Concat(Message("na"))
            .Concat((byte[])[9, 3, .. "/a\n"u8, 3, .. "/b\n"u8, (byte)'\n']).Concat(Message("/b")).ToArray();
        var read = await pair.A.Input.ReadAtLeastAsync(expected.Length, cts.Token);
        Assert.Equal(expected, read.Buffer.Slice(0, expected.Length).ToArray());
    }

    [Fact]
    public async Task Select_and_handle_negotiate_the_first_common_protocol_leaving_later_bytes_unread()
    {
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var handle = MultistreamSelect.HandleAsync(pair.B, p => p == "/two", () => ["/two"], cts.Token);
        var selected = await MultistreamSelect.SelectAsync(pair.A, ["/one", "/two"], cts.Token);
        await pair.A.Output.WriteAsync("payload"u8.ToArray(), cts.Token);

        Assert.Equal("/two", selected);
        Assert.Equal("/two", await handle);
        var rest = await pair.B.Input.ReadAtLeastAsync(7, cts.Token);
        Assert.Equal("payload"u8.ToArray(), rest.Buffer.ToArray());
    }

    [Fact]
    public async Task Select_throws_ProtocolNotSupported_when_every_proposal_gets_na()
    {
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        _ = MultistreamSelect.HandleAsync(pair.B, _ => false, () => [], cts.Token);

        await Assert.ThrowsAsync<ProtocolNotSupportedException>(() => MultistreamSelect.SelectAsync(pair.A, ["/a", "/b"], cts.Token));
    }

    [Theory]
    [InlineData("8108")] // length 1025 > 1024
    [InlineData("00")] // empty message
    [InlineData("03616263")] // not newline-terminated
    [InlineData("02ff0a")] // not UTF-8
    [InlineData("80808080808080808001")] // varint longer than 9 bytes
    public void Malformed_messages_are_refused(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(hex));
        Assert.Throws<P2PProtocolException>(() => MultistreamSelect.TryParse(ref buffer, out _));
    }

    [Fact]
    public async Task Listener_gives_up_after_too_many_proposals()
    {
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var handle = MultistreamSelect.HandleAsync(pair.B, _ => false, () => [], cts.Token);
        var flood = Message("/multistream/1.0.0").Concat(Enumerable.Range(0, MultistreamSelect.MaxProposals + 1).SelectMany(i => Message("/p" + i))).ToArray();
        await pair.A.Output.WriteAsync(flood, cts.Token);

        await Assert.ThrowsAsync<P2PProtocolException>(() => handle);
    }
}
