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
public sealed record BaseOtReceiverMessage
{
    public const int EncodedLength = OtParameters.LambdaC * OtParameters.PointBytes;

    private readonly byte[] _encoded;

    private BaseOtReceiverMessage(byte[] encoded, Point[] points)
    {
        _encoded = encoded;
        Points = points;
    }

    /// <summary>The λ_c points A_i.</summary>
    public IReadOnlyList<Point> Points { get; }

    public byte[] Encode() => (byte[])_encoded.Clone();

    internal ReadOnlySpan<byte> EncodedSpan => _encoded;

    public static BaseOtReceiverMessage Decode(ReadOnlySpan<byte> encoded)
    {
        var r = new WireReader(encoded, "base-ot receiver message", EncodedLength);
        var points = new Point[OtParameters.LambdaC];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = r.ReadPoint($"A[{i}]");
        }

        r.End();
        return new BaseOtReceiverMessage(encoded.ToArray(), points);
    }
}
