using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Proofs;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Proofs;

public sealed class SchnorrProofTests
{
    [Fact]
    public void Honest_proof_verifies_and_round_trips()
    {
        using var x = SecretScalar.Generate();
        var ctx = ProofTestData.Context();
        var proof = SchnorrProof.Prove(ctx, x);
        Assert.True(proof.Verify(ctx, x.PublicPoint()));

        var bytes = proof.Encode();
        Assert.Equal(SchnorrProof.Size, bytes.Length);
        var back = SchnorrProof.Decode(bytes);
        Assert.True(back.Verify(ctx, x.PublicPoint()));
        Assert.Equal(bytes, back.Encode());
    }

    [Fact]
    public void Nonces_are_fresh()
    {
        using var x = SecretScalar.Generate();
        var ctx = ProofTestData.Context();
        Assert.NotEqual(SchnorrProof.Prove(ctx, x).Encode(), SchnorrProof.Prove(ctx, x).Encode());
    }

    [Theory]
    [MemberData(nameof(ProofTestData.OtherContextNames), MemberType = typeof(ProofTestData))]
    public void Proof_for_one_context_fails_in_another(string other)
    {
        using var x = SecretScalar.Generate();
        var proof = SchnorrProof.Prove(ProofTestData.Context(), x);
        Assert.False(proof.Verify(ProofTestData.Other(other), x.PublicPoint()));
    }

    [Fact]
    public void Proof_fails_for_another_statement_or_infinity()
    {
        using var x = SecretScalar.Generate();
        var ctx = ProofTestData.Context();
        var proof = SchnorrProof.Prove(ctx, x);
        Assert.False(proof.Verify(ctx, x.PublicPoint() + Point.Generator));
        Assert.False(proof.Verify(ctx, -x.PublicPoint()));
        Assert.False(proof.Verify(ctx, Point.Infinity));
    }

    [Fact]
    public void Tampered_R_or_z_fails()
    {
        using var x = SecretScalar.Generate();
        var ctx = ProofTestData.Context();
        var bytes = SchnorrProof.Prove(ctx, x).Encode();
        var r = Point.Decode(bytes.AsSpan(0, 33));
        var z = Scalar.FromBytes(bytes.AsSpan(33));

        var badR = (byte[])bytes.Clone();
        (r + Point.Generator).WriteCompressed(badR.AsSpan(0, 33));
        Assert.False(SchnorrProof.Decode(badR).Verify(ctx, x.PublicPoint()));

        var negR = (byte[])bytes.Clone();
        negR[0] ^= 0x01; // 02 <-> 03: −R
        Assert.False(SchnorrProof.Decode(negR).Verify(ctx, x.PublicPoint()));

        var badZ = (byte[])bytes.Clone();
        (z + Scalar.One).WriteBytes(badZ.AsSpan(33));
        Assert.False(SchnorrProof.Decode(badZ).Verify(ctx, x.PublicPoint()));
    }

    [Fact]
    public void Any_bit_flip_is_rejected_by_decode_or_verify()
    {
        using var x = SecretScalar.Generate();
        var ctx = ProofTestData.Context();
        var bytes = SchnorrProof.Prove(ctx, x).Encode();
        var gen = from pos in Gen.Choose(0, SchnorrProof.Size - 1) from bit in Gen.Choose(0, 7) select (pos, bit);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var bad = (byte[])bytes.Clone();
            bad[c.pos] ^= (byte)(1 << c.bit);
            return !SchnorrProof.TryDecode(bad, out var p) || !p.Verify(ctx, x.PublicPoint());
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void Decode_rejects_malformed_encodings()
    {
        using var x = SecretScalar.Generate();
        var bytes = SchnorrProof.Prove(ProofTestData.Context(), x).Encode();

        Assert.Throws<CryptoFormatException>(() => SchnorrProof.Decode(bytes[..64]));
        Assert.Throws<CryptoFormatException>(() => SchnorrProof.Decode([.. bytes, 0]));
        Assert.Throws<CryptoFormatException>(() => SchnorrProof.Decode([]));

        var zAtN = (byte[])bytes.Clone();
        Scalar.OrderBytes.CopyTo(zAtN.AsSpan(33));
        Assert.Throws<CryptoFormatException>(() => SchnorrProof.Decode(zAtN));

        var zMax = (byte[])bytes.Clone();
        Array.Fill(zMax, (byte)0xff, 33, 32);
        Assert.Throws<CryptoFormatException>(() => SchnorrProof.Decode(zMax));

        var rInfinity = (byte[])bytes.Clone();
        Array.Clear(rInfinity, 0, 33);
        Assert.Throws<CryptoFormatException>(() => SchnorrProof.Decode(rInfinity));

        var rBadPrefix = (byte[])bytes.Clone();
        rBadPrefix[0] = 0x04;
        Assert.Throws<CryptoFormatException>(() => SchnorrProof.Decode(rBadPrefix));

        var rOffCurve = (byte[])bytes.Clone();
        Array.Clear(rOffCurve, 1, 32);
        rOffCurve[32] = 5; // x = 5 has no point
        Assert.Throws<CryptoFormatException>(() => SchnorrProof.Decode(rOffCurve));
    }

    [Fact]
    public void Forged_proof_with_zero_response_fails()
    {
        // A forger who picks z = 0 needs R = −e·X with e depending on R.
        var ctx = ProofTestData.Context();
        using var x = SecretScalar.Generate();
        var forged = new byte[SchnorrProof.Size];
        (-x.PublicPoint()).WriteCompressed(forged.AsSpan(0, 33));
        Assert.False(SchnorrProof.Decode(forged).Verify(ctx, x.PublicPoint()));
    }

    [Fact]
    public void Context_validates_inputs()
    {
        Assert.Throws<ArgumentException>(() => new ProofContext("", ProofTestData.Session, 1));
        Assert.Throws<ArgumentException>(() => new ProofContext("l", [], 1));
        Assert.Throws<ArgumentException>(() => new ProofContext("l", new byte[ProofContext.MaxSessionIdLength + 1], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProofContext("l", ProofTestData.Session, 0));
        Assert.Equal(5, ProofTestData.Context().ForParty(5).Party);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProofContext("l", DltSigner.Core.Mpc.SessionId.Random(), default));

        // The MPC-typed constructor binds the same values as the plain one.
        using var x = SecretScalar.Generate();
        var sid = DltSigner.Core.Mpc.SessionId.Random();
        var proof = SchnorrProof.Prove(new ProofContext("l", sid, new DltSigner.Core.Mpc.PartyIndex(7)), x);
        Assert.True(proof.Verify(new ProofContext("l", sid.Bytes, 7), x.PublicPoint()));
    }
}
