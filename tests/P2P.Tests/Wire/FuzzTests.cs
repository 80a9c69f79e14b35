using System.Buffers;
using DltSigner.P2P.Host;
using DltSigner.P2P.Identify;
using DltSigner.P2P.Identity;
using DltSigner.P2P.Multiformats;
using DltSigner.P2P.Multistream;
using DltSigner.P2P.Noise;
using DltSigner.P2P.Yamux;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using NSec.Cryptography;

namespace DltSigner.P2P.Tests.Wire;

/// <summary>
/// Seeded, bounded fuzzing of every frame parser: valid inputs mutated (bit flips, truncation, extension,
/// random bytes). Each parser may accept or refuse, but only by its documented failure, never by a crash,
/// a hang, or an unbounded allocation.
/// </summary>
public sealed class FuzzTests
{
    private const int Iterations = 3000;

    private static IEnumerable<byte[]> Mutations(int seed, params byte[][] valid)
    {
        var rng = new Random(seed);
        for (var i = 0; i < Iterations; i++)
        {
            var input = (byte[])valid[rng.Next(valid.Length)].Clone();
            switch (rng.Next(5))
            {
                case 0 when input.Length > 0:
                    input[rng.Next(input.Length)] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    input = input[..rng.Next(input.Length + 1)];
                    break;
                case 2:
                    input = [.. input, .. RandomBytes(rng, rng.Next(16))];
                    break;
                case 3:
                    input = RandomBytes(rng, rng.Next(64));
                    break;
                default:
                    if (input.Length > 0)
                    {
                        input[rng.Next(input.Length)] = (byte)rng.Next(256);
                    }

                    break;
            }

            yield return input;
        }
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    [Fact]
    public void Multistream_parser()
    {
        byte[] valid = [19, .. "/multistream/1.0.0\n"u8, 7, .. "/noise\n"u8];
        foreach (var input in Mutations(1, valid))
        {
            var buffer = new ReadOnlySequence<byte>(input);
            try
            {
                while (MultistreamSelect.TryParse(ref buffer, out var message))
                {
                    Assert.True(message.Length < MultistreamSelect.MaxMessageLength);
                }
            }
            catch (P2PProtocolException)
            {
            }
        }
    }

    [Fact]
    public void Noise_frames_and_handshake_messages()
    {
        using var s1 = Key.Create(KeyAgreementAlgorithm.X25519);
        using var s2 = Key.Create(KeyAgreementAlgorithm.X25519);
        byte[] msg1, msg2;
        using (var i = new NoiseHandshakeState(true, [], s1))
        using (var r = new NoiseHandshakeState(false, [], s2))
        {
            msg1 = i.WriteMessage([]);
            r.ReadMessage(msg1);
            msg2 = r.WriteMessage(new byte[40]);
        }

        byte[] framed = [(byte)(msg2.Length >> 8), (byte)msg2.Length, .. msg2];
        foreach (var input in Mutations(2, framed, [0xff, 0xff, 1, 2, 3]))
        {
            var buffer = new ReadOnlySequence<byte>(input);
            while (NoiseFrame.TryParse(ref buffer, out var frame))
            {
                Assert.True(frame.Length <= NoiseFrame.MaxLength);
                using var initiator = new NoiseHandshakeState(true, [], s1);
                initiator.WriteMessage([]);
                try
                {
                    initiator.ReadMessage(frame.ToArray());
                }
                catch (P2PProtocolException)
                {
                }
                catch (FormatException)
                {
                    // NSec refuses a malformed ephemeral key.
                }
            }
        }
    }

    [Fact]
    public async Task Yamux_headers_and_sessions()
    {
        var valid = new byte[YamuxHeader.Size * 2 + 4];
        new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 1, 0).Write(valid);
        new YamuxHeader(YamuxFrameType.Data, YamuxFlags.None, 1, 4).Write(valid.AsSpan(YamuxHeader.Size));
        var count = 0;
        foreach (var input in Mutations(3, valid))
        {
            try
            {
                if (input.Length >= YamuxHeader.Size)
                {
                    YamuxHeader.Parse(input);
                }
            }
            catch (P2PProtocolException)
            {
            }

            // A tenth of the inputs through a whole session: it ends or keeps going, bounded either way.
            if (count++ % 10 != 0)
            {
                continue;
            }

            var pair = new DuplexPair();
            var session = new YamuxSession(pair.B, false, new YamuxOptions(), NullLogger.Instance, s => { s.Reset(); return Task.CompletedTask; });
            await pair.A.Output.WriteAsync(input);
            await pair.A.Output.CompleteAsync();
            await session.Completion.WaitAsync(TimeSpan.FromSeconds(10));
            await session.DisposeAsync();
        }
    }

    [Fact]
    public void Multiaddr_binary_and_text()
    {
        using var key = IdentityKey.Generate();
        var valid = Multiaddr.Parse("/ip4/127.0.0.1/tcp/4001").WithPeerId(key.PeerId);
        var dns = Multiaddr.Parse("/dns4/example.com/tcp/443/ws");
        foreach (var input in Mutations(4, valid.ToBytes(), dns.ToBytes()))
        {
            if (Multiaddr.TryFromBytes(input, out var addr))
            {
                Assert.Equal(addr, Multiaddr.Parse(addr.ToString()));
                Assert.Equal(input, addr.ToBytes());
            }

            Multiaddr.TryParse(System.Text.Encoding.Latin1.GetString(input), out _);
        }
    }

    [Fact]
    public void Protobuf_keys_noise_payloads_and_identify()
    {
        using var key = IdentityKey.Generate();
        var identify = IdentifyInfo.Build(key.PublicKey, "fuzz/1", ["/a/1.0.0", "/ipfs/ping/1.0.0"], [Multiaddr.Parse("/ip4/1.2.3.4/tcp/5")], null).ToByteArray();
        var payload = new Protos.NoiseHandshakePayload { IdentityKey = ByteString.CopyFrom(key.PublicKey.ToProtobuf()), IdentitySig = ByteString.CopyFrom(new byte[64]) }.ToByteArray();
        foreach (var input in Mutations(5, key.PublicKey.ToProtobuf(), identify, payload))
        {
            if (PeerPublicKey.TryFromProtobuf(input, out var parsed))
            {
                Assert.Equal(input, parsed.ToProtobuf());
            }

            try
            {
                IdentifyInfo.Decode(Protos.Identify.Parser.ParseFrom(input), key.PeerId);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or P2PProtocolException)
            {
            }

            try
            {
                Protos.NoiseHandshakePayload.Parser.ParseFrom(input);
            }
            catch (InvalidProtocolBufferException)
            {
            }

            var buffer = new ReadOnlySequence<byte>(input);
            try
            {
                LengthPrefixed.TryParse(ref buffer, 64, out _);
            }
            catch (P2PProtocolException)
            {
            }
        }
    }
}
