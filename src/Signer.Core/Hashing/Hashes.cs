namespace DltSigner.Core.Hashing;

/// <summary>The hash functions the signer and the adapters use, behind one facade.</summary>
public static class Hashes
{
    public static byte[] Sha256(ReadOnlySpan<byte> data) => throw new NotImplementedException();

    /// <summary>SHA-256(SHA-256(data)), Bitcoin's hash256.</summary>
    public static byte[] Sha256d(ReadOnlySpan<byte> data) => throw new NotImplementedException();

    /// <summary>BIP340 tagged hash: SHA-256(SHA-256(tag) || SHA-256(tag) || data); tag prefixes are cached.</summary>
    public static byte[] TaggedHash(string tag, ReadOnlySpan<byte> data) => throw new NotImplementedException();

    /// <summary>Keccak-256 as Ethereum uses it (original Keccak padding 0x01, not SHA3-256).</summary>
    public static byte[] Keccak256(ReadOnlySpan<byte> data) => throw new NotImplementedException();

    public static byte[] Ripemd160(ReadOnlySpan<byte> data) => throw new NotImplementedException();

    /// <summary>RIPEMD-160(SHA-256(data)), Bitcoin's hash160.</summary>
    public static byte[] Hash160(ReadOnlySpan<byte> data) => throw new NotImplementedException();

    public static byte[] HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => throw new NotImplementedException();
}
