using DltSigner.Core.Math;

namespace DltSigner.Core.Signatures;

/// <summary>
/// Strict DER for ECDSA signatures: SEQUENCE { INTEGER r, INTEGER s }, following Bitcoin's BIP66
/// IsValidSignatureEncoding (without the trailing sighash byte) plus the range check r, s ∈ [1, n).
/// </summary>
internal static class EcdsaDer
{
    private const byte SequenceTag = 0x30;
    private const byte IntegerTag = 0x02;

    // 30 L 02 lr r 02 ls s with lr, ls ≥ 1.
    private const int MinLength = 8;

    public static bool TryParse(ReadOnlySpan<byte> der, out Scalar r, out Scalar s) =>
        Check(der, out r, out s) is null;

    /// <summary>Returns null when valid, else the name of the failed check (no secret data involved).</summary>
    public static string? Check(ReadOnlySpan<byte> der, out Scalar r, out Scalar s)
    {
        r = default;
        s = default;

        // BIP66: total length bounds (without the sighash byte: 8..72).
        if (der.Length < MinLength || der.Length > EcdsaSignature.MaxDerLength)
        {
            return "DER signature: length out of range";
        }

        if (der[0] != SequenceTag)
        {
            return "DER signature: not a SEQUENCE";
        }

        // Short-form length only, covering exactly the rest of the input (no trailing bytes).
        if (der[1] != der.Length - 2)
        {
            return "DER signature: SEQUENCE length mismatch";
        }

        int lenR = der[3];
        if (5 + lenR >= der.Length)
        {
            return "DER signature: r length out of range";
        }

        int lenS = der[5 + lenR];
        if (lenR + lenS + 6 != der.Length)
        {
            return "DER signature: s length mismatch";
        }

        var rCheck = CheckInteger(der.Slice(2, 2 + lenR), "r", out r);
        if (rCheck is not null)
        {
            return rCheck;
        }

        return CheckInteger(der.Slice(4 + lenR, 2 + lenS), "s", out s);
    }

    /// <summary>Checks one TLV-encoded INTEGER (tag, length, content) and converts it to a scalar in [1, n).</summary>
    private static string? CheckInteger(ReadOnlySpan<byte> tlv, string name, out Scalar value)
    {
        value = default;
        if (tlv[0] != IntegerTag)
        {
            return $"DER signature: {name} not an INTEGER";
        }

        var content = tlv[2..];
        if (content.Length == 0)
        {
            return $"DER signature: {name} empty";
        }

        if ((content[0] & 0x80) != 0)
        {
            return $"DER signature: {name} negative";
        }

        // A leading zero is allowed only when the next byte has its top bit set.
        if (content.Length > 1 && content[0] == 0 && (content[1] & 0x80) == 0)
        {
            return $"DER signature: {name} has an unnecessary leading zero";
        }

        if (content[0] == 0)
        {
            content = content[1..];
        }

        if (content.Length > 32)
        {
            return $"DER signature: {name} not below n";
        }

        Span<byte> padded = stackalloc byte[32];
        padded.Clear();
        content.CopyTo(padded[(32 - content.Length)..]);
        if (!Scalar.TryFromBytes(padded, out value))
        {
            return $"DER signature: {name} not below n";
        }

        return value.IsZero ? $"DER signature: {name} is zero" : null;
    }

    public static bool TryWrite(Scalar r, Scalar s, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        Span<byte> rBytes = stackalloc byte[33];
        Span<byte> sBytes = stackalloc byte[33];
        var rContent = MinimalInteger(r, rBytes);
        var sContent = MinimalInteger(s, sBytes);
        var total = 6 + rContent.Length + sContent.Length;
        if (destination.Length < total)
        {
            return false;
        }

        destination[0] = SequenceTag;
        destination[1] = (byte)(total - 2);
        destination[2] = IntegerTag;
        destination[3] = (byte)rContent.Length;
        rContent.CopyTo(destination[4..]);
        var at = 4 + rContent.Length;
        destination[at] = IntegerTag;
        destination[at + 1] = (byte)sContent.Length;
        sContent.CopyTo(destination[(at + 2)..]);
        bytesWritten = total;
        return true;
    }

    /// <summary>The shortest non-negative big-endian two's-complement form, inside a 33-byte buffer.</summary>
    private static ReadOnlySpan<byte> MinimalInteger(Scalar value, Span<byte> buffer33)
    {
        buffer33[0] = 0;
        value.WriteBytes(buffer33[1..]);
        var start = 1;
        while (start < 32 && buffer33[start] == 0)
        {
            start++;
        }

        // Keep (or add) one zero byte when the top bit is set, so the INTEGER stays positive.
        if ((buffer33[start] & 0x80) != 0)
        {
            start--;
        }

        return buffer33[start..];
    }
}
