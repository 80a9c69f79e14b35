using System.Buffers.Binary;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;

namespace DltSigner.Core.Tests.Keys;

public sealed class KeyShareTests
{
    // Offsets of the canonical layout (see KeyShareCodec) for n parties.
    private const int SelfOffset = 1 + 32 + 4;
    private const int ThresholdOffset = SelfOffset + 2;
    private const int CountOffset = ThresholdOffset + 2;
    private const int PartiesOffset = CountOffset + 2;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(16, 16)]
    [InlineData(5, 16)]
    public void Encode_decode_round_trips_and_is_canonical(int t, int n)
    {
        var shares = TestKeyShares.Deal(t, n, epoch: 7);
        try
        {
            foreach (var share in shares)
            {
                var encoded = share.Encode();
                Assert.Equal(KeyShareCodec.EncodedLength(n), encoded.Length);
                using var decoded = KeyShare.Decode(encoded);
                Assert.Equal(share.Self, decoded.Self);
                Assert.Equal(share.Threshold, decoded.Threshold);
                Assert.Equal(share.Epoch, decoded.Epoch);
                Assert.Equal(share.KeyId, decoded.KeyId);
                Assert.Equal(share.Parties, decoded.Parties);
                Assert.Equal(share.PublicShares, decoded.PublicShares);
                Assert.Equal(share.GroupKey, decoded.GroupKey);
                Assert.True(share.ChainCode.SequenceEqual(decoded.ChainCode));
                Assert.True(share.SamePublicState(decoded));
                Assert.Equal(share.Secret.Value, decoded.Secret.Value);
                for (var p = 0; p < share.Pairwise.Count; p++)
                {
                    Assert.Equal(share.Pairwise[p].Counterparty, decoded.Pairwise[p].Counterparty);
                    Assert.Equal(share.Pairwise[p].AsSender.Export(), decoded.Pairwise[p].AsSender.Export());
                    Assert.Equal(share.Pairwise[p].AsReceiver.Export(), decoded.Pairwise[p].AsReceiver.Export());
                    Assert.True(share.Pairwise[p].ZeroSeed.SequenceEqual(decoded.Pairwise[p].ZeroSeed));
                }

                Assert.Equal(encoded, decoded.Encode());
            }

            Assert.Equal(TestKeyShares.Reconstruct(shares.Take(t)) * Point.Generator, shares[0].GroupKey.Point);
        }
        finally
        {
            TestKeyShares.DisposeAll(shares);
        }
    }

    [Fact]
    public void Public_digest_agrees_within_an_epoch_and_differs_across_epochs()
    {
        var id = SessionId.Random();
        var a = TestKeyShares.Deal(2, 3, epoch: 0, keyId: id);
        var b = TestKeyShares.Deal(2, 3, epoch: 1, keyId: id);
        try
        {
            Assert.True(a[0].SamePublicState(a[2]));
            Assert.False(a[0].SamePublicState(b[0]));
            Assert.Equal(a[1].PublicDigest.ToArray(), a[2].PublicDigest.ToArray());
        }
        finally
        {
            TestKeyShares.DisposeAll(a.Concat(b));
        }
    }

    [Fact]
    public void Pairwise_lookup_and_seeds_match_across_the_pair()
    {
        var shares = TestKeyShares.Deal(2, 4);
        try
        {
            var one = shares[0].PairwiseWith(new PartyIndex(3));
            var three = shares[2].PairwiseWith(new PartyIndex(1));
            Assert.Equal(new PartyIndex(3), one.Counterparty);
            Assert.True(one.ZeroSeed.SequenceEqual(three.ZeroSeed));
            Assert.Throws<ArgumentException>(() => shares[0].PairwiseWith(new PartyIndex(1)));
            Assert.Throws<ArgumentException>(() => shares[0].PairwiseWith(new PartyIndex(9)));
        }
        finally
        {
            TestKeyShares.DisposeAll(shares);
        }
    }

    [Fact]
    public void ToString_prints_no_secret_and_dispose_zeroes()
    {
        var shares = TestKeyShares.Deal(2, 3);
        var share = shares[0];
        var secretHex = Convert.ToHexStringLower(share.Secret.Value.ToBytes());
        var text = share.ToString();
        Assert.DoesNotContain(secretHex, text, StringComparison.Ordinal);
        Assert.Contains("redacted", text, StringComparison.Ordinal);
        Assert.Contains("redacted", share.Pairwise[0].ToString(), StringComparison.Ordinal);
        var pairwise = share.Pairwise[0];
        TestKeyShares.DisposeAll(shares);
        Assert.Throws<ObjectDisposedException>(() => share.Secret);
        Assert.Throws<ObjectDisposedException>(() => share.Encode());
        Assert.Throws<ObjectDisposedException>(() => pairwise.AsSender);
    }

    [Fact]
    public void Decode_rejects_wrong_length_version_and_integrity()
    {
        var encoded = EncodedSample(2, 3, out var n);
        AssertRejects(KeyShareChecks.Length, encoded[..100]);
        AssertRejects(KeyShareChecks.Integrity, [.. encoded, 0]); // integrity is checked before any field
        AssertRejects(KeyShareChecks.Length, []);
        var version = (byte[])encoded.Clone();
        version[0] = 2;
        AssertRejects(KeyShareChecks.Version, version);
        foreach (var offset in new[] { 1, SelfOffset, PartiesOffset + (2 * n) + 5, encoded.Length - 40, encoded.Length - 1 })
        {
            var flipped = (byte[])encoded.Clone();
            flipped[offset] ^= 0x10;
            AssertRejects(KeyShareChecks.Integrity, flipped);
        }

        // A resealed body whose length field disagrees with the size.
        AssertRejects(KeyShareChecks.Length, Resealed(encoded, e => BinaryPrimitives.WriteUInt16BigEndian(e.AsSpan(CountOffset), 4)));
    }

    [Fact]
    public void Decode_rejects_each_inconsistent_field_even_with_a_valid_digest()
    {
        var encoded = EncodedSample(2, 3, out var n);
        var pkOffset = PartiesOffset + (2 * n);
        var sharesOffset = pkOffset + 33;
        var chainOffset = sharesOffset + (33 * n);
        var secretOffset = chainOffset + 32;
        var pairwiseOffset = secretOffset + 32;

        AssertRejects(KeyShareChecks.PartyCount, Resealed(encoded, e => BinaryPrimitives.WriteUInt16BigEndian(e.AsSpan(CountOffset), 0)));
        AssertRejects(KeyShareChecks.PartyCount, Resealed(encoded, e => BinaryPrimitives.WriteUInt16BigEndian(e.AsSpan(CountOffset), 256)));
        AssertRejects(KeyShareChecks.Threshold, Resealed(encoded, e => BinaryPrimitives.WriteUInt16BigEndian(e.AsSpan(ThresholdOffset), 0)));
        AssertRejects(KeyShareChecks.Threshold, Resealed(encoded, e => BinaryPrimitives.WriteUInt16BigEndian(e.AsSpan(ThresholdOffset), 4)));
        AssertRejects(KeyShareChecks.SelfNotMember, Resealed(encoded, e => BinaryPrimitives.WriteUInt16BigEndian(e.AsSpan(SelfOffset), 0)));
        AssertRejects(KeyShareChecks.SelfNotMember, Resealed(encoded, e => BinaryPrimitives.WriteUInt16BigEndian(e.AsSpan(SelfOffset), 9)));
        AssertRejects(KeyShareChecks.PartyOrder, Resealed(encoded, e => BinaryPrimitives.WriteUInt16BigEndian(e.AsSpan(PartiesOffset + 2), 1)));
        AssertRejects(KeyShareChecks.PartyOrder, Resealed(encoded, e => BinaryPrimitives.WriteUInt16BigEndian(e.AsSpan(PartiesOffset), 0)));
        AssertRejects(KeyShareChecks.Encoding + " (point)", Resealed(encoded, e => e[pkOffset] = 4));
        AssertRejects(KeyShareChecks.Encoding + " (point)", Resealed(encoded, e => e.AsSpan(sharesOffset + 1, 32).Fill(0xFF)));
        AssertRejects(KeyShareChecks.PublicShareConsistency, Resealed(encoded, e => Point.Generator.WriteCompressed(e.AsSpan(sharesOffset + 33, 33))));
        AssertRejects(KeyShareChecks.PublicShareConsistency, Resealed(encoded, e => Point.Generator.WriteCompressed(e.AsSpan(pkOffset, 33))));
        AssertRejects(KeyShareChecks.Encoding + " (secret share)", Resealed(encoded, e => e.AsSpan(secretOffset, 32).Fill(0xFF)));
        AssertRejects(KeyShareChecks.Encoding + " (secret share)", Resealed(encoded, e => e.AsSpan(secretOffset, 32).Clear()));
        AssertRejects(KeyShareChecks.SecretMismatch, Resealed(encoded, e => e[secretOffset + 31] ^= 1));
        AssertRejects(KeyShareChecks.PairwiseSet, Resealed(encoded, e => BinaryPrimitives.WriteUInt16BigEndian(e.AsSpan(pairwiseOffset), 3)));
        AssertRejects("pairwise setup: counterparty index 0", Resealed(encoded, e => BinaryPrimitives.WriteUInt16BigEndian(e.AsSpan(pairwiseOffset), 0)));
    }

    [Fact]
    public void Constructor_validates_once()
    {
        var shares = TestKeyShares.Deal(2, 3);
        try
        {
            var s = shares[0];
            var parties = s.Parties.ToArray();
            var pub = s.PublicShares.ToArray();
            Assert.Contains(KeyShareChecks.Threshold, Build(s, threshold: 4).Message, StringComparison.Ordinal);
            Assert.Contains(KeyShareChecks.Threshold, Build(s, threshold: 0).Message, StringComparison.Ordinal);
            Assert.Contains(KeyShareChecks.SelfNotMember, Build(s, self: new PartyIndex(5)).Message, StringComparison.Ordinal);
            Assert.Contains(KeyShareChecks.PartyOrder, Build(s, parties: [parties[1], parties[0], parties[2]]).Message, StringComparison.Ordinal);
            Assert.Contains(KeyShareChecks.PublicShareCount, Build(s, publicShares: pub[..2]).Message, StringComparison.Ordinal);
            Assert.Contains(KeyShareChecks.PublicShareInfinity, Build(s, publicShares: [pub[0], Point.Infinity, pub[2]]).Message, StringComparison.Ordinal);
            Assert.Contains(KeyShareChecks.PublicShareConsistency, Build(s, publicShares: [pub[0], pub[1], pub[1]]).Message, StringComparison.Ordinal);
            Assert.Contains(KeyShareChecks.SecretMismatch, Build(s, secret: SecretScalar.Generate()).Message, StringComparison.Ordinal);
            Assert.Contains(KeyShareChecks.ChainCode, Build(s, chainCode: new byte[31]).Message, StringComparison.Ordinal);
            Assert.Contains(KeyShareChecks.PairwiseSet, Build(s, pairwiseCount: 1).Message, StringComparison.Ordinal);
            Assert.Contains(KeyShareChecks.KeyId, Build(s, keyId: default(SessionId)).Message, StringComparison.Ordinal);
        }
        finally
        {
            TestKeyShares.DisposeAll(shares);
        }
    }

    private static ArgumentException Build(
        KeyShare s,
        int? threshold = null,
        PartyIndex? self = null,
        PartyIndex[]? parties = null,
        Point[]? publicShares = null,
        SecretScalar? secret = null,
        byte[]? chainCode = null,
        int? pairwiseCount = null,
        SessionId? keyId = null)
    {
        // Copies, because a failed construction disposes what it was given.
        var pairwise = s.Pairwise.Take(pairwiseCount ?? s.Pairwise.Count)
            .Select(p => new PairwiseSetup(
                p.Counterparty,
                DltSigner.Core.Ot.OtExtensionSenderSetup.Import(p.AsSender.Export()),
                DltSigner.Core.Ot.OtExtensionReceiverSetup.Import(p.AsReceiver.Export()),
                p.ZeroSeed))
            .ToList();
        return Assert.ThrowsAny<ArgumentException>(() => _ = new KeyShare(
            keyId ?? s.KeyId,
            s.Epoch,
            self ?? s.Self,
            threshold ?? s.Threshold,
            parties ?? [.. s.Parties],
            s.GroupKey,
            publicShares ?? [.. s.PublicShares],
            chainCode ?? s.ChainCode.ToArray(),
            secret ?? s.Secret.Clone(),
            pairwise));
    }

    private static byte[] EncodedSample(int t, int n, out int count)
    {
        var shares = TestKeyShares.Deal(t, n);
        try
        {
            count = n;
            return shares[1].Encode();
        }
        finally
        {
            TestKeyShares.DisposeAll(shares);
        }
    }

    private static byte[] Resealed(byte[] encoded, Action<byte[]> edit)
    {
        var copy = (byte[])encoded.Clone();
        edit(copy);
        var body = copy.Length - 32;
        Hashes.WriteTaggedHash(KeyShareCodec.DigestTag, copy.AsSpan(0, body), copy.AsSpan(body));
        return copy;
    }

    private static void AssertRejects(string check, byte[] encoded)
    {
        var e = Assert.Throws<CryptoFormatException>(() => KeyShare.Decode(encoded));
        Assert.Equal(check, e.Check);
    }
}
