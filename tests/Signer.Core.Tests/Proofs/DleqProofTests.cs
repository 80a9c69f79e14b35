using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Proofs;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Proofs;

public sealed class DleqProofTests
{
    private static readonly Point H = Point.BaseMul(Scalar.FromUInt64(0xC0FFEE));

    private static (SecretScalar X, Point PubX, Point PubY) Statement()
    {
        var x = SecretScalar.Generate();
        return (x, x.PublicPoint(), x.Value * H);
    }

    [Fact]
    public void Honest_proof_verifies_and_round_trips()
    {
        var (x, px, py) = Statement();
        using var _ = x;
        var ctx = ProofTestData.Context();
        var proof = DleqProof.Prove(ctx, x, H);
        Assert.True(proof.Verify(ctx, H, px, py));

        var bytes = proof.Encode();
        Assert.Equal(DleqProof.Size, bytes.Length);
        Assert.True(DleqProof.Decode(bytes).Verify(ctx, H, px, py));
    }

    [Theory]
    [MemberData(nameof(ProofTestData.OtherContextNames), MemberType = typeof(ProofTestData))]
    public void Proof_for_one_context_fails_in_another(string other)
    {
        var (x, px, py) = Statement();
        using var _ = x;
        var proof = DleqProof.Prove(ProofTestData.Context(), x, H);
        Assert.False(proof.Verify(ProofTestData.Other(other), H, px, py));
    }

    [Fact]
    public void Unequal_logs_or_other_statement_fail()
    {
        var (x, px, py) = Statement();
        using var _ = x;
        var ctx = ProofTestData.Context();
        var proof = DleqProof.Prove(ctx, x, H);
        Assert.False(proof.Verify(ctx, H, px, py + H));
        Assert.False(proof.Verify(ctx, H, px + Point.Generator, py));
        Assert.False(proof.Verify(ctx, H + Point.Generator, px, py));
        Assert.False(proof.Verify(ctx, H, py, px));
        Assert.False(proof.Verify(ctx, Point.Infinity, px, py));
        Assert.False(proof.Verify(ctx, H, Point.Infinity, py));
        Assert.False(proof.Verify(ctx, H, px, Point.Infinity));

        // A prover who does not have equal logs cannot produce a valid proof (Y = (x+1)·H).
        var lying = DleqProof.Prove(ctx, x.Value, H, px, (x.Value + Scalar.One) * H);
        Assert.False(lying.Verify(ctx, H, px, (x.Value + Scalar.One) * H));
    }

    [Fact]
    public void Tampered_challenge_or_response_fails()
    {
        var (x, px, py) = Statement();
        using var _ = x;
        var ctx = ProofTestData.Context();
        var proof = DleqProof.Prove(ctx, x, H);
        var gen = from pos in Gen.Choose(0, DleqProof.Size - 1) from bit in Gen.Choose(0, 7) select (pos, bit);
        var bytes = proof.Encode();
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var bad = (byte[])bytes.Clone();
            bad[c.pos] ^= (byte)(1 << c.bit);
            return !DleqProof.TryDecode(bad, out var p) || !p.Verify(ctx, H, px, py);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));

        var badE = (byte[])bytes.Clone();
        (proof.Challenge + Scalar.One).WriteBytes(badE.AsSpan(0, 32));
        Assert.False(DleqProof.Decode(badE).Verify(ctx, H, px, py));
        var badZ = (byte[])bytes.Clone();
        (proof.Response - Scalar.One).WriteBytes(badZ.AsSpan(32, 32));
        Assert.False(DleqProof.Decode(badZ).Verify(ctx, H, px, py));
    }

    [Fact]
    public void Decode_rejects_malformed_encodings()
    {
        Assert.Throws<CryptoFormatException>(() => DleqProof.Decode(new byte[63]));
        Assert.Throws<CryptoFormatException>(() => DleqProof.Decode(new byte[65]));

        var eAtN = new byte[64];
        Scalar.OrderBytes.CopyTo(eAtN);
        Assert.Throws<CryptoFormatException>(() => DleqProof.Decode(eAtN));

        var zAtN = new byte[64];
        Scalar.OrderBytes.CopyTo(zAtN.AsSpan(32));
        Assert.Throws<CryptoFormatException>(() => DleqProof.Decode(zAtN));

        // In range but meaningless: decodes, never verifies.
        var (x, px, py) = Statement();
        using var _ = x;
        Assert.False(DleqProof.Decode(new byte[64]).Verify(ProofTestData.Context(), H, px, py));
    }

    [Fact]
    public void Prove_rejects_infinity_as_second_base()
    {
        using var x = SecretScalar.Generate();
        Assert.Throws<ArgumentException>(() => DleqProof.Prove(ProofTestData.Context(), x, Point.Infinity));
    }
}
