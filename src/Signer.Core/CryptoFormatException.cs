namespace DltSigner.Core;

/// <summary>
/// Bytes that do not decode to a valid value: wrong length, out of range, off the curve,
/// non-canonical. The message names the check that failed and never carries secret data.
/// </summary>
public sealed class CryptoFormatException : FormatException
{
    public CryptoFormatException(string check)
        : base(check)
    {
        Check = check;
    }

    public CryptoFormatException()
        : this("invalid encoding")
    {
    }

    public CryptoFormatException(string check, Exception innerException)
        : base(check, innerException)
    {
        Check = check;
    }

    /// <summary>The check that failed, e.g. "point: x not a canonical field element".</summary>
    public string Check { get; } = "invalid encoding";
}
