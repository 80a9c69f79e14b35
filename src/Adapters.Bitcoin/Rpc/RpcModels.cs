using System.Globalization;
using System.Text.Json;
using DltSigner.Adapters.Bitcoin.Transactions;

namespace DltSigner.Adapters.Bitcoin.Rpc;

public sealed record BlockchainInfo(string Chain, int Blocks, string BestBlockHash, bool InitialBlockDownload);

/// <summary>One descriptor for importdescriptors; <paramref name="Descriptor"/> must carry its checksum.</summary>
public sealed record DescriptorImport(string Descriptor, bool Internal = false, string? Label = null, long? Timestamp = null);

/// <summary>One testmempoolaccept verdict.</summary>
public sealed record MempoolAcceptResult(string TxId, bool Allowed, string? RejectReason, int? VSize, long? Fee);

/// <summary>getrawtransaction verbose: the transaction and where it is (0 confirmations: mempool).</summary>
public sealed record RawTransactionInfo(Transaction Transaction, int Confirmations, string? BlockHash);

/// <summary>gettransaction: a wallet transaction's confirmations and raw hex (negative: conflicted).</summary>
public sealed record WalletTransactionInfo(string TxId, int Confirmations, string Hex, string? BlockHash);

public sealed record FundedPsbt(string Psbt, long Fee, int ChangePosition);

public sealed record ProcessedPsbt(string Psbt, bool Complete);

/// <summary>finalizepsbt: the extracted network transaction hex when complete, else the PSBT.</summary>
public sealed record FinalizedPsbt(string? Psbt, string? Hex, bool Complete);

/// <summary>Amount conversions between bitcoind's JSON BTC values and satoshis.</summary>
public static class BtcAmount
{
    private const decimal SatoshisPerBtc = 100_000_000m;

    /// <summary>A JSON BTC amount in satoshis; more than 8 decimals or out of range is a bad response.</summary>
    public static long ToSatoshis(JsonElement btc)
    {
        if (btc.ValueKind != JsonValueKind.Number || !btc.TryGetDecimal(out var value))
        {
            throw new FormatException("bitcoind amount is not a number");
        }

        return ToSatoshis(value);
    }

    public static long ToSatoshis(decimal btc)
    {
        var sats = btc * SatoshisPerBtc;
        if (sats != decimal.Truncate(sats) || Math.Abs(sats) > TxOut.MaxMoney)
        {
            throw new FormatException("bitcoind amount has more than 8 decimals or is out of range: " + btc.ToString(CultureInfo.InvariantCulture));
        }

        return (long)sats;
    }

    /// <summary>Satoshis as a BTC decimal with 8 decimals (what RPC amount parameters take).</summary>
    public static decimal FromSatoshis(long satoshis) => decimal.Round(satoshis / SatoshisPerBtc, 8);
}
