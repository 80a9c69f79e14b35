using System.Security.Cryptography;
using DltSigner.Core.Hashing;

namespace DltSigner.Core.Proofs;

/// <summary>
/// A hiding, binding commitment to bytes: c = H(context, nonce, data) with a fresh 32-byte random
/// nonce, H being the SHA-256 <see cref="Transcript"/> (domain-separated, length-prefixed, so
/// (nonce, data) pairs cannot collide by shifting bytes). Used for commit-then-reveal rounds
/// (e.g. committing to Feldman commitments before they are revealed).
/// </summary>
/// <remarks>
/// Commitment: 32 bytes. Opening: the 32-byte nonce, revealed together with the data. The nonce
/// keeps low-entropy data hidden until the opening, so it is secret until then.
/// </remarks>
public sealed class HashCommitment : IEquatable<HashCommitment>
{
    public const int Size = 32;
    public const int NonceSize = 32;

    private const string Domain = "DltSigner/hash-commitment/v1";

    private readonly byte[] _value;

    private HashCommitment(byte[] value) => _value = value;

    public ReadOnlySpan<byte> Value => _value;

    /// <summary>Commits to data; returns the commitment and the opening nonce (which the caller keeps until it opens).</summary>
    public static HashCommitment Commit(ProofContext context, ReadOnlySpan<byte> data, out byte[] nonce)
    {
        ArgumentNullException.ThrowIfNull(context);
        nonce = RandomNumberGenerator.GetBytes(NonceSize);
        return new HashCommitment(Compute(context, nonce, data));
    }

    /// <summary>
    /// True when (nonce, data) opens this commitment under the context. Strict: the nonce must be
    /// exactly 32 bytes. The comparison is constant-time.
    /// </summary>
    public bool Verify(ProofContext context, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (nonce.Length != NonceSize)
        {
            return false;
        }

        var expected = Compute(context, nonce, data);
        return CryptographicOperations.FixedTimeEquals(expected, _value);
    }

    public byte[] Encode() => (byte[])_value.Clone();

    /// <summary>Strict decoding: exactly 32 bytes; throws <see cref="CryptoFormatException"/>.</summary>
    public static HashCommitment Decode(ReadOnlySpan<byte> encoded) =>
        encoded.Length == Size
            ? new HashCommitment(encoded.ToArray())
            : throw new CryptoFormatException("hash commitment: length is not 32");

    public bool Equals(HashCommitment? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(_value, other._value);

    public override bool Equals(object? obj) => Equals(obj as HashCommitment);

    public override int GetHashCode() => BitConverter.ToInt32(_value, 0);

    public override string ToString() => $"HashCommitment({Convert.ToHexString(_value)})";

    private static byte[] Compute(ProofContext context, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> data) =>
        context.NewTranscript(Domain)
            .Append("nonce", nonce)
            .Append("data", data)
            .Challenge("commitment", Size);
}
