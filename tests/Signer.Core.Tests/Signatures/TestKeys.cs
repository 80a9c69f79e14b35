using System.Numerics;

namespace DltSigner.Core.Tests.Signatures;

/// <summary>Deterministic test keys from a seeded generator (tests only; never for real keys).</summary>
internal static class TestKeys
{
    public static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>32 bytes uniform in [1, n) by rejection.</summary>
    public static byte[] RandomKeyBytes(Random rng)
    {
        var bytes = new byte[32];
        while (true)
        {
            rng.NextBytes(bytes);
            var v = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            if (!v.IsZero && v < N)
            {
                return bytes;
            }
        }
    }
}
