using DltSigner.P2P.Framing;
using DltSigner.P2P.Multiformats;
using DltSigner.P2P.Pubsub;
using DltSigner.P2P.Pubsub.Wire;
using DltSigner.P2P.Tests.Support;
using Google.Protobuf;

namespace DltSigner.P2P.Tests.Pubsub;

/// <summary>Seeded, bounded mutation fuzzing of the RPC decoder, the router's RPC handling and the frame parser.</summary>
public sealed class RpcFuzzTests
{
    private const string Topic = "fuzz";

    [Fact]
    public async Task Mutated_RPCs_never_throw_out_of_the_router()
    {
        await using var net = new PubsubMesh();
        var a = net.Add();
        a.Subscribe(Topic);
        var raw = net.AddRaw(a);
        var seedRpc = new RPC
        {
            Subscriptions = { new RPC.Types.SubOpts { Subscribe = true, Topicid = Topic } },
            Publish = { MessageSigning.Sign(raw.Key, Topic, "payload"u8, 1) },
            Control = new ControlMessage
            {
                Ihave = { new ControlIHave { TopicID = Topic, MessageIDs = { ByteString.CopyFrom(new byte[44]) } } },
                Iwant = { new ControlIWant { MessageIDs = { ByteString.CopyFrom(new byte[44]) } } },
                Graft = { new ControlGraft { TopicID = Topic } },
                Prune = { new ControlPrune { TopicID = Topic, Backoff = 10, Peers = { new PeerInfo { PeerID = ByteString.CopyFrom(new byte[38]) } } } },
                Idontwant = { new ControlIDontWant { MessageIDs = { ByteString.CopyFrom(new byte[44]) } } },
            },
        };
        var bytes = seedRpc.ToByteArray();
        var random = new Random(1234);
        var decoded = 0;
        for (var i = 0; i < 5000; i++)
        {
            var mutated = Mutate(bytes, random);
            RPC rpc;
            try
            {
                rpc = RPC.Parser.ParseFrom(mutated);
            }
            catch (InvalidProtocolBufferException)
            {
                continue;
            }

            decoded++;
            a.HandleRpc(raw.Id, rpc);
            a.Heartbeat();
        }

        Assert.True(decoded > 100);
    }

    [Fact]
    public void Frame_parser_accepts_only_well_formed_bounded_frames()
    {
        var random = new Random(99);
        for (var i = 0; i < 20000; i++)
        {
            var buffer = new byte[random.Next(0, 24)];
            random.NextBytes(buffer);
            try
            {
                if (StreamFrames.TryParse(buffer, 16, out var header, out var body))
                {
                    Assert.InRange(body, 0, 16);
                    Assert.True(header + body <= buffer.Length);
                    Assert.Equal(Varint.Encode((ulong)body), buffer.AsSpan(0, header).ToArray());
                }
            }
            catch (FrameException)
            {
            }
        }
    }

    [Fact]
    public async Task Truncated_frame_ends_the_read_with_a_frame_error()
    {
        var frame = StreamFrames.Encode(new byte[100]);
        using var stream = new MemoryStream(frame[..50]);
        await Assert.ThrowsAsync<FrameException>(async () => await StreamFrames.ReadAsync(stream, 1000, CancellationToken.None));
        using var empty = new MemoryStream();
        Assert.Null(await StreamFrames.ReadAsync(empty, 1000, CancellationToken.None));
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var copy = (byte[])input.Clone();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(3))
            {
                case 0:
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                    break;
                case 1:
                    copy = copy[..random.Next(copy.Length)];
                    if (copy.Length == 0)
                    {
                        return copy;
                    }

                    break;
                default:
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                    break;
            }
        }

        return copy;
    }
}
