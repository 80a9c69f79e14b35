namespace DltSigner.Core.Ot;

/// <summary>
/// The OT-extension message, Bob (receiver) → Alice (sender), KOS15 Fig. 10 with the check
/// challenge by Fiat–Shamir (DKLs23 §5 / p. 30): the matrix u (λ_c columns of
/// <see cref="OtParameters.ExtendedOts"/> bits), the check value x̃ ∈ GF(2^128) and one check
/// value t̃_i ∈ GF(2^128) per column. Every bit pattern of the right length is a valid encoding;
/// tampering is caught by the consistency check, not by the decoder.
/// </summary>
public sealed class OtExtensionMessage
{
    public const int UBytes = OtParameters.LambdaC * OtParameters.ColumnBytes;
    public const int XBytes = Gf128.Bytes;
    public const int TBytes = OtParameters.LambdaC * Gf128.Bytes;
    public const int EncodedLength = UBytes + XBytes + TBytes;

    private readonly byte[] _encoded;

    private OtExtensionMessage(byte[] encoded) => _encoded = encoded;

    /// <summary>u_i, column i, <see cref="OtParameters.ColumnBytes"/> bytes.</summary>
    internal ReadOnlySpan<byte> U(int column) => _encoded.AsSpan(column * OtParameters.ColumnBytes, OtParameters.ColumnBytes);

    internal ReadOnlySpan<byte> AllU => _encoded.AsSpan(0, UBytes);

    /// <summary>The encoding, without the copy <see cref="Encode"/> makes (for hashing into transcripts).</summary>
    internal ReadOnlySpan<byte> Encoded => _encoded;

    internal ReadOnlySpan<byte> XCheck => _encoded.AsSpan(UBytes, XBytes);

    internal ReadOnlySpan<byte> TCheck(int column) => _encoded.AsSpan(UBytes + XBytes + (column * Gf128.Bytes), Gf128.Bytes);

    internal static OtExtensionMessage Create(byte[][] u, ReadOnlySpan<byte> xCheck, byte[][] tCheck)
    {
        var encoded = new byte[EncodedLength];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            u[i].CopyTo(encoded, i * OtParameters.ColumnBytes);
            tCheck[i].CopyTo(encoded, UBytes + XBytes + (i * Gf128.Bytes));
        }

        xCheck.CopyTo(encoded.AsSpan(UBytes));
        return new OtExtensionMessage(encoded);
    }

    public byte[] Encode() => (byte[])_encoded.Clone();

    public static OtExtensionMessage Decode(ReadOnlySpan<byte> encoded)
    {
        var r = new WireReader(encoded, "ot-extension message", EncodedLength);
        var copy = r.ReadBytes(EncodedLength).ToArray();
        r.End();
        return new OtExtensionMessage(copy);
    }
}
