using System.Formats.Asn1;
using System.Numerics;
using DltSigner.Core.Math;
using DltSigner.Core.Signatures;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Signatures;

public sealed class EcdsaSignatureEncodingTests
{
    private const string N = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    private const string NMinus1 = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140";

    /// <summary>Nonzero scalars, biased toward short encodings (leading zero bytes) and high bits.</summary>
    private static Arbitrary<Scalar> NonZeroScalars() =>
        Gen.Choose(0, 31).SelectMany(
                zeros => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 32),
                (zeros, bytes) =>
                {
                    Array.Clear(bytes, 0, zeros);
                    return Scalar.FromBytesReduced(bytes);
                })
            .Where(s => !s.IsZero)
            .ToArbitrary();

    private static Arbitrary<EcdsaSignature> Signatures() =>
        NonZeroScalars().Generator.Two().Select(t => new EcdsaSignature(t.Item1, t.Item2)).ToArbitrary();

    [Theory]
    [InlineData("3006020101020101")] // r = s = 1, shortest
    [InlineData("30070202008002017f")] // r = 0x80 needs its zero byte
    [InlineData("3026022100" + NMinus1 + "020101")] // r = n − 1
    [InlineData("3045022100" + NMinus1 + "0220" + "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")] // r = n − 1, s = n/2 (max low-S)
    public void Strict_der_accepts_canonical_encodings(string hex)
    {
        var der = Convert.FromHexString(hex);
        Assert.True(EcdsaSignature.TryParseDer(der, out var sig));
        Assert.Equal(der, sig.ToDer());
    }

    [Theory]
    [InlineData("", "length out of range")]
    [InlineData("3006020101020101" + "01", "SEQUENCE length mismatch")] // trailing byte, e.g. a Bitcoin sighash byte
    [InlineData("3106020101020101", "not a SEQUENCE")]
    [InlineData("3007020101020101", "SEQUENCE length mismatch")]
    [InlineData("3005020101020101", "SEQUENCE length mismatch")]
    [InlineData("308106020101020101", "SEQUENCE length mismatch")] // BER long-form length
    [InlineData("3006030101020101", "r not an INTEGER")]
    [InlineData("3006020101030101", "s not an INTEGER")]
    [InlineData("3006020201020101", "s length mismatch")] // r length overruns into s
    [InlineData("3006020101020201", "s length mismatch")]
    [InlineData("3006020601020101", "r length out of range")]
    [InlineData("3006020002020101", "r empty")]
    [InlineData("3006020201010200", "s empty")]
    [InlineData("3006020181020101", "r negative")]
    [InlineData("3006020101020181", "s negative")]
    [InlineData("300702020001020101", "r has an unnecessary leading zero")]
    [InlineData("300702010102020001", "s has an unnecessary leading zero")]
    [InlineData("30080203000080020101", "r has an unnecessary leading zero")]
    [InlineData("3006020100020101", "r is zero")]
    [InlineData("3006020101020100", "s is zero")]
    [InlineData("3026022100" + N + "020101", "r not below n")]
    [InlineData("3026020101022100" + N, "s not below n")]
    [InlineData("30270222" + "0101" + N + "020101", "r not below n")] // 34 content bytes
    public void Strict_der_rejects_bip66_violations(string hex, string check)
    {
        var der = Convert.FromHexString(hex);
        Assert.False(EcdsaSignature.TryParseDer(der, out _));
        var ex = Assert.Throws<CryptoFormatException>(() => EcdsaSignature.ParseDer(der));
        Assert.Equal("DER signature: " + check, ex.Check);
    }

    [Fact]
    public void Der_longer_than_72_bytes_is_rejected()
    {
        var der = new byte[73];
        der[0] = 0x30;
        der[1] = 71;
        Assert.False(EcdsaSignature.TryParseDer(der, out _));
    }

    [Fact]
    public void Der_round_trip_and_agreement_with_system_formats_asn1()
    {
        Prop.ForAll(Signatures(), sig =>
        {
            var der = sig.ToDer();
            Assert.InRange(der.Length, 8, EcdsaSignature.MaxDerLength);
            Assert.Equal(sig, EcdsaSignature.ParseDer(der));

            // An independent DER reader agrees on the values and finds nothing left over.
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var seq = reader.ReadSequence();
            Assert.False(reader.HasData);
            var r = seq.ReadInteger();
            var s = seq.ReadInteger();
            Assert.False(seq.HasData);
            Assert.Equal(new BigInteger(sig.R.ToBytes(), isUnsigned: true, isBigEndian: true), r);
            Assert.Equal(new BigInteger(sig.S.ToBytes(), isUnsigned: true, isBigEndian: true), s);

            Span<byte> small = stackalloc byte[der.Length - 1];
            Assert.False(sig.TryWriteDer(small, out _));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Compact_round_trip_and_low_s_normalisation()
    {
        Prop.ForAll(Signatures(), sig =>
        {
            var compact = sig.ToCompact();
            Assert.Equal(64, compact.Length);
            Assert.Equal(sig, EcdsaSignature.FromCompact(compact));
            var low = sig.NormalizeLowS();
            Assert.True(low.IsLowS);
            Assert.Equal(sig.R, low.R);
            Assert.True(low.S == sig.S || low.S == -sig.S);
            Assert.Equal(sig.IsLowS, low == sig);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("00", "short")]
    [InlineData(N + "0000000000000000000000000000000000000000000000000000000000000001", "r = n")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001" + N, "s = n")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000" + "0000000000000000000000000000000000000000000000000000000000000001", "r = 0")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001" + "0000000000000000000000000000000000000000000000000000000000000000", "s = 0")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001" + "0000000000000000000000000000000000000000000000000000000000000001" + "00", "65 bytes")]
    public void Compact_is_strict(string hex, string why)
    {
        Assert.False(EcdsaSignature.TryFromCompact(Convert.FromHexString(hex), out _), why);
        Assert.Throws<CryptoFormatException>(() => EcdsaSignature.FromCompact(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Zero_components_are_refused_by_the_constructor()
    {
        Assert.Throws<ArgumentException>(() => new EcdsaSignature(Scalar.Zero, Scalar.One));
        Assert.Throws<ArgumentException>(() => new EcdsaSignature(Scalar.One, Scalar.Zero));
    }
}
