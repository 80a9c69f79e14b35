using DltSigner.Core.Math;

namespace DltSigner.Core.Ot;

/// <summary>
/// Base OT message 1, Bob (base-OT sender) → Alice: B = b·G and a Schnorr proof of knowledge of b
/// (commitment R, response z) bound to the session and both indices.
/// </summary>
public sealed record BaseOtSenderMessage(Point B, Point ProofCommitment, Scalar ProofResponse)
{
    public const int EncodedLength = (2 * OtParameters.PointBytes) + OtParameters.ScalarBytes;

    public byte[] Encode()
    {
        var buffer = new byte[EncodedLength];
        var w = new WireWriter(buffer);
        w.Write(B);
        w.Write(ProofCommitment);
        w.Write(ProofResponse);
        w.End();
        return buffer;
    }

    public static BaseOtSenderMessage Decode(ReadOnlySpan<byte> encoded)
    {
        var r = new WireReader(encoded, "base-ot sender message", EncodedLength);
        var b = r.ReadPoint("B");
        var commitment = r.ReadPoint("proof commitment");
        var response = r.ReadScalar("proof response");
        r.End();
        return new BaseOtSenderMessage(b, commitment, response);
    }
}

/// <summary>
/// Base OT message 2, Alice (base-OT receiver) → Bob: A_i = a_i·G + ω_i·B for i in [λ_c],
/// kept as their validated compressed encodings (what the transcript hashes).
/// </summary>
public sealed class BaseOtReceiverMessage
{
    public const int EncodedLength = OtParameters.LambdaC * OtParameters.PointBytes;

    private readonly byte[] _encoded;
    private Point[]? _points;

    private BaseOtReceiverMessage(byte[] encoded, Point[]? points)
    {
        _encoded = encoded;
        _points = points;
    }

    /// <summary>The λ_c points A_i (decoded on first use for a message built locally).</summary>
    public IReadOnlyList<Point> Points => _points ??= DecodePoints(_encoded);

    /// <summary>Alice's own message: the encodings come from valid points, so she skips decoding them.</summary>
    internal static BaseOtReceiverMessage FromOwnEncoding(byte[] encoded) => new(encoded, null);

    public byte[] Encode() => (byte[])_encoded.Clone();

    internal ReadOnlySpan<byte> EncodedSpan => _encoded;

    public static BaseOtReceiverMessage Decode(ReadOnlySpan<byte> encoded)
    {
        var copy = encoded.ToArray();
        return new BaseOtReceiverMessage(copy, DecodePoints(copy));
    }

    private static Point[] DecodePoints(ReadOnlySpan<byte> encoded)
    {
        var r = new WireReader(encoded, "base-ot receiver message", EncodedLength);
        var points = new Point[OtParameters.LambdaC];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = r.ReadPoint($"A[{i}]");
        }

        r.End();
        return points;
    }
}

/// <summary>
/// Fixed-length lists of 32-byte hashes, one per base OT: the verification messages of DKLs18
/// Protocol 7 (challenge ξ_i, response ρ'_i) and, with two per OT, the opening.
/// </summary>
public abstract class BaseOtHashListMessage
{
    private readonly byte[] _encoded;

    private protected BaseOtHashListMessage(byte[] encoded) => _encoded = encoded;

    internal ReadOnlySpan<byte> Item(int index) => _encoded.AsSpan(index * 32, 32);

    public byte[] Encode() => (byte[])_encoded.Clone();

    private protected static byte[] DecodeBytes(ReadOnlySpan<byte> encoded, string message, int items)
    {
        var r = new WireReader(encoded, message, items * 32);
        var copy = r.ReadBytes(items * 32).ToArray();
        r.End();
        return copy;
    }

    private protected static byte[] Join(byte[][] items)
    {
        var encoded = new byte[items.Length * 32];
        for (var i = 0; i < items.Length; i++)
        {
            items[i].CopyTo(encoded, i * 32);
        }

        return encoded;
    }
}

/// <summary>Base OT message 3, Bob → Alice: challenges ξ_i = H'(H(k⁰_i)) ⊕ H'(H(k¹_i)) (DKLs18 Protocol 7 step 4).</summary>
public sealed class BaseOtChallengeMessage : BaseOtHashListMessage
{
    public const int EncodedLength = OtParameters.LambdaC * 32;

    private BaseOtChallengeMessage(byte[] encoded)
        : base(encoded)
    {
    }

    internal static BaseOtChallengeMessage Create(byte[][] items) => new(Join(items));

    public static BaseOtChallengeMessage Decode(ReadOnlySpan<byte> encoded) =>
        new(DecodeBytes(encoded, "base-ot challenge message", OtParameters.LambdaC));
}

/// <summary>Base OT message 4, Alice → Bob: responses ρ'_i = H'(H(k^{Δ_i}_i)) ⊕ Δ_i·ξ_i (DKLs18 Protocol 7 step 5).</summary>
public sealed class BaseOtResponseMessage : BaseOtHashListMessage
{
    public const int EncodedLength = OtParameters.LambdaC * 32;

    private BaseOtResponseMessage(byte[] encoded)
        : base(encoded)
    {
    }

    internal static BaseOtResponseMessage Create(byte[][] items) => new(Join(items));

    public static BaseOtResponseMessage Decode(ReadOnlySpan<byte> encoded) =>
        new(DecodeBytes(encoded, "base-ot response message", OtParameters.LambdaC));
}

/// <summary>Base OT message 5, Bob → Alice: openings (H(k⁰_i), H(k¹_i)) at items 2i and 2i+1 (DKLs18 Protocol 7 step 6).</summary>
public sealed class BaseOtOpeningMessage : BaseOtHashListMessage
{
    public const int EncodedLength = 2 * OtParameters.LambdaC * 32;

    private BaseOtOpeningMessage(byte[] encoded)
        : base(encoded)
    {
    }

    internal static BaseOtOpeningMessage Create(byte[][] items) => new(Join(items));

    public static BaseOtOpeningMessage Decode(ReadOnlySpan<byte> encoded) =>
        new(DecodeBytes(encoded, "base-ot opening message", 2 * OtParameters.LambdaC));
}
