using System.Security.Cryptography;
using System.Text;
using DltSigner.Core.Hashing;

namespace DltSigner.Core.Mpc;

/// <summary>
/// A 32-byte protocol session identifier, bound into every message envelope and into the
/// protocols' transcripts so messages of one run can never be replayed into another. Public value.
/// </summary>
public readonly struct SessionId : IEquatable<SessionId>
{
    public const int Size = 32;

    private readonly byte[]? bytes;

    private SessionId(byte[] bytes) => this.bytes = bytes;

    /// <summary>True for a constructed id; <c>default(SessionId)</c> is not one.</summary>
    public bool IsValid => bytes is not null;

    public ReadOnlySpan<byte> Bytes => bytes ?? throw new InvalidOperationException("uninitialised session id");

    /// <summary>A fresh random id (for a coordinator that announces it to the parties).</summary>
    public static SessionId Random() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>An id every party can compute on its own from agreed public context (e.g. key id, message hash, signer set).</summary>
    public static SessionId Derive(string protocol, ReadOnlySpan<byte> context)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        var t = new Transcript("DltSigner/session-id")
            .Append("protocol", Encoding.UTF8.GetBytes(protocol))
            .Append("context", context);
        return new SessionId(t.Challenge("session-id", Size));
    }

    /// <summary>Exactly 32 bytes; throws <see cref="CryptoFormatException"/> otherwise.</summary>
    public static SessionId FromBytes(ReadOnlySpan<byte> value) =>
        value.Length == Size ? new SessionId(value.ToArray()) : throw new CryptoFormatException("session id: length must be 32");

    public void WriteBytes(Span<byte> destination) => Bytes.CopyTo(destination);

    public byte[] ToArray() => Bytes.ToArray();

    public bool Equals(SessionId other) =>
        bytes is null ? other.bytes is null : other.bytes is not null && bytes.AsSpan().SequenceEqual(other.bytes);

    public override bool Equals(object? obj) => obj is SessionId other && Equals(other);

    public override int GetHashCode() => bytes is null ? 0 : BitConverter.ToInt32(bytes, 0);

    public override string ToString() => bytes is null ? "SessionId(default)" : Convert.ToHexStringLower(bytes);

    public static bool operator ==(SessionId left, SessionId right) => left.Equals(right);
    public static bool operator !=(SessionId left, SessionId right) => !left.Equals(right);
}
