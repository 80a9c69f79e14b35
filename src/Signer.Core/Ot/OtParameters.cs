namespace DltSigner.Core.Ot;

/// <summary>
/// Every parameter of the OT layer, under the names DKLs23 (ePrint 2023/765) and KOS15 use.
/// Changing one changes message sizes and wire formats: bump <see cref="Version"/> with it.
/// </summary>
public static class OtParameters
{
    /// <summary>Wire/transcript version of the OT layer; part of every domain tag.</summary>
    public const int Version = 1;

    /// <summary>κ = |q|, the bit length of the secp256k1 group order (DKLs23 §5, Protocol 5.2).</summary>
    public const int Kappa = 256;

    /// <summary>λ_c, computational security: number of base OTs and width of the OT extension (KOS15).</summary>
    public const int LambdaC = 128;

    /// <summary>λ_s, statistical security parameter (DKLs23 §5 uses s = λ_s; DKLs19 uses 80).</summary>
    public const int LambdaS = 80;

    /// <summary>ξ = κ + 2·λ_s: gadget length, i.e. OTs per RVOLE (DKLs23 Protocol 5.2).</summary>
    public const int Xi = Kappa + (2 * LambdaS);

    /// <summary>ℓ: Alice's vector length in F_RVOLE; DKLs23 signing (Protocol 3.6) multiplies (r_i, sk_i) by Bob's χ.</summary>
    public const int Ell = 2;

    /// <summary>ρ = ⌈λ_c / κ⌉: number of check pads â in Protocol 5.2.</summary>
    public const int Rho = (LambdaC + Kappa - 1) / Kappa;

    /// <summary>Scalars carried per extended OT in the RVOLE: ℓ data + ρ check pads.</summary>
    public const int OtWidth = Ell + Rho;

    /// <summary>Bits of one KOS check block = degree of the check field GF(2^128).</summary>
    public const int CheckBlockBits = 128;

    /// <summary>Extended OTs used for data: ξ rounded up to whole check blocks (the padding OTs are discarded).</summary>
    public const int ExtendedDataOts = (Xi + CheckBlockBits - 1) / CheckBlockBits * CheckBlockBits;

    /// <summary>Check blocks over the data OTs (m in KOS15 Fig. 10).</summary>
    public const int CheckBlocks = ExtendedDataOts / CheckBlockBits;

    /// <summary>Total extended OTs: data OTs plus one random block that masks the check (KOS15 Fig. 10).</summary>
    public const int ExtendedOts = ExtendedDataOts + CheckBlockBits;

    /// <summary>Bytes of one column (one base OT's PRG output) of the extension matrix.</summary>
    public const int ColumnBytes = ExtendedOts / 8;

    /// <summary>Bytes of a base-OT output / OT-extension seed (SHA-256 output).</summary>
    public const int SeedBytes = 32;

    public const int ScalarBytes = 32;
    public const int PointBytes = 33;
}
