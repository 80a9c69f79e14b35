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

public sealed class PsbtHostileInputTests
{
    /// <summary>A PSBT whose input map holds 50,000 distinct unknown keys: duplicate detection stays linear.</summary>
    [Fact]
    public void Many_entries_parse_and_round_trip()
    {
        var valid = Hex.Decode(PsbtParseTests.Vectors.GetProperty("valid")[0].GetProperty("hex").GetString()!);
        var psbt = Psbt.Parse(valid);

        // Spliced in as raw bytes right after the global map (the first input map's start).
        var w = new ByteWriter(2_000_000);
        for (var i = 0; i < 50_000; i++)
        {
            w.WriteVarBytes([0xf0, .. BitConverter.GetBytes(i)]);
            w.WriteVarBytes([]);
        }

        var globalLength = 5 + psbt.Global.Entries.Sum(SizeOf) + 1;
        byte[] hostile = [.. valid.AsSpan(0, globalLength), .. w.WrittenSpan, .. valid.AsSpan(globalLength)];
        psbt = Psbt.Parse(hostile);
        Assert.Equal(50_000 + Psbt.Parse(valid).Inputs[0].Entries.Count, psbt.Inputs[0].Entries.Count);

        var bytes = psbt.ToBytes();
        var parsed = Psbt.Parse(bytes);
        Assert.Equal(psbt.Inputs[0].Entries.Count, parsed.Inputs[0].Entries.Count);
        Assert.Equal(bytes, parsed.ToBytes());
    }

    [Fact]
    public void Duplicate_and_malformed_entries_are_rejected()
    {
        var psbt = Psbt.Parse(Hex.Decode(PsbtParseTests.Vectors.GetProperty("valid")[0].GetProperty("hex").GetString()!));
        Assert.Throws<Core.CryptoFormatException>(() => psbt.Inputs[0].Set(PsbtKeyTypes.InSighashType, [], [1, 0, 0]));
        Assert.Throws<Core.CryptoFormatException>(() => psbt.Inputs[0].Set(PsbtKeyTypes.InPartialSig, new byte[33], [0x30]));
        Assert.Throws<Core.CryptoFormatException>(() => psbt.Inputs[0].Set(PsbtKeyTypes.InSha256, new byte[32], [1]));
        Assert.Throws<InvalidOperationException>(() => psbt.Global.Set(PsbtKeyTypes.GlobalUnsignedTx, [], psbt.UnsignedTx.ToBytes()));

        // Raw duplicate: append a copy of the first input entry inside the input map.
        var bytes = psbt.ToBytes().ToList();
        var entry = psbt.Inputs[0].Entries[0];
        var w = new ByteWriter();
        w.WriteVarBytes(entry.Key);
        w.WriteVarBytes(entry.Value);
        var globalLength = 5 + psbt.Global.Entries.Sum(SizeOf) + 1;
        bytes.InsertRange(globalLength, w.ToArray());
        Assert.False(Psbt.TryParse(bytes.ToArray(), out _, out var error));
        Assert.Contains("duplicate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Taproot_tree_must_be_complete()
    {
        var psbt = Psbt.Parse(Hex.Decode(PsbtParseTests.Vectors.GetProperty("valid")[3].GetProperty("hex").GetString()!));
        byte[] leaf(byte depth) => [depth, 0xc0, 1, 0x51];
        psbt.Outputs[0].Set(PsbtKeyTypes.OutTapTree, [], [.. leaf(1), .. leaf(1)]);
        psbt.Outputs[0].Set(PsbtKeyTypes.OutTapTree, [], [.. leaf(0)]);
        psbt.Outputs[0].Set(PsbtKeyTypes.OutTapTree, [], [.. leaf(1), .. leaf(2), .. leaf(2)]);
        Assert.Throws<Core.CryptoFormatException>(() => psbt.Outputs[0].Set(PsbtKeyTypes.OutTapTree, [], [.. leaf(1)]));
        Assert.Throws<Core.CryptoFormatException>(() => psbt.Outputs[0].Set(PsbtKeyTypes.OutTapTree, [], [.. leaf(0), .. leaf(0)]));
        Assert.Throws<Core.CryptoFormatException>(() => psbt.Outputs[0].Set(PsbtKeyTypes.OutTapTree, [], [.. leaf(2), .. leaf(1), .. leaf(2)]));
        Assert.Throws<Core.CryptoFormatException>(() => psbt.Outputs[0].Set(PsbtKeyTypes.OutTapTree, [], [1, 0xc1, 1, 0x51, .. leaf(1)]));
    }

    private static int SizeOf(PsbtEntry e) =>
        CompactSize.EncodedLength((ulong)e.Key.Length) + e.Key.Length + CompactSize.EncodedLength((ulong)e.Value.Length) + e.Value.Length;
}
