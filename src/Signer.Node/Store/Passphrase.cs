using System.Security.Cryptography;
using System.Text;

namespace DltSigner.Node.Store;

/// <summary>
/// The share-file passphrase as UTF-8 bytes, zeroed on <see cref="Dispose"/>. It arrives through an
/// environment variable (never a command-line argument, which other users can see in the process
/// list). Limit: the variable's .NET string copy cannot be zeroed (SECURITY.md).
/// </summary>
public sealed class Passphrase : IDisposable
{
    /// <summary>The default variable name.</summary>
    public const string DefaultVariable = "DLTSIGNER_PASSPHRASE";

    /// <summary>Shorter passphrases are warned about when share files are written.</summary>
    public const int RecommendedLength = 12;

    private readonly byte[] _bytes;
    private bool _disposed;

    public Passphrase(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            throw new ShareFileException(ShareFileError.Passphrase, "the passphrase is empty");
        }

        _bytes = new byte[Encoding.UTF8.GetByteCount(text)];
        Encoding.UTF8.GetBytes(text, _bytes);
    }

    public ReadOnlySpan<byte> Bytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    /// <summary>Reads the variable; a missing or empty one is an error that names it and the alternatives.</summary>
    public static Passphrase FromEnvironment(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            throw new ShareFileException(
                ShareFileError.Passphrase,
                $"environment variable {variable} is not set (or empty): it must hold the share-file passphrase "
                + "(another variable: --passphrase-env NAME; unencrypted shares, insecure: --insecure-plaintext)");
        }

        return new Passphrase(value);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_bytes);
        _disposed = true;
    }

    public override string ToString() => "Passphrase(redacted)";
}
