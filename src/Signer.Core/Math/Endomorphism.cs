namespace DltSigner.Core.Math;

/// <summary>
/// The GLV endomorphism of secp256k1 (Gallant–Lambert–Vanstone, CRYPTO 2001): φ(x, y) = (β·x, y) = λ·(x, y),
/// with β³ ≡ 1 (mod p), λ³ ≡ 1 (mod n). A scalar k splits into k = r1 + λ·r2 with |r1|, |r2| &lt; 2^128,
/// so k·P = r1·P + r2·φ(P) needs half the doublings. Constants and the rounding split as in
/// libsecp256k1's scalar_split_lambda. Constant-time: the split is straight-line scalar arithmetic, so
/// both the constant-time k·P and the variable-time paths use it.
/// </summary>
internal static class Endomorphism
{
    public static readonly FieldElement Beta = new(0xC1396C28719501EE, 0x9CF0497512F58995, 0x6E64479EAC3434E9, 0x7AE96A2B657C0710);

    public static readonly Scalar Lambda = new(0xDF02967C1B23BD72, 0x122E22EA20816678, 0xA5261C028812645A, 0x5363AD4CC05C30E0);

    private static readonly Scalar MinusLambda = -Lambda;
    private static readonly Scalar MinusB1 = new(0x6F547FA90ABFE4C3, 0xE4437ED6010E8828, 0, 0);
    private static readonly Scalar MinusB2 = new(0xD765CDA83DB1562C, 0x8A280AC50774346D, 0xFFFFFFFFFFFFFFFE, 0xFFFFFFFFFFFFFFFF);
    private static readonly Scalar G1 = new(0xE893209A45DBB031, 0x3DAA8A1471E8CA7F, 0xE86C90E49284EB15, 0x3086D221A7D46BCD);
    private static readonly Scalar G2 = new(0x1571B4AE8AC47F71, 0x221208AC9DF506C6, 0x6F547FA90ABFE4C4, 0xE4437ED6010E8828);

    /// <summary>k = r1 + λ·r2 (mod n) where r1 and r2, read as signed (values above n/2 negative), are below 2^128 in size.</summary>
    public static void Split(in Scalar k, out Scalar r1, out Scalar r2)
    {
        Scalar c1 = MulShift384(k, G1);
        Scalar c2 = MulShift384(k, G2);
        r2 = (c1 * MinusB1) + (c2 * MinusB2);
        r1 = (r2 * MinusLambda) + k;
    }

    /// <summary>round(a·b / 2^384).</summary>
    private static Scalar MulShift384(in Scalar a, in Scalar b)
    {
        Limb.Mul(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3,
            out _, out _, out _, out _, out _, out ulong t5, out ulong t6, out ulong t7);
        ulong k = 0;
        ulong r0 = Limb.AddC(t6, t5 >> 63, ref k);
        ulong r1 = Limb.AddC(t7, 0, ref k);
        return new Scalar(r0, r1, k, 0);
    }
}
