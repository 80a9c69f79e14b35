using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;

namespace DltSigner.Core.Proofs;

/// <summary>
/// Non-interactive proof of knowledge of x with X = x·G (Schnorr 1991, made non-interactive by
/// Fiat–Shamir): R = k·G, e = H(context, X, R), z = k + e·x; accept when z·G == R + e·X.
/// The challenge hashes the <see cref="ProofContext"/> (protocol label, session id, prover
/// index), so a proof is valid only for the party and session it was made for.
/// </summary>
/// <remarks>
/// Encoding, 65 bytes: R (33-byte SEC1 compressed, never infinity) || z (32 bytes big-endian,
/// &lt; n). The commitment form (R, z) rather than the challenge form (e, z) is the usual one for
/// DKG proofs of possession and keeps batch verification possible.
/// </remarks>
public sealed class SchnorrProof
{
    public const int Size = 65;

    private const string Domain = "DltSigner/proof/schnorr-dlog/v1";

    private SchnorrProof(Point commitment, Scalar response)
    {
        Commitment = commitment;
        Response = response;
    }

    /// <summary>R = k·G.</summary>
    public Point Commitment { get; }

    /// <summary>z = k + e·x.</summary>
    public Scalar Response { get; }

    /// <summary>Proves knowledge of the witness x for X = x·G under the given context.</summary>
    public static SchnorrProof Prove(ProofContext context, SecretScalar witness)
    {
        ArgumentNullException.ThrowIfNull(witness);
        return Prove(context, witness.Value, Point.BaseMul(witness.Value));
    }

    /// <summary>As above when the caller already has X = x·G (saves a base multiplication).</summary>
    internal static SchnorrProof Prove(ProofContext context, Scalar witness, Point statement)
    {
        ArgumentNullException.ThrowIfNull(context);
        var nonce = Scalar.RandomNonZero();
        try
        {
            var r = Point.BaseMul(nonce);
            var e = Challenge(context, statement, r);
            return new SchnorrProof(r, nonce + (e * witness));
        }
        finally
        {
            nonce = default;
        }
    }

    /// <summary>True when this proves knowledge of log_G(statement) under the context.</summary>
    public bool Verify(ProofContext context, Point statement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (statement.IsInfinity)
        {
            return false;
        }

        var e = Challenge(context, statement, Commitment);

        // z·G − e·X must equal R.
        return Point.DoubleMulVar(Response, -e, statement) == Commitment;
    }

    public byte[] Encode()
    {
        var output = new byte[Size];
        Commitment.WriteCompressed(output.AsSpan(0, 33));
        Response.WriteBytes(output.AsSpan(33, 32));
        return output;
    }

    /// <summary>Strict decoding; throws <see cref="CryptoFormatException"/> naming the check.</summary>
    public static SchnorrProof Decode(ReadOnlySpan<byte> encoded) =>
        TryDecode(encoded, out var proof, out var check) ? proof : throw new CryptoFormatException(check);

    public static bool TryDecode(ReadOnlySpan<byte> encoded, out SchnorrProof proof) => TryDecode(encoded, out proof, out _);

    private static bool TryDecode(ReadOnlySpan<byte> encoded, out SchnorrProof proof, out string check)
    {
        proof = null!;
        if (encoded.Length != Size)
        {
            check = "schnorr proof: length is not 65";
            return false;
        }

        if (!Point.TryDecode(encoded[..33], out var r) || r.IsInfinity)
        {
            check = "schnorr proof: R is not a valid compressed point";
            return false;
        }

        if (!Scalar.TryFromBytes(encoded[33..], out var z))
        {
            check = "schnorr proof: z is not below the group order";
            return false;
        }

        proof = new SchnorrProof(r, z);
        check = string.Empty;
        return true;
    }

    private static Scalar Challenge(ProofContext context, Point statement, Point commitment) =>
        context.NewTranscript(Domain)
            .Append("X", statement)
            .Append("R", commitment)
            .ChallengeScalar("e");
}
