using DltSigner.Core.Proofs;

namespace DltSigner.Core.Tests.Proofs;

public sealed class HashCommitmentTests
{
    private static readonly byte[] Data = "feldman commitments of party 1"u8.ToArray();

    [Fact]
    public void Opens_with_the_right_nonce_and_data()
    {
        var ctx = ProofTestData.Context();
        var c = HashCommitment.Commit(ctx, Data, out var nonce);
        Assert.Equal(HashCommitment.NonceSize, nonce.Length);
        Assert.Equal(HashCommitment.Size, c.Encode().Length);
        Assert.True(c.Verify(ctx, nonce, Data));
        Assert.True(HashCommitment.Decode(c.Encode()).Verify(ctx, nonce, Data));
        Assert.Equal(c, HashCommitment.Decode(c.Encode()));
    }

    [Fact]
    public void Empty_data_is_committable()
    {
        var ctx = ProofTestData.Context();
        var c = HashCommitment.Commit(ctx, [], out var nonce);
        Assert.True(c.Verify(ctx, nonce, []));
        Assert.False(c.Verify(ctx, nonce, [0]));
    }

    [Fact]
    public void Commitments_are_randomised()
    {
        var ctx = ProofTestData.Context();
        var a = HashCommitment.Commit(ctx, Data, out var n1);
        var b = HashCommitment.Commit(ctx, Data, out var n2);
        Assert.NotEqual(n1, n2);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Rejects_other_data_or_nonce()
    {
        var ctx = ProofTestData.Context();
        var c = HashCommitment.Commit(ctx, Data, out var nonce);
        var otherData = (byte[])Data.Clone();
        otherData[^1] ^= 1;
        Assert.False(c.Verify(ctx, nonce, otherData));
        Assert.False(c.Verify(ctx, nonce, Data[..^1]));
        var otherNonce = (byte[])nonce.Clone();
        otherNonce[0] ^= 0x80;
        Assert.False(c.Verify(ctx, otherNonce, Data));

        // Shifting a byte between nonce and data must not open (length-prefixed transcript).
        Assert.False(c.Verify(ctx, [.. nonce[1..], Data[0]], Data[1..]));
    }

    [Theory]
    [MemberData(nameof(ProofTestData.OtherContextNames), MemberType = typeof(ProofTestData))]
    public void Rejects_another_context(string other)
    {
        var c = HashCommitment.Commit(ProofTestData.Context(), Data, out var nonce);
        Assert.False(c.Verify(ProofTestData.Other(other), nonce, Data));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Strict_lengths(int length)
    {
        var ctx = ProofTestData.Context();
        var c = HashCommitment.Commit(ctx, Data, out var nonce);
        var wrongNonce = new byte[length];
        nonce.AsSpan(0, System.Math.Min(length, nonce.Length)).CopyTo(wrongNonce);
        Assert.False(c.Verify(ctx, wrongNonce, Data));
        Assert.Throws<CryptoFormatException>(() => HashCommitment.Decode(new byte[length]));
    }
}
