namespace DltSigner.Adapters.Bitcoin.Wallet;

/// <summary>
/// Limits every spend is checked against before anything is signed. The caps guard against a
/// mistaken or hostile fee rate (a fee is money lost for good); the defaults are conservative and
/// meant to be set per desk.
/// </summary>
public sealed record SpendPolicy
{
    public static SpendPolicy Default { get; } = new();

    /// <summary>Largest absolute fee (default 0.01 BTC).</summary>
    public long MaxFee { get; init; } = 1_000_000;

    /// <summary>Largest fee rate asked for or paid (default 500 sat/vB).</summary>
    public FeeRate MaxFeeRate { get; init; } = FeeRate.FromSatPerVByte(500);

    /// <summary>Bitcoin Core's -dustrelayfee (3 sat/vB): payments below the dust threshold are refused, change below it goes to the fee.</summary>
    public FeeRate DustRelayFee { get; init; } = FeeRate.FromSatPerVByte(3);

    /// <summary>Branch-and-bound gives up after this many steps and falls back to largest-first (Core: 100 000).</summary>
    public int MaxSelectionTries { get; init; } = 100_000;
}

public enum WalletErrorKind
{
    InvalidPayment,
    DustPayment,
    InsufficientFunds,
    FeeAboveCap,
    ForeignInput,
    SignatureInvalid,
    Rejected,
}

/// <summary>A spend refused before signing (or a signed one the node rejects); the message says why in user terms.</summary>
public sealed class WalletException : InvalidOperationException
{
    public WalletException(WalletErrorKind kind, string message)
        : base(message) => Kind = kind;

    public WalletException()
    {
    }

    public WalletException(string message)
        : base(message)
    {
    }

    public WalletException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WalletErrorKind Kind { get; }
}
