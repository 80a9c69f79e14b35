using System.Text.Json;
using DltSigner.Adapters.Bitcoin.Bech32;
using DltSigner.Adapters.Bitcoin.Encoding;

namespace DltSigner.Adapters.Bitcoin.Tests;

public sealed class Bech32Tests
{
    private static readonly JsonElement Bip173 = Json.Load("bip173_bip350", "bip173.json");
    private static readonly JsonElement Bip350 = Json.Load("bip173_bip350", "bip350.json");

    [Fact]
    public void Valid_checksums_decode_with_their_variant_and_reencode()
    {
        var n = 0;
        foreach (var (file, key, enc) in new[] { (Bip173, "valid_bech32", Bech32Encoding.Bech32), (Bip350, "valid_bech32m", Bech32Encoding.Bech32m) })
        {
            foreach (var s in file.GetProperty(key).EnumerateArray().Select(e => e.GetString()!))
            {
                var d = Bech32Codec.Decode(s);
                Assert.Equal(enc, d.Encoding);
                Assert.Equal(s.ToLowerInvariant(), Bech32Codec.Encode(d.Hrp, d.Data, enc));

                // Flipping one data character must break the checksum.
                var pos = s.LastIndexOf('1') + 1;
                var flipped = s[..pos] + (char.ToLowerInvariant(s[pos]) == 'q' ? 'p' : 'q') + s[(pos + 1)..];
                Assert.False(Bech32Codec.TryDecode(char.IsUpper(s[^1]) ? flipped.ToUpperInvariant() : flipped, out _));
                n++;
            }
        }

        Assert.Equal(14, n);
    }

    [Fact]
    public void Invalid_strings_are_rejected_by_both_variants()
    {
        var n = 0;
        foreach (var (file, key) in new[] { (Bip173, "invalid_bech32"), (Bip350, "invalid_bech32m") })
        {
            foreach (var c in file.GetProperty(key).EnumerateArray())
            {
                var s = c.GetProperty("string").GetString()!;
                Assert.False(Bech32Codec.TryDecode(s, out _), s + ": " + c.GetProperty("reason").GetString());
                n++;
            }
        }

        Assert.Equal(26, n);
    }

    [Fact]
    public void Valid_segwit_addresses_decode_to_their_scriptPubKey_and_reencode()
    {
        var n = 0;
        foreach (var c in Bip350.GetProperty("valid_segwit_addresses").EnumerateArray())
        {
            var address = c.GetProperty("address").GetString()!;
            var (hrp, program) = SegwitAddress.Decode(address);
            var spk = Hex.Decode(c.GetProperty("scriptPubKey").GetString()!);
            Assert.Equal(spk, Scripts.ScriptTemplates.PayToWitness(program.Version, program.Program).ToArray());
            Assert.Equal(address.ToLowerInvariant(), SegwitAddress.Encode(hrp, program.Version, program.Program));
            n++;
        }

        Assert.Equal(8, n);
    }

    [Fact]
    public void Bip173_era_addresses_v0_valid_v1plus_invalid_under_bip350()
    {
        var n = 0;
        foreach (var c in Bip173.GetProperty("valid_segwit_addresses_bip173_era").EnumerateArray())
        {
            var address = c.GetProperty("address").GetString()!;
            var version = Hex.Decode(c.GetProperty("scriptPubKey").GetString()!)[0];
            var ok = TryDecode(address);
            Assert.Equal(version == 0, ok);
            n++;
        }

        Assert.Equal(6, n);
    }

    [Fact]
    public void Invalid_segwit_addresses_are_rejected()
    {
        var n = 0;
        foreach (var file in new[] { Bip173, Bip350 })
        {
            foreach (var c in file.GetProperty("invalid_segwit_addresses").EnumerateArray())
            {
                var address = c.GetProperty("address").GetString()!;
                // "Invalid human-readable part" means not bc/tb: check against both networks' HRPs.
                Assert.False(TryDecodeFor("bc", address) || TryDecodeFor("tb", address), address);
                n++;
            }
        }

        Assert.Equal(25, n);
    }

    private static bool TryDecode(string address)
    {
        try
        {
            SegwitAddress.Decode(address);
            return true;
        }
        catch (Core.CryptoFormatException)
        {
            return false;
        }
    }

    private static bool TryDecodeFor(string hrp, string address)
    {
        try
        {
            SegwitAddress.Decode(hrp, address);
            return true;
        }
        catch (Core.CryptoFormatException)
        {
            return false;
        }
    }
}
