using DltSigner.Core.Math;

namespace DltSigner.Core.Keys;

/// <summary>A secp256k1 public key: a point that is not infinity.</summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    public PublicKey(Point point)
    {
        if (point.IsInfinity)
        {
            throw new CryptoFormatException("public key: point at infinity");
        }

        Point = point;
    }

    public Point Point { get; }

    /// <summary>Strict SEC1 decoding (33 or 65 bytes).</summary>
    public static PublicKey Decode(ReadOnlySpan<byte> encoded) => new(Point.Decode(encoded));

    public static bool TryDecode(ReadOnlySpan<byte> encoded, out PublicKey? key)
    {
        key = Point.TryDecode(encoded, out var p) ? new PublicKey(p) : null;
        return key is not null;
    }

    public byte[] ToCompressed() => Point.ToCompressed();

    public byte[] ToUncompressed() => Point.ToUncompressed();

    /// <summary>BIP340 x-only encoding (32 bytes).</summary>
    public byte[] ToXOnly() => Point.XBytes();

    public bool Equals(PublicKey? other) => other is not null && Point.Equals(other.Point);

    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    public override int GetHashCode() => Point.GetHashCode();

    public override string ToString() => Convert.ToHexStringLower(ToCompressed());
}
