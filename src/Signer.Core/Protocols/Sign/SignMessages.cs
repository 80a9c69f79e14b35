using System.Buffers.Binary;
using DltSigner.Core.Math;
using DltSigner.Core.Ot;
using DltSigner.Core.Proofs;

namespace DltSigner.Core.Protocols.Sign;

/// <summary>
/// Round 1, party i → j (point-to-point; DKLs23 Protocol 3.6 steps 4–6): i's key epoch and the digest
/// of its public key state (so mixed epochs fail with a typed error), the commitment to R_i, and the
/// OT-extension message that starts the RVOLE in which i is Bob and j is Alice.
/// Layout: epoch u32 ‖ public digest (32) ‖ Com(R_i) (32) ‖ OtExtensionMessage (12 304).
/// </summary>
internal sealed record SignRound1(uint Epoch, byte[] PublicDigest, HashCommitment NonceCommitment, OtExtensionMessage Ote)
{
    public const int DigestLength = 32;
    public const int EncodedLength = 4 + DigestLength + HashCommitment.Size + OtExtensionMessage.EncodedLength;

    public byte[] Encode()
    {
        var buffer = new byte[EncodedLength];
        var w = new WireWriter(buffer);
        var epoch = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(epoch, Epoch);
        w.Write(epoch);
        w.Write(PublicDigest);
        w.Write(NonceCommitment.Value);
        w.Write(Ote.Encode());
        w.End();
        return buffer;
    }

    public static SignRound1 Decode(ReadOnlySpan<byte> encoded)
    {
        var r = new WireReader(encoded, "sign round 1", EncodedLength);
        var epoch = BinaryPrimitives.ReadUInt32BigEndian(r.ReadBytes(4));
        var digest = r.ReadBytes(DigestLength).ToArray();
        var commitment = HashCommitment.Decode(r.ReadBytes(HashCommitment.Size));
        var ote = OtExtensionMessage.Decode(r.ReadBytes(OtExtensionMessage.EncodedLength));
        r.End();
        return new SignRound1(epoch, digest, commitment, ote);
    }
}

/// <summary>
/// Round 2, party i → j (point-to-point; Protocol 3.6 step 7): the opening of Com(R_i), pk_i,
/// Γ^u_{i,j} = c^u_{i,j}·G, Γ^v_{i,j} = c^v_{i,j}·G, ψ_{i,j} = φ_i − χ_{i,j} and i's RVOLE reply as
/// Alice (input (r_i, sk_i)) to j's round-1 OT-extension message.
/// Layout: R_i (33) ‖ nonce (32) ‖ pk_i (33) ‖ Γ^u (33) ‖ Γ^v (33) ‖ ψ (32) ‖ RvoleMessage (40 000).
/// </summary>
internal sealed record SignRound2(Point R, byte[] Opening, Point Pk, Point GammaU, Point GammaV, Scalar Psi, RvoleMessage Rvole)
{
    public const int EncodedLength = OtParameters.PointBytes + HashCommitment.NonceSize + (3 * OtParameters.PointBytes) + OtParameters.ScalarBytes + RvoleMessage.EncodedLength;

    public byte[] Encode()
    {
        var buffer = new byte[EncodedLength];
        var w = new WireWriter(buffer);
        w.Write(R);
        w.Write(Opening);
        w.Write(Pk);
        w.Write(GammaU);
        w.Write(GammaV);
        w.Write(Psi);
        w.Write(Rvole.Encode());
        w.End();
        return buffer;
    }

    public static SignRound2 Decode(ReadOnlySpan<byte> encoded)
    {
        var r = new WireReader(encoded, "sign round 2", EncodedLength);
        var bigR = r.ReadPoint("R");
        var opening = r.ReadBytes(HashCommitment.NonceSize).ToArray();
        var pk = r.ReadPoint("pk");
        var gammaU = r.ReadPoint("gamma-u");
        var gammaV = r.ReadPoint("gamma-v");
        var psi = r.ReadScalar("psi");
        var rvole = RvoleMessage.Decode(r.ReadBytes(RvoleMessage.EncodedLength));
        r.End();
        return new SignRound2(bigR, opening, pk, gammaU, gammaV, psi, rvole);
    }
}

/// <summary>Round 3, broadcast (Protocol 3.6 step 9): the partial signature (u_i, w_i). Layout: u (32) ‖ w (32).</summary>
internal readonly record struct SignRound3(Scalar U, Scalar W)
{
    public const int EncodedLength = 2 * OtParameters.ScalarBytes;

    public byte[] Encode()
    {
        var buffer = new byte[EncodedLength];
        var w = new WireWriter(buffer);
        w.Write(U);
        w.Write(W);
        w.End();
        return buffer;
    }

    public static SignRound3 Decode(ReadOnlySpan<byte> encoded)
    {
        var r = new WireReader(encoded, "sign round 3", EncodedLength);
        var u = r.ReadScalar("u");
        var w = r.ReadScalar("w");
        r.End();
        return new SignRound3(u, w);
    }
}
