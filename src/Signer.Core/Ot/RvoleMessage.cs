using DltSigner.Core.Math;

namespace DltSigner.Core.Ot;

/// <summary>
/// RVOLE message, Alice → Bob (DKLs23 Protocol 5.2): the correlated-OT corrections
/// ã_j = v⁰_j − v¹_j + (a ‖ â) for j in [ξ] (ℓ + ρ scalars each), the check values η = â + θ·a
/// (ρ scalars) and the digest μ of Alice's check vectors. Scalars decode strictly (&lt; n).
/// </summary>
public sealed class RvoleMessage
{
    public const int DigestBytes = 32;
    public const int EncodedLength = ((OtParameters.Xi * OtParameters.OtWidth) + OtParameters.Rho) * OtParameters.ScalarBytes + DigestBytes;

    internal RvoleMessage(Scalar[] aTilde, Scalar[] eta, byte[] mu)
    {
        ATilde = aTilde;
        Eta = eta;
        Mu = mu;
    }

    /// <summary>ã_{j,k} at index j·(ℓ+ρ) + k.</summary>
    internal Scalar[] ATilde { get; }

    internal Scalar[] Eta { get; }

    internal byte[] Mu { get; }

    public byte[] Encode()
    {
        var buffer = new byte[EncodedLength];
        var w = new WireWriter(buffer);
        foreach (var s in ATilde)
        {
            w.Write(s);
        }

        foreach (var s in Eta)
        {
            w.Write(s);
        }

        w.Write(Mu);
        w.End();
        return buffer;
    }

    /// <summary>The ã part alone, as the transcript hashes it (Alice and Bob must agree byte for byte).</summary>
    internal byte[] EncodeATilde()
    {
        var buffer = new byte[ATilde.Length * OtParameters.ScalarBytes];
        var w = new WireWriter(buffer);
        foreach (var s in ATilde)
        {
            w.Write(s);
        }

        w.End();
        return buffer;
    }

    public static RvoleMessage Decode(ReadOnlySpan<byte> encoded)
    {
        var r = new WireReader(encoded, "rvole message", EncodedLength);
        var aTilde = new Scalar[OtParameters.Xi * OtParameters.OtWidth];
        for (var i = 0; i < aTilde.Length; i++)
        {
            aTilde[i] = r.ReadScalar("a-tilde");
        }

        var eta = new Scalar[OtParameters.Rho];
        for (var i = 0; i < eta.Length; i++)
        {
            eta[i] = r.ReadScalar("eta");
        }

        var mu = r.ReadBytes(DigestBytes).ToArray();
        r.End();
        return new RvoleMessage(aTilde, eta, mu);
    }
}
