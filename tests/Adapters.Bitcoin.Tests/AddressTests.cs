using DltSigner.Adapters.Bitcoin.Addresses;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;

namespace DltSigner.Adapters.Bitcoin.Tests;

/// <summary>Bitcoin Core key_io_valid.json / key_io_invalid.json: addresses and WIF keys.</summary>
public sealed class AddressTests
{
    [Fact]
    public void Key_io_valid_addresses_parse_to_their_script_and_reencode()
    {
        var cases = Json.CoreCases("key_io_valid.json");
        Assert.Equal(70, cases.Count);
        var addresses = 0;
        foreach (var c in cases.Where(c => !c[2].GetProperty("isPrivkey").GetBoolean()))
        {
            var text = c[0].GetString()!;
            var network = Network.FromName(c[2].GetProperty("chain").GetString()!);
            var script = Script.FromHex(c[1].GetString()!);

            var address = BitcoinAddress.Parse(text, network);
            Assert.Equal(script, address.ScriptPubKey);
            Assert.Equal(text, address.ToString());
            Assert.Equal(text, BitcoinAddress.FromScriptPubKey(script, network)!.ToString());
            if (c[2].TryGetProperty("tryCaseFlip", out var flip) && flip.GetBoolean())
            {
                Assert.Equal(script, BitcoinAddress.Parse(text.ToUpperInvariant(), network).ScriptPubKey);
            }

            // The network check: the address parses exactly on the chains sharing its prefix or HRP.
            foreach (var other in Network.All)
            {
                var sameEncoding = address.Kind == AddressKind.Witness
                    ? other.Bech32Hrp == network.Bech32Hrp
                    : other.PubKeyHashPrefix == network.PubKeyHashPrefix;
                Assert.Equal(sameEncoding, BitcoinAddress.TryParse(text, other, out _));
            }

            addresses++;
        }

        Assert.Equal(54, addresses);
    }

    [Fact]
    public void Key_io_valid_wif_keys_decode_and_reencode()
    {
        var keys = 0;
        foreach (var c in Json.CoreCases("key_io_valid.json").Where(c => c[2].GetProperty("isPrivkey").GetBoolean()))
        {
            var text = c[0].GetString()!;
            var network = Network.FromName(c[2].GetProperty("chain").GetString()!);
            using var key = Wif.Decode(text, network, out var compressed);
            Assert.Equal(c[2].GetProperty("isCompressed").GetBoolean(), compressed);
            var exported = new byte[32];
            key.Export(exported);
            Assert.Equal(c[1].GetString(), Hex.Encode(exported));
            Assert.Equal(text, Wif.Encode(key, compressed, network));
            Assert.False(BitcoinAddress.TryParse(text, network, out _));
            keys++;
        }

        Assert.Equal(16, keys);
    }

    [Fact]
    public void Key_io_invalid_strings_are_neither_addresses_nor_keys_on_any_chain()
    {
        // Every entry is a one-string array, so none is a comment here.
        var cases = Json.Load("bitcoin-core-test-data", "key_io_invalid.json").EnumerateArray().ToList();
        Assert.Equal(70, cases.Count);
        foreach (var c in cases)
        {
            var text = c[0].GetString()!;
            foreach (var network in Network.All)
            {
                Assert.False(BitcoinAddress.TryParse(text, network, out _), $"{text} as address on {network}");
                Assert.False(Wif.TryDecode(text, network, out var key, out _), $"{text} as key on {network}");
                key?.Dispose();
            }
        }
    }
}
