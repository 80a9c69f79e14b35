using DltSigner.Core.Mpc;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Mpc;

public sealed class EnvelopeTests
{
    private static readonly SessionId Sid = SessionId.Derive("test", [1, 2, 3]);

    private static Envelope Sample(PartyIndex? to = null, byte[]? payload = null) =>
        new(Sid, "example/joint-random", 3, new PartyIndex(2), to, payload ?? [9, 8, 7]);

    [Fact]
    public void PartyIndex_is_one_based()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PartyIndex(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartyIndex.FromInt32(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartyIndex.FromInt32(65536));
        Assert.False(default(PartyIndex).IsValid);
        Assert.Equal("P7", new PartyIndex(7).ToString());
        Assert.Equal([1, 2, 3], PartyIndex.Range(3).Select(p => (int)p.Value));
    }

    [Fact]
    public void SessionId_derivation_is_deterministic_and_context_bound()
    {
        Assert.Equal(SessionId.Derive("p", [1]), SessionId.Derive("p", [1]));
        Assert.NotEqual(SessionId.Derive("p", [1]), SessionId.Derive("p", [2]));
        Assert.NotEqual(SessionId.Derive("p", [1]), SessionId.Derive("q", [1]));
        Assert.NotEqual(SessionId.Random(), SessionId.Random());
        Assert.Throws<CryptoFormatException>(() => SessionId.FromBytes(new byte[31]));
        Assert.Equal(Sid, SessionId.FromBytes(Sid.ToArray()));
    }

    [Fact]
    public void Round_trips_broadcast_and_point_to_point()
    {
        foreach (var e in new[] { Sample(), Sample(new PartyIndex(5)), Sample(null, []) })
        {
            var decoded = Envelope.Decode(e.Encode());
            Assert.Equal(e, decoded);
            Assert.Equal(e.Kind, decoded.Kind);
        }
    }

    [Fact]
    public void Equality_compares_payload_content()
    {
        Assert.Equal(Sample(payload: [1, 2]), Sample(payload: [1, 2]));
        Assert.NotEqual(Sample(payload: [1, 2]), Sample(payload: [1, 3]));
        Assert.NotEqual(Sample(), Sample(new PartyIndex(1)));
    }

    [Fact]
    public void ToString_does_not_print_the_payload()
    {
        var text = Sample(new PartyIndex(1), [0xAB, 0xCD]).ToString();
        Assert.DoesNotContain("AB", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("2 bytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_enforces_the_invariants()
    {
        var p2 = new PartyIndex(2);
        Assert.Throws<ArgumentException>(() => new Envelope(default, "x", 1, p2, null, Array.Empty<byte>()));
        Assert.Throws<ArgumentException>(() => new Envelope(Sid, "", 1, p2, null, Array.Empty<byte>()));
        Assert.Throws<ArgumentException>(() => new Envelope(Sid, "bad name", 1, p2, null, Array.Empty<byte>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Envelope(Sid, "x", 0, p2, null, Array.Empty<byte>()));
        Assert.Throws<ArgumentException>(() => new Envelope(Sid, "x", 1, p2, p2, Array.Empty<byte>()));
        Assert.Throws<ArgumentException>(() => new Envelope(Sid, "x", 1, default, null, Array.Empty<byte>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Envelope(Sid, "x", 1, p2, null, new byte[Envelope.MaxPayloadSize + 1]));
    }

    [Fact]
    public void Decoder_rejects_each_malformation_by_name()
    {
        var good = Sample(new PartyIndex(5)).Encode();
        var nameAt = 4 + SessionId.Size;
        var after = nameAt + 1 + "example/joint-random".Length;

        Expect("shorter than the header", good[..10]);
        Expect("bad magic", Patch(good, 0, (byte)'X'));
        Expect("unsupported version", Patch(good, 3, 2));
        Expect("bad protocol name length", Patch(good, nameAt, 0));
        Expect("bad protocol name length", Patch(good, nameAt, 65));
        Expect("protocol name has invalid characters", Patch(good, nameAt + 1, (byte)' '));
        Expect("protocol name not ASCII", Patch(good, nameAt + 1, 0xC3));
        Expect("round 0", Patch(Patch(good, after, 0), after + 1, 0));
        Expect("sender index 0", Patch(Patch(good, after + 2, 0), after + 3, 0));
        Expect("unknown message kind", Patch(good, after + 4, 7));
        Expect("broadcast with a recipient", Patch(good, after + 4, 0));
        Expect("point-to-point to the sender itself", Patch(good, after + 6, 2));
        Expect("payload truncated", good[..^1]);
        Expect("trailing bytes", [.. good, 0]);
        Expect("payload longer than the maximum", Patch(good, after + 7, 0x7F));

        var broadcast = Sample().Encode();
        Expect("point-to-point without a recipient", Patch(broadcast, after + 4, 1));
    }

    [Fact]
    public void Decoder_only_ever_throws_format_errors_property()
    {
        // Random corruption of a valid encoding: either decodes to a valid envelope or fails cleanly.
        var good = Sample(new PartyIndex(5), [1, 2, 3, 4, 5]).Encode();
        var arb = Gen.Choose(0, good.Length - 1).Zip(Gen.Choose(0, 255)).Zip(Gen.Choose(-3, 3)).ToArbitrary();
        Prop.ForAll(arb, x =>
        {
            var ((at, value), cut) = x;
            var bytes = Patch(good, at, (byte)value);
            bytes = cut < 0 ? bytes[..^(-cut)] : [.. bytes, .. new byte[cut]];
            try
            {
                var e = Envelope.Decode(bytes);
                return e.Encode().AsSpan().SequenceEqual(bytes);
            }
            catch (CryptoFormatException ex)
            {
                return ex.Check.StartsWith("envelope: ", StringComparison.Ordinal) || ex.Check.StartsWith("session id", StringComparison.Ordinal);
            }
        }).QuickCheckThrowOnFailure();
    }

    private static void Expect(string check, byte[] bytes)
    {
        var ex = Assert.Throws<CryptoFormatException>(() => Envelope.Decode(bytes));
        Assert.Equal("envelope: " + check, ex.Check);
    }

    private static byte[] Patch(byte[] source, int at, byte value)
    {
        var copy = (byte[])source.Clone();
        copy[at] = value;
        return copy;
    }
}
