using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DltSigner.Core.Math;

namespace DltSigner.Core.Hashing;

/// <summary>
/// A Fiat-Shamir / commitment transcript. Every item is written as
/// label length (u32 BE) || label || data length (u32 BE) || data, after a domain tag that is
/// written the same way, so two different sequences of items can never hash alike
/// (no "alpha-shuffle" style ambiguity). Challenges are derived from SHA-256 over the state with a
/// counter, and hash-to-scalar reduces 64 bytes mod n (bias below 2^-256).
/// </summary>
/// <remarks>
/// Challenge(label, len): seed = SHA-256(state || item(label, u32 BE len)), output block i =
/// SHA-256(seed || u32 BE i), truncated to len; then item(label, output) is appended to the state.
/// The state is the encoded byte string itself (transcripts are short), so Fork is a copy.
/// Not thread-safe: one transcript belongs to one protocol step.
/// </remarks>
public sealed class Transcript
{
    /// <summary>Label of the first item; its data is the caller's domain string.</summary>
    public const string DomainLabel = "DltSigner/transcript/v1";

    /// <summary>Largest challenge one call derives.</summary>
    public const int MaxChallengeLength = 1 << 16;

    private const int InitialCapacity = 256;

    private byte[] buffer;
    private int used;

    public Transcript(string domain)
    {
        ArgumentException.ThrowIfNullOrEmpty(domain);
        buffer = new byte[InitialCapacity];
        WriteItem(DomainLabel, Encoding.UTF8.GetBytes(domain));
    }

    private Transcript(byte[] buffer, int used)
    {
        this.buffer = buffer;
        this.used = used;
    }

    public Transcript Append(string label, ReadOnlySpan<byte> data)
    {
        WriteItem(label, data);
        return this;
    }

    /// <summary>Appends the value as 8 bytes big-endian.</summary>
    public Transcript Append(string label, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return Append(label, bytes);
    }

    /// <summary>Appends the 32-byte big-endian encoding.</summary>
    public Transcript Append(string label, Scalar value)
    {
        Span<byte> bytes = stackalloc byte[32];
        value.WriteBytes(bytes);
        WriteItem(label, bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return this;
    }

    /// <summary>Appends the compressed encoding (infinity as the single byte 00).</summary>
    public Transcript Append(string label, Point value)
    {
        if (value.IsInfinity)
        {
            return Append(label, [0x00]);
        }

        Span<byte> bytes = stackalloc byte[33];
        value.WriteCompressed(bytes);
        return Append(label, bytes);
    }

    /// <summary>A copy whose later appends do not affect this one.</summary>
    public Transcript Fork()
    {
        var copy = new byte[buffer.Length];
        buffer.AsSpan(0, used).CopyTo(copy);
        return new Transcript(copy, used);
    }

    /// <summary>
    /// Derives output bytes bound to everything appended so far and to the label; the label and
    /// the output are then appended, so successive challenges differ.
    /// </summary>
    public byte[] Challenge(string label, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxChallengeLength);
        var output = new byte[length];
        Challenge(label, output);
        return output;
    }

    /// <summary>Span form of <see cref="Challenge(string, int)"/>: fills all of <paramref name="output"/>.</summary>
    public void Challenge(string label, Span<byte> output)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (output.IsEmpty || output.Length > MaxChallengeLength)
        {
            throw new ArgumentOutOfRangeException(nameof(output), "challenge length must be 1..65536 bytes");
        }

        // Seed over state || item(label, len) without keeping the request item: the fork is discarded.
        Span<byte> seed = stackalloc byte[Hashes.Sha256Size + 4];
        var mark = used;
        Span<byte> requested = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(requested, (uint)output.Length);
        WriteItem(label, requested);
        SHA256.HashData(buffer.AsSpan(0, used), seed[..Hashes.Sha256Size]);
        CryptographicOperations.ZeroMemory(buffer.AsSpan(mark, used - mark));
        used = mark;

        Span<byte> block = stackalloc byte[Hashes.Sha256Size];
        for (uint counter = 0, offset = 0; offset < (uint)output.Length; counter++, offset += Hashes.Sha256Size)
        {
            BinaryPrimitives.WriteUInt32BigEndian(seed[Hashes.Sha256Size..], counter);
            SHA256.HashData(seed, block);
            var take = (int)System.Math.Min((uint)Hashes.Sha256Size, (uint)output.Length - offset);
            block[..take].CopyTo(output[(int)offset..]);
        }

        CryptographicOperations.ZeroMemory(seed);
        CryptographicOperations.ZeroMemory(block);
        WriteItem(label, output);
    }

    /// <summary>64 challenge bytes reduced mod n.</summary>
    public Scalar ChallengeScalar(string label)
    {
        Span<byte> wide = stackalloc byte[64];
        Challenge(label, wide);
        var result = Scalar.FromBytesReduced(wide);
        CryptographicOperations.ZeroMemory(wide);
        return result;
    }

    private void WriteItem(string label, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(label);
        var labelLength = Encoding.UTF8.GetByteCount(label);
        var needed = checked(used + 8 + labelLength + data.Length);
        EnsureCapacity(needed);
        var span = buffer.AsSpan(used);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)labelLength);
        Encoding.UTF8.GetBytes(label, span[4..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[(4 + labelLength)..], (uint)data.Length);
        data.CopyTo(span[(8 + labelLength)..]);
        used = needed;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= buffer.Length)
        {
            return;
        }

        var grown = new byte[System.Math.Max(needed, checked(buffer.Length * 2))];
        buffer.AsSpan(0, used).CopyTo(grown);

        // Items may include secrets being committed to; do not leave copies behind.
        CryptographicOperations.ZeroMemory(buffer);
        buffer = grown;
    }
}
