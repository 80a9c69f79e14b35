using System.Security.Cryptography;
using DltSigner.Core.Math;

namespace DltSigner.Core.Signatures;

/// <summary>
/// secp256k1 as an explicit prime curve for System.Security.Cryptography (OpenSSL on Linux): the
/// independent implementation the tests and benchmarks compare the reference signers against.
/// </summary>
internal static class OpenSslCurve
{
    public static ECCurve Secp256k1() => new()
    {
        CurveType = ECCurve.ECCurveType.PrimeShortWeierstrass,
        Prime = CurveBytes.FieldPrime.ToArray(),
        A = new byte[32],
        B = [.. new byte[31], 7],
        G = new ECPoint { X = Point.Generator.XBytes(), Y = Point.Generator.YBytes() },
        Order = Scalar.OrderBytes.ToArray(),
        Cofactor = [1],
    };

    /// <summary>An ECDsa key for this public key (and private scalar d when given, 32 bytes).</summary>
    public static ECDsa CreateKey(Keys.PublicKey publicKey, byte[]? d = null)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return ECDsa.Create(new ECParameters
        {
            Curve = Secp256k1(),
            Q = new ECPoint { X = publicKey.Point.XBytes(), Y = publicKey.Point.YBytes() },
            D = d,
        });
    }
}
