using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core;

namespace DltSigner.Adapters.Bitcoin.Tests;

/// <summary>
/// Bitcoin Core tx_valid.json / tx_invalid.json. We do not execute scripts, so what is checked is:
/// every transaction parses strictly and round-trips byte for byte; valid ones pass the context-free
/// CheckTransaction rules; invalid ones flagged BADTX (the "Tests for CheckTransaction()" group) fail
/// those rules; every other invalid case is invalid by script execution (signatures, CLTV/CSV,
/// NULLDUMMY, witness programs, P2SH) and must still parse and round-trip.
/// </summary>
public sealed class TransactionTests
{
    [Fact]
    public void Tx_valid_every_case_parses_round_trips_and_passes_structure_checks()
    {
        var cases = Json.CoreCases("tx_valid.json");
        Assert.Equal(121, cases.Count);
        foreach (var c in cases)
        {
            var hex = c[1].GetString()!;
            var tx = Transaction.Parse(hex);
            Assert.Equal(hex, tx.ToHex());
            Assert.Null(TransactionChecks.Check(tx));
            Assert.Equal(c[0].GetArrayLength(), tx.Inputs.Count);
            Assert.Equal(tx.Weight, (tx.ToBytesWithoutWitness().Length * 3) + hex.Length / 2);
        }
    }

    [Fact]
    public void Tx_invalid_structural_cases_fail_checks_others_round_trip()
    {
        var cases = Json.CoreCases("tx_invalid.json");
        Assert.Equal(93, cases.Count);
        int badTx = 0, scriptOnly = 0;
        foreach (var c in cases)
        {
            var hex = c[1].GetString()!;
            var flags = c[2].GetString()!;
            var parsed = Transaction.TryParse(Hex.Decode(hex), out var tx, out _);
            if (flags == "BADTX")
            {
                Assert.True(!parsed || TransactionChecks.Check(tx!) is not null, hex);
                badTx++;
            }
            else
            {
                Assert.True(parsed, hex);
                Assert.Equal(hex, tx!.ToHex());
                scriptOnly++;
            }
        }

        Assert.Equal(9, badTx);
        Assert.Equal(84, scriptOnly);
    }

    [Fact]
    public void Known_txid_and_sizes()
    {
        // tx_valid's first case is mainnet tx 23b397ed...dd63.
        var tx = Transaction.Parse(Json.CoreCases("tx_valid.json")[0][1].GetString()!);
        Assert.Equal("23b397edccd3740a74adb603c9756370fafcde9bcc4483eb271ecad09a94dd63", tx.TxIdDisplay);
        Assert.Equal(tx.TxIdDisplay, tx.WTxIdDisplay);
        Assert.Equal(tx.Size * 4, tx.Weight);
    }

    [Theory]
    [InlineData("01000000")] // truncated
    [InlineData("0100000000000000000000")] // marker with flag 0 (no inputs)
    [InlineData("01000000000200")] // unknown segwit flag
    [InlineData("010000000001010000000000000000000000000000000000000000000000000000000000000000ffffffff00ffffffff010000000000000000000000000000")] // superfluous witness
    [InlineData("0100000001000000000000000000000000000000000000000000000000000000000000000000000000ffffffff0000000000ff")] // trailing byte
    [InlineData("01000000fe00000001")] // input count 2^24 with no data
    [InlineData("01000000fd0100")] // non-canonical count
    public void Hostile_or_malformed_transactions_are_rejected(string hex) =>
        Assert.Throws<CryptoFormatException>(() => Transaction.Parse(hex));
}
