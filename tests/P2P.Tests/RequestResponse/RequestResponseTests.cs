using DltSigner.P2P.Framing;
using DltSigner.P2P.Identity;
using DltSigner.P2P.RequestResponse;
using DltSigner.P2P.Tests.Support;

namespace DltSigner.P2P.Tests.RequestResponse;

public sealed class RequestResponseTests
{
    private static readonly PeerId Alice = PeerId.FromBytes([0x00, 0x03, 0x08, 0x01, 0xA1]);
    private static readonly PeerId Bob = PeerId.FromBytes([0x00, 0x03, 0x08, 0x01, 0xB0]);

    [Fact]
    public async Task Request_is_answered_and_the_server_sees_the_authenticated_peer()
    {
        await using var net = new InMemoryStreams();
        PeerId? seen = null;
        net.Register(Bob, new RequestResponseServer((remote, request, _) =>
        {
            seen = remote;
            return ValueTask.FromResult<byte[]>([.. request, .. request]);
        }));
        var client = new RequestResponseClient(net.DialerFor(Alice));
        var response = await client.RequestAsync(Bob, new byte[] { 1, 2, 3 }, CancellationToken.None);
        Assert.Equal([1, 2, 3, 1, 2, 3], response);
        Assert.Equal(Alice, seen);
    }

    [Fact]
    public async Task Oversized_request_is_closed_unanswered_and_the_client_fails()
    {
        var small = new RequestResponseOptions { MaxRequestSize = 16 };
        await using var net = new InMemoryStreams();
        var handled = 0;
        net.Register(Bob, new RequestResponseServer((_, r, _) => { handled++; return ValueTask.FromResult(r); }, options: small));
        var client = new RequestResponseClient(net.DialerFor(Alice));
        await Assert.ThrowsAsync<RequestFailedException>(() => client.RequestAsync(Bob, new byte[17], CancellationToken.None));
        Assert.Equal(0, handled);
        Assert.Equal(16, (await client.RequestAsync(Bob, new byte[16], CancellationToken.None)).Length);
    }

    [Fact]
    public async Task Oversized_response_is_refused_by_the_client_before_buffering()
    {
        await using var net = new InMemoryStreams();
        net.Register(Bob, new RequestResponseServer((_, _, _) => ValueTask.FromResult(new byte[1000])));
        var client = new RequestResponseClient(net.DialerFor(Alice), options: new RequestResponseOptions { MaxResponseSize = 100 });
        var e = await Assert.ThrowsAsync<RequestFailedException>(() => client.RequestAsync(Bob, new byte[1], CancellationToken.None));
        Assert.IsType<FrameException>(e.InnerException);
    }

    [Fact]
    public async Task Stalled_server_times_out_the_request()
    {
        await using var net = new InMemoryStreams();
        net.Register(Bob, new RequestResponseServer(async (_, r, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return r;
        }));
        var client = new RequestResponseClient(net.DialerFor(Alice), options: new RequestResponseOptions { Timeout = TimeSpan.FromMilliseconds(100) });
        await Assert.ThrowsAsync<RequestFailedException>(() => client.RequestAsync(Bob, new byte[1], CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_protocol_fails_the_request()
    {
        await using var net = new InMemoryStreams();
        var client = new RequestResponseClient(net.DialerFor(Alice), "/dltsigner/none/1.0.0");
        await Assert.ThrowsAsync<RequestFailedException>(() => client.RequestAsync(Bob, new byte[1], CancellationToken.None));
    }
}
