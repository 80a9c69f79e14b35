using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DltSigner.Core.Hashing;
using DltSigner.Core.Math;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Hashing;

public sealed class TranscriptTests
{
    private static byte[] Challenge(Transcript t) => t.Challenge("c", 32);

    [Fact]
    public void Is_deterministic()
    {
        var a = new Transcript("test").Append("x", [1, 2, 3]).Append("n", 42UL);
        var b = new Transcript("test").Append("x", [1, 2, 3]).Append("n", 42UL);
        Assert.Equal(Challenge(a), Challenge(b));
        Assert.Equal(Challenge(a), Challenge(b));
    }

    [Fact]
    public void Matches_the_documented_encoding()
    {
        // Reference model written from the doc comment, independent of the implementation.
        static byte[] Item(string label, byte[] data)
        {
            var l = Encoding.UTF8.GetBytes(label);
            var buf = new byte[8 + l.Length + data.Length];
            BinaryPrimitives.WriteUInt32BigEndian(buf, (uint)l.Length);
            l.CopyTo(buf, 4);
            BinaryPrimitives.WriteUInt32BigEndian(buf.AsSpan(4 + l.Length), (uint)data.Length);
            data.CopyTo(buf, 8 + l.Length);
            return buf;
        }

        byte[] state = [.. Item(Transcript.DomainLabel, "dom"u8.ToArray()), .. Item("x", [9, 8])];
        var seed = SHA256.HashData([.. state, .. Item("c", [0, 0, 0, 40])]);
        byte[] expected = [.. SHA256.HashData([.. seed, 0, 0, 0, 0]), .. SHA256.HashData([.. seed, 0, 0, 0, 1]).AsSpan(0, 8)];

        var t = new Transcript("dom").Append("x", [9, 8]);
        Assert.Equal(expected, t.Challenge("c", 40));

        // The label and output were appended: the next challenge follows from the extended state.
        state = [.. state, .. Item("c", expected)];
        var seed2 = SHA256.HashData([.. state, .. Item("d", [0, 0, 0, 32])]);
        Assert.Equal(SHA256.HashData([.. seed2, 0, 0, 0, 0]), t.Challenge("d", 32));
    }

    [Fact]
    public void Item_boundaries_are_bound()
    {
        var a = new Transcript("t").Append("m", "ab"u8).Append("m", "c"u8);
        var b = new Transcript("t").Append("m", "a"u8).Append("m", "bc"u8);
        var c = new Transcript("t").Append("m", "abc"u8);
        Assert.NotEqual(Challenge(a), Challenge(b));
        Assert.NotEqual(Challenge(a), Challenge(c));
        Assert.NotEqual(Challenge(b), Challenge(c));
    }

    [Fact]
    public void Label_and_data_boundary_is_bound()
    {
        // "ab" || "c" and "a" || "bc" across the label/data split.
        Assert.NotEqual(Challenge(new Transcript("t").Append("ab", "c"u8)), Challenge(new Transcript("t").Append("a", "bc"u8)));
    }

    [Fact]
    public void Order_labels_and_domain_are_bound()
    {
        var baseline = Challenge(new Transcript("t").Append("a", [1]).Append("b", [2]));
        Assert.NotEqual(baseline, Challenge(new Transcript("t").Append("b", [2]).Append("a", [1])));
        Assert.NotEqual(baseline, Challenge(new Transcript("t").Append("a", [1]).Append("c", [2])));
        Assert.NotEqual(baseline, Challenge(new Transcript("u").Append("a", [1]).Append("b", [2])));
        Assert.NotEqual(baseline, new Transcript("t").Append("a", [1]).Append("b", [2]).Challenge("other", 32));
    }

    [Fact]
    public void Successive_challenges_differ_and_lengths_are_separated()
    {
        var t = new Transcript("t");
        var first = t.Challenge("c", 32);
        var second = t.Challenge("c", 32);
        Assert.NotEqual(first, second);

        // A 64-byte challenge is not an extension of the 32-byte one.
        var short32 = new Transcript("t").Challenge("c", 32);
        var long64 = new Transcript("t").Challenge("c", 64);
        Assert.NotEqual(short32, long64.AsSpan(0, 32).ToArray());
    }

    [Fact]
    public void Fork_is_independent()
    {
        var parent = new Transcript("t").Append("shared", [7]);
        var fork = parent.Fork();
        var expected = Challenge(new Transcript("t").Append("shared", [7]));

        fork.Append("only-fork", [1]);
        Assert.Equal(expected, Challenge(parent.Fork()));
        parent.Append("only-parent", [2]);
        Assert.Equal(
            Challenge(new Transcript("t").Append("shared", [7]).Append("only-fork", [1])),
            Challenge(fork));
    }

    [Fact]
    public void Growing_past_the_initial_buffer_keeps_the_content()
    {
        var big = new byte[10_000];
        RandomNumberGenerator.Fill(big);
        var a = new Transcript("t");
        var b = new Transcript("t");
        for (var i = 0; i < 10; i++)
        {
            a.Append("chunk", big.AsSpan(i * 1000, 1000));
        }

        b.Append("chunk", big.AsSpan(0, 1000));
        var forked = b.Fork();
        for (var i = 1; i < 10; i++)
        {
            forked.Append("chunk", big.AsSpan(i * 1000, 1000));
        }

        Assert.Equal(Challenge(a), Challenge(forked));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Transcript(""));
        var t = new Transcript("t");
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Challenge("c", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Challenge("c", Transcript.MaxChallengeLength + 1));
        Assert.Throws<ArgumentNullException>(() => t.Append(null!, [1]));
    }

    [Fact]
    public void Distinct_item_splits_give_distinct_challenges_property()
    {
        // Any two different splits of the same bytes into two items differ.
        var arb = Gen.Choose(0, 40).SelectMany(n => Gen.Choose(0, n).SelectMany(i => Gen.Choose(0, n).Select(j => (n, i, j))))
            .Where(x => x.i != x.j).ToArbitrary();
        Prop.ForAll(arb, x =>
        {
            var data = Enumerable.Range(0, x.n).Select(k => (byte)k).ToArray();
            var a = new Transcript("p").Append("m", data.AsSpan(0, x.i)).Append("m", data.AsSpan(x.i));
            var b = new Transcript("p").Append("m", data.AsSpan(0, x.j)).Append("m", data.AsSpan(x.j));
            return !Challenge(a).AsSpan().SequenceEqual(Challenge(b));
        }).QuickCheckThrowOnFailure();
    }

    // The tests below need the curve arithmetic from feat/math.
    [Fact]
    public void Scalar_and_point_items_use_their_canonical_encodings()
    {
        var s = Scalar.FromUInt64(5);
        Assert.Equal(Challenge(new Transcript("t").Append("s", s.ToBytes())), Challenge(new Transcript("t").Append("s", s)));

        var p = Point.BaseMul(s);
        Assert.Equal(Challenge(new Transcript("t").Append("p", p.ToCompressed())), Challenge(new Transcript("t").Append("p", p)));
        Assert.Equal(Challenge(new Transcript("t").Append("p", [0])), Challenge(new Transcript("t").Append("p", Point.Infinity)));
    }

    [Fact]
    public void ChallengeScalar_reduces_64_bytes()
    {
        var expected = Scalar.FromBytesReduced(new Transcript("t").Append("x", [1]).Challenge("e", 64));
        Assert.Equal(expected, new Transcript("t").Append("x", [1]).ChallengeScalar("e"));
        Assert.NotEqual(expected, new Transcript("t").Append("x", [2]).ChallengeScalar("e"));
    }
}
