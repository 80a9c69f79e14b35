using System.Text.Json;
using DltSigner.Core.Math;
using DltSigner.Core.Protocols.Derivation;
using DltSigner.Tests.Shared;

namespace DltSigner.Core.Tests.Protocols.Derivation;

public sealed class Bip32Tests
{
    /// <summary>(parent xpub, child xpub, index) for every non-hardened step of the official chains.</summary>
    public static TheoryData<string, string, uint> NonHardenedSteps()
    {
        var data = new TheoryData<string, string, uint>();
        using var doc = JsonDocument.Parse(TestVectors.ReadText("bip32", "bip32-test-vectors.json"));
        foreach (var vector in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (!vector.TryGetProperty("chains", out var chains))
            {
                continue;
            }

            var list = chains.EnumerateArray().ToList();
            for (var k = 1; k < list.Count; k++)
            {
                var path = list[k].GetProperty("path").GetString()!;
                var last = path[(path.LastIndexOf('/') + 1)..];
                if (!last.EndsWith('H'))
                {
                    data.Add(list[k - 1].GetProperty("ext_pub").GetString()!, list[k].GetProperty("ext_pub").GetString()!, uint.Parse(last, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NonHardenedSteps))]
    public void Public_derivation_matches_the_official_vectors(string parent, string child, uint index)
    {
        var xpub = ExtendedPublicKey.Parse(parent);
        Assert.Equal(parent, xpub.ToString());
        Assert.Equal(child, xpub.Child(index).ToString());
        var derived = Bip32.Derive(xpub.Key, xpub.ChainCode.Span, DerivationPath.FromIndices(index));
        var expected = ExtendedPublicKey.Parse(child);
        Assert.Equal(expected.Key, derived.PublicKey);
        Assert.Equal(expected.ChainCode.ToArray(), derived.ChainCode);
        Assert.Equal(derived.PublicKey.Point, xpub.Key.Point + Point.BaseMulVar(derived.Tweak));
    }

    [Fact]
    public void There_are_non_hardened_steps_to_check() => Assert.True(NonHardenedSteps().Count >= 4);

    [Fact]
    public void Invalid_public_extended_keys_are_rejected()
    {
        using var doc = JsonDocument.Parse(TestVectors.ReadText("bip32", "bip32-test-vectors.json"));
        var invalid = doc.RootElement.GetProperty("vectors").EnumerateArray()
            .Where(v => v.TryGetProperty("invalid_keys", out _))
            .SelectMany(v => v.GetProperty("invalid_keys").EnumerateArray())
            .Select(k => k.GetProperty("key").GetString()!)
            .ToList();
        Assert.NotEmpty(invalid);
        foreach (var key in invalid)
        {
            Assert.Throws<CryptoFormatException>(() => ExtendedPublicKey.Parse(key));
        }
    }

    [Fact]
    public void Multi_step_tweak_is_the_sum_of_the_steps()
    {
        var xpub = ExtendedPublicKey.Parse("xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB");
        var derived = Bip32.Derive(xpub.Key, xpub.ChainCode.Span, "m/0/7/1");
        Assert.Equal(xpub.Child(0).Child(7).Child(1).Key, derived.PublicKey);
        Assert.Equal(derived.PublicKey.Point, xpub.Key.Point + Point.BaseMulVar(derived.Tweak));
    }

    [Theory]
    [InlineData("m/0'")]
    [InlineData("m/0h")]
    [InlineData("m/0H")]
    [InlineData("m/2147483648")]
    [InlineData("m/99999999999")]
    [InlineData("m/")]
    [InlineData("m//0")]
    [InlineData("M/0")]
    [InlineData("/0")]
    [InlineData("m/0/")]
    [InlineData("m/+1")]
    [InlineData("m/ 1")]
    [InlineData("m/01")]
    [InlineData("m/x")]
    public void Hardened_and_malformed_paths_are_rejected(string path)
    {
        Assert.Throws<CryptoFormatException>(() => DerivationPath.Parse(path));
        Assert.False(DerivationPath.TryParse(path, out _));
    }

    [Theory]
    [InlineData(null, "m")]
    [InlineData("m", "m")]
    [InlineData("m/0/7", "m/0/7")]
    [InlineData("m/2147483647/0", "m/2147483647/0")]
    public void Valid_paths_round_trip(string? path, string canonical) =>
        Assert.Equal(canonical, DerivationPath.Parse(path).ToString());

    [Fact]
    public void Hardened_index_is_rejected_by_derivation() =>
        Assert.Throws<CryptoFormatException>(() => DerivationPath.FromIndices(DerivationPath.HardenedOffset));
}
