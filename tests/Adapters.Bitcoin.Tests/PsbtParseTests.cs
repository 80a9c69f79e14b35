using System.Text.Json;
using DltSigner.Adapters.Bitcoin.Bip174;
using DltSigner.Adapters.Bitcoin.Encoding;

namespace DltSigner.Adapters.Bitcoin.Tests;

/// <summary>BIP174 test vectors: every invalid PSBT rejected, every valid one parsed and round-tripped.</summary>
public sealed class PsbtParseTests
{
    internal static readonly JsonElement Vectors = Json.Load("bip174", "bip174-test-vectors.json");

    [Fact]
    public void Every_invalid_psbt_is_rejected()
    {
        var cases = Vectors.GetProperty("invalid").EnumerateArray().ToList();
        Assert.Equal(20, cases.Count);
        // The check that must fire, in vector order: each case fails for the reason it was written for.
        string[] reasons =
        [
            "missing magic", "psbt key: truncated", "non-empty scriptSig", "no unsigned transaction", "duplicate key",
            "unsigned tx key has key data", "witness utxo key has key data", "invalid pubkey in partial signature",
            "script key has key data", "script key has key data", "invalid pubkey in BIP32 derivation",
            "non-witness utxo key has key data", "script key has key data", "final script witness key has key data",
            "invalid pubkey in output BIP32 derivation", "sighash type key has key data", "output script key has key data",
            "output script key has key data", "tx scriptPubKey", "tx: trailing bytes",
        ];
        foreach (var (c, reason) in cases.Zip(reasons))
        {
            var bytes = Hex.Decode(c.GetProperty("hex").GetString()!);
            Assert.False(Psbt.TryParse(bytes, out _, out var error), c.GetProperty("case").GetString());
            Assert.Contains(reason, error, StringComparison.Ordinal);
            Assert.Throws<Core.CryptoFormatException>(() => Psbt.ParseBase64(c.GetProperty("base64").GetString()!));
        }
    }

    [Fact]
    public void Every_valid_psbt_parses_and_round_trips()
    {
        var cases = Vectors.GetProperty("valid").EnumerateArray().ToList();
        Assert.Equal(10, cases.Count);
        foreach (var c in cases)
        {
            var hex = c.GetProperty("hex").GetString()!;
            Assert.True(Psbt.TryParse(Hex.Decode(hex), out var psbt, out var error), c.GetProperty("case").GetString() + ": " + error);
            Assert.Equal(hex, Hex.Encode(psbt!.ToBytes()));
            var base64 = c.GetProperty("base64").GetString()!;
            Assert.Equal(base64, Psbt.ParseBase64(base64).ToBase64());
            Assert.Equal(psbt.UnsignedTx.Inputs.Count, psbt.Inputs.Count);
        }
    }

    [Fact]
    public void Signer_check_vectors_parse_and_round_trip()
    {
        foreach (var c in Vectors.GetProperty("fails_signer_checks").EnumerateArray())
        {
            var hex = c.GetProperty("hex").GetString()!;
            Assert.Equal(hex, Hex.Encode(Psbt.Parse(Hex.Decode(hex)).ToBytes()));
        }
    }
}
