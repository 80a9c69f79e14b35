using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;

namespace DltSigner.Core.Proofs;

/// <summary>
/// Chaum–Pedersen proof of discrete-log equality (Chaum, Pedersen 1992, "Wallet databases with
/// observers"): knowledge of x with X = x·G and Y = x·H, for a second base H.
/// A = k·G, B = k·H, e = H(context, H, X, Y, A, B), z = k + e·x; the verifier recomputes
/// A = z·G − e·X, B = z·H − e·Y and checks e. Bound to a <see cref="ProofContext"/> like
/// <see cref="SchnorrProof"/>.
/// </summary>
/// <remarks>
/// Encoding, 64 bytes, challenge form: e (32 bytes) || z (32 bytes), both big-endian and &lt; n.
/// The challenge form is the compact classic one; this proof is not batch-verified.
/// </remarks>
public sealed class DleqProof
{
    public const int Size = 64;

    private const string Domain = "DltSigner/proof/dleq/v1";

    private DleqProof(Scalar challenge, Scalar response)
    {
        Challenge = challenge;
        Response = response;
    }

    /// <summary>e.</summary>
    public Scalar Challenge { get; }

    /// <summary>z = k + e·x.</summary>
    public Scalar Response { get; }

    /// <summary>Proves log_G(X) == log_H(Y) == x, where X = x·G and Y = x·H are computed here.</summary>
    public static DleqProof Prove(ProofContext context, SecretScalar witness, Point h)
    {
        ArgumentNullException.ThrowIfNull(witness);
        var x = witness.Value;
        return Prove(context, x, h, Point.BaseMul(x), x * h);
    }

    /// <summary>As above when the caller already has X and Y.</summary>
    internal static DleqProof Prove(ProofContext context, Scalar witness, Point h, Point x, Point y)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (h.IsInfinity)
        {
            throw new ArgumentException("second base H is infinity", nameof(h));
        }

        var nonce = Scalar.RandomNonZero();
        try
        {
            var e = ComputeChallenge(context, h, x, y, Point.BaseMul(nonce), nonce * h);
            return new DleqProof(e, nonce + (e * witness));
        }
        finally
        {
            nonce = default;
        }
    }

    /// <summary>True when this proves log_G(x) == log_H(y) under the context.</summary>
    public bool Verify(ProofContext context, Point h, Point x, Point y)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (h.IsInfinity || x.IsInfinity || y.IsInfinity)
        {
            return false;
        }

        var minusE = -Challenge;
        var a = Point.DoubleMulVar(Response, minusE, x);
        var b = Point.MultiMulVar([Response, minusE], [h, y]);
        if (a.IsInfinity || b.IsInfinity)
        {
            return false;
        }

        return ComputeChallenge(context, h, x, y, a, b) == Challenge;
    }

    public byte[] Encode()
    {
        var output = new byte[Size];
        Challenge.WriteBytes(output.AsSpan(0, 32));
        Response.WriteBytes(output.AsSpan(32, 32));
        return output;
    }

    /// <summary>Strict decoding; throws <see cref="CryptoFormatException"/> naming the check.</summary>
    public static DleqProof Decode(ReadOnlySpan<byte> encoded) =>
        TryDecode(encoded, out var proof, out var check) ? proof : throw new CryptoFormatException(check);

    public static bool TryDecode(ReadOnlySpan<byte> encoded, out DleqProof proof) => TryDecode(encoded, out proof, out _);

    private static bool TryDecode(ReadOnlySpan<byte> encoded, out DleqProof proof, out string check)
    {
        proof = null!;
        if (encoded.Length != Size)
        {
            check = "dleq proof: length is not 64";
            return false;
        }

        if (!Scalar.TryFromBytes(encoded[..32], out var e))
        {
            check = "dleq proof: e is not below the group order";
            return false;
        }

        if (!Scalar.TryFromBytes(encoded[32..], out var z))
        {
            check = "dleq proof: z is not below the group order";
            return false;
        }

        proof = new DleqProof(e, z);
        check = string.Empty;
        return true;
    }

    private static Scalar ComputeChallenge(ProofContext context, Point h, Point x, Point y, Point a, Point b) =>
        context.NewTranscript(Domain)
            .Append("H", h)
            .Append("X", x)
            .Append("Y", y)
            .Append("A", a)
            .Append("B", b)
            .ChallengeScalar("e");
}
