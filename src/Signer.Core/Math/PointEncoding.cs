namespace DltSigner.Core.Math;

/// <summary>
/// SEC1 encodings of <see cref="Point"/> (SEC 1 v2, §2.3.3–2.3.4) and BIP340 lift_x.
/// Encoding is constant-time. Decoding handles public input: its branches reveal only which check
/// failed; the square root itself is a constant-time exponentiation.
/// </summary>
public readonly partial struct Point
{
    public const int CompressedLength = 33;
    public const int UncompressedLength = 65;

    /// <summary>SEC1 compressed encoding, 33 bytes. Throws for infinity.</summary>
    public byte[] ToCompressed()
    {
        var b = new byte[CompressedLength];
        WriteCompressed(b);
        return b;
    }

    public void WriteCompressed(Span<byte> destination)
    {
        RequireFinite();
        if (destination.Length < CompressedLength)
        {
            throw new ArgumentException("need 33 bytes", nameof(destination));
        }

        destination[0] = (byte)(0x02 | (int)(Y.L0 & 1));
        X.WriteBytes(destination[1..]);
    }

    /// <summary>SEC1 uncompressed encoding, 65 bytes. Throws for infinity.</summary>
    public byte[] ToUncompressed()
    {
        var b = new byte[UncompressedLength];
        WriteUncompressed(b);
        return b;
    }

    public void WriteUncompressed(Span<byte> destination)
    {
        RequireFinite();
        if (destination.Length < UncompressedLength)
        {
            throw new ArgumentException("need 65 bytes", nameof(destination));
        }

        destination[0] = 0x04;
        X.WriteBytes(destination[1..]);
        Y.WriteBytes(destination[33..]);
    }

    /// <summary>The 32-byte big-endian x coordinate. Throws for infinity.</summary>
    public byte[] XBytes()
    {
        RequireFinite();
        return X.ToBytes();
    }

    /// <summary>The 32-byte big-endian y coordinate. Throws for infinity.</summary>
    public byte[] YBytes()
    {
        RequireFinite();
        return Y.ToBytes();
    }

    /// <summary>
    /// Strict SEC1 decoding: 33 bytes (02/03 prefix) or 65 bytes (04 prefix); coordinates must be
    /// canonical (&lt; p) and on the curve. The single byte 00 decodes to infinity only when
    /// allowInfinity is set; hybrid encodings (06/07) are rejected.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out Point point, bool allowInfinity = false) =>
        DecodeCore(encoded, allowInfinity, out point) is null;

    /// <summary>Strict SEC1 decoding; throws <see cref="CryptoFormatException"/> naming the check.</summary>
    public static Point Decode(ReadOnlySpan<byte> encoded, bool allowInfinity = false)
    {
        string? error = DecodeCore(encoded, allowInfinity, out var point);
        return error is null ? point : throw new CryptoFormatException(error);
    }

    /// <summary>BIP340 lift_x: the point with this x (canonical, &lt; p) and even y.</summary>
    public static bool TryLiftX(ReadOnlySpan<byte> x, out Point point)
    {
        point = default;
        if (!FieldElement.TryFromBytes(x, out var fx) || !TryLift(fx, odd: false, out var p))
        {
            return false;
        }

        point = p;
        return true;
    }

    /// <summary>Returns null on success, else the name of the failed check.</summary>
    private static string? DecodeCore(ReadOnlySpan<byte> e, bool allowInfinity, out Point point)
    {
        point = default;
        if (e.Length == 1 && e[0] == 0x00)
        {
            return allowInfinity ? null : "point: infinity not allowed";
        }

        if (e.Length != CompressedLength && e.Length != UncompressedLength)
        {
            return "point: length";
        }

        byte prefix = e[0];
        bool prefixMatchesLength = e.Length == CompressedLength ? prefix is 0x02 or 0x03 : prefix == 0x04;
        if (!prefixMatchesLength)
        {
            return "point: prefix";
        }

        if (!FieldElement.TryFromBytes(e.Slice(1, 32), out var x))
        {
            return "point: x not canonical";
        }

        if (e.Length == CompressedLength)
        {
            if (!TryLift(x, odd: prefix == 0x03, out point))
            {
                return "point: not on curve (x has no square root)";
            }

            return null;
        }

        if (!FieldElement.TryFromBytes(e.Slice(33, 32), out var y))
        {
            return "point: y not canonical";
        }

        if (!y.Sqr().Equals(CurveRhs(x)))
        {
            return "point: not on curve";
        }

        point = new Point(x, y, true);
        return null;
    }

    /// <summary>x³ + 7.</summary>
    private static FieldElement CurveRhs(in FieldElement x) => (x.Sqr() * x) + FieldElement.FromUInt64(7);

    /// <summary>The point with this x and the requested parity of y, if x is on the curve.</summary>
    private static bool TryLift(in FieldElement x, bool odd, out Point point)
    {
        point = default;
        if (!CurveRhs(x).Sqrt(out var y))
        {
            return false;
        }

        // y and p − y have opposite parities (y ≠ 0: x³ + 7 = 0 has no solution in F_p).
        y = FieldElement.Select(y, -y, Limb.Mask(y.IsOdd != odd));
        point = new Point(x, y, true);
        return true;
    }

    private void RequireFinite()
    {
        if (!_finite)
        {
            throw new InvalidOperationException("the point at infinity has no SEC1 coordinates");
        }
    }
}
