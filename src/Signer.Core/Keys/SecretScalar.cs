using DltSigner.Core.Math;

namespace DltSigner.Core.Keys;

/// <summary>
/// A long-lived secret scalar (a key, a key share). Sealed, disposable, no value equality, prints
/// nothing. The value is reachable inside the library only; export needs an explicit call.
/// </summary>
public sealed class SecretScalar : IDisposable
{
    private Scalar _value;
    private bool _disposed;

    private SecretScalar(Scalar value) => _value = value;

    /// <summary>A fresh secret, uniform in [1, n).</summary>
    public static SecretScalar Generate() => new(Scalar.RandomNonZero());

    /// <summary>Takes ownership of a value computed inside the library.</summary>
    internal static SecretScalar FromScalar(Scalar value) => new(value);

    /// <summary>Strict import of 32 big-endian bytes; throws <see cref="CryptoFormatException"/> when out of range.</summary>
    public static SecretScalar Import(ReadOnlySpan<byte> bytes, bool allowZero = false)
    {
        var s = Scalar.FromBytes(bytes);
        if (!allowZero && s.IsZero)
        {
            throw new CryptoFormatException("secret scalar: zero");
        }

        return new SecretScalar(s);
    }

    internal Scalar Value
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _value;
        }
    }

    public bool IsZero => Value.IsZero;

    /// <summary>The public point x·G (constant-time in x).</summary>
    public Point PublicPoint() => Point.BaseMul(Value);

    /// <summary>Explicit export of the secret, 32 big-endian bytes. The caller owns and must zero the buffer.</summary>
    public void Export(Span<byte> destination)
    {
        if (destination.Length != 32)
        {
            throw new ArgumentException("destination must be 32 bytes", nameof(destination));
        }

        Value.WriteBytes(destination);
    }

    public SecretScalar Clone() => new(Value);

    public void Dispose()
    {
        _value = default;
        _disposed = true;
    }

    public override string ToString() => "SecretScalar(redacted)";
}
