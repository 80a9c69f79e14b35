using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using DltSigner.P2P.Yamux;
using Microsoft.Extensions.Logging.Abstractions;

namespace DltSigner.P2P.Tests.Wire;

public sealed class YamuxTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static Task<byte[]> ReadAllAsync(PipeReader reader, CancellationToken ct) => TestPipes.ReadToEndAsync(reader, ct);

    [Fact]
    public async Task Four_MiB_each_way_crosses_the_256_KiB_windows_with_flow_control()
    {
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var echoed = new TaskCompletionSource();
        await using var server = new YamuxSession(pair.B, false, new YamuxOptions(), NullLogger.Instance, async s =>
        {
            // Echo: reading grants window, so the sender is never stuck at 256 KiB.
            await TestPipes.EchoAsync(s, cts.Token);
            echoed.SetResult();
        });
        await using var client = new YamuxSession(pair.A, true, new YamuxOptions(), NullLogger.Instance, _ => Task.CompletedTask);
        var data = RandomNumberGenerator.GetBytes(4 << 20);

        var stream = await client.OpenStreamAsync(cts.Token);
        Assert.Equal(1u, stream.Id);
        var reading = ReadAllAsync(stream.Input, cts.Token);
        await stream.Output.WriteAsync(data, cts.Token);
        await stream.Output.CompleteAsync();

        Assert.Equal(data, await reading);
        await echoed.Task.WaitAsync(cts.Token);
        await stream.Closed.WaitAsync(cts.Token);
        Assert.Equal(0, client.StreamCount);
    }

    [Fact]
    public async Task A_slow_reader_holds_at_most_one_window_and_other_streams_keep_flowing()
    {
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var inbound = System.Threading.Channels.Channel.CreateUnbounded<YamuxStream>();
        await using var server = new YamuxSession(pair.B, false, new YamuxOptions(), NullLogger.Instance, s => inbound.Writer.WriteAsync(s).AsTask());
        await using var client = new YamuxSession(pair.A, true, new YamuxOptions(), NullLogger.Instance, _ => Task.CompletedTask);

        var slow = await client.OpenStreamAsync(cts.Token);
        var writing = slow.Output.WriteAsync(new byte[1 << 20], cts.Token).AsTask();
        var slowServer = await inbound.Reader.ReadAsync(cts.Token);
        var fast = await client.OpenStreamAsync(cts.Token);
        await fast.Output.WriteAsync("ping"u8.ToArray(), cts.Token);
        await fast.Output.CompleteAsync();
        var fastServer = await inbound.Reader.ReadAsync(cts.Token);

        Assert.Equal("ping"u8.ToArray(), await ReadAllAsync(fastServer.Input, cts.Token));
        while (slowServer.Buffered < YamuxOptions.InitialWindow)
        {
            await Task.Delay(10, cts.Token);
        }

        await Task.Delay(100, cts.Token);
        Assert.Equal(YamuxOptions.InitialWindow, slowServer.Buffered);
        Assert.False(writing.IsCompleted);
    }

    [Fact]
    public async Task Ping_answers_and_go_away_ends_the_session()
    {
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var server = new YamuxSession(pair.B, false, new YamuxOptions(), NullLogger.Instance, _ => Task.CompletedTask);
        await using var client = new YamuxSession(pair.A, true, new YamuxOptions(), NullLogger.Instance, _ => Task.CompletedTask);

        var rtt = await client.PingAsync(TimeProvider.System, cts.Token);
        Assert.True(rtt >= TimeSpan.Zero);

        await server.DisposeAsync();
        await client.Completion.WaitAsync(cts.Token);
        Assert.True(client.IsClosed);
    }

    [Fact]
    public async Task Streams_past_the_limit_are_reset()
    {
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var logs = new CollectingLoggerFactory();
        await using var server = new YamuxSession(pair.B, false, new YamuxOptions { MaxStreams = 2 }, logs.CreateLogger("t"), _ => Task.Delay(System.Threading.Timeout.Infinite, cts.Token));
        await using var client = new YamuxSession(pair.A, true, new YamuxOptions(), NullLogger.Instance, _ => Task.CompletedTask);

        var streams = new List<YamuxStream>();
        for (var i = 0; i < 3; i++)
        {
            streams.Add(await client.OpenStreamAsync(cts.Token));
        }

        await streams[2].Closed.WaitAsync(cts.Token);
        Assert.False(streams[0].Closed.IsCompleted);
        Assert.Contains(logs.Messages, m => m.Contains("refused", StringComparison.Ordinal));
        Assert.False(server.IsClosed);
    }

    [Theory]
    [InlineData("01000000000000010000000000")] // version 1
    [InlineData("00040000000000010000000000")] // type 4
    [InlineData("00000010000000010000000000")] // unknown flag 0x10
    [InlineData("000000010000000200000000")] // SYN with the listener's parity, sent by the dialer to the listener? (even id from a client)
    [InlineData("000000000000000000000001")] // data on stream 0
    [InlineData("000000010000000100040001")] // data frame larger than the 256 KiB window
    public async Task Protocol_violations_send_go_away_and_close_the_session(string hex)
    {
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var logs = new CollectingLoggerFactory();
        var server = new YamuxSession(pair.B, false, new YamuxOptions(), logs.CreateLogger("t"), _ => Task.CompletedTask);

        await pair.A.Output.WriteAsync(Convert.FromHexString(hex), cts.Token);
        await server.Completion.WaitAsync(cts.Token);

        Assert.True(server.IsClosed);
        Assert.Contains(logs.Messages, m => m.Contains("yamux protocol error", StringComparison.Ordinal));
        var sent = await pair.A.Input.ReadAsync(cts.Token);
        var goAway = YamuxHeader.Parse(sent.Buffer.Slice(0, YamuxHeader.Size).ToArray());
        Assert.Equal(new YamuxHeader(YamuxFrameType.GoAway, YamuxFlags.None, 0, (uint)YamuxGoAwayCode.ProtocolError), goAway);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Data_beyond_the_window_is_a_protocol_error()
    {
        var pair = new DuplexPair();
        using var cts = new CancellationTokenSource(Timeout);
        var server = new YamuxSession(pair.B, false, new YamuxOptions(), NullLogger.Instance, _ => Task.Delay(System.Threading.Timeout.Infinite, cts.Token));
        var frame = new byte[YamuxHeader.Size + (128 * 1024)];

        // Three 128 KiB frames on a 256 KiB window nobody reads.
        for (var i = 0; i < 3; i++)
        {
            new YamuxHeader(YamuxFrameType.Data, i == 0 ? YamuxFlags.Syn : YamuxFlags.None, 1, 128 * 1024).Write(frame);
            await pair.A.Output.WriteAsync(frame, cts.Token);
        }

        await server.Completion.WaitAsync(cts.Token);
        Assert.True(server.IsClosed);
        await server.DisposeAsync();
    }
}
