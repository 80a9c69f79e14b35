using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.SigHash;
using DltSigner.Adapters.Bitcoin.Transactions;

namespace DltSigner.Adapters.Bitcoin.Tests;

public sealed class SigHashTests
{
    [Fact]
    public void Core_sighash_json_every_case_matches()
    {
        var cases = Json.CoreCases("sighash.json");
        Assert.Equal(500, cases.Count);
        foreach (var c in cases)
        {
            var tx = Transaction.Parse(c[0].GetString()!);
            var script = Script.FromHex(c[1].GetString()!);
            var index = c[2].GetInt32();
            var hashType = unchecked((uint)c[3].GetInt32());
            var digest = LegacySigHash.Compute(tx, index, script, hashType);
            Assert.Equal(c[4].GetString(), Hex.EncodeReversed(digest));
        }
    }

    [Fact]
    public void Sighash_single_bug_returns_one()
    {
        var tx = Transaction.Parse(Json.CoreCases("tx_valid.json")[0][1].GetString()!);
        var digest = LegacySigHash.Compute(tx, 0, Script.Empty, SigHashType.Single);
        var twoInputs = tx.WithInputs([tx.Inputs[0], tx.Inputs[0] with { Sequence = 1 }]);
        var bug = LegacySigHash.Compute(twoInputs, 1, Script.Empty, SigHashType.Single);
        Assert.NotEqual(digest, bug);
        Assert.Equal("0000000000000000000000000000000000000000000000000000000000000001", Hex.EncodeReversed(bug));
    }
}

public sealed class FindAndDeleteTests
{
    // Cases from Bitcoin Core's script_FindAndDelete unit test.
    [Theory]
    [InlineData("0302ff030302ff03", "0302ff03", "", 2)]
    [InlineData("0302ff030302ff03", "02", "0302ff030302ff03", 0)]
    [InlineData("0302ff030302ff03", "ff", "0302ff030302ff03", 0)]
    [InlineData("00040102030400", "00", "0401020304", 2)]
    [InlineData("0302ff0302ff03", "0302ff03", "02ff03", 1)]
    [InlineData("0003feed", "03feed", "00", 1)]
    [InlineData("ababac", "ab", "ac", 2)]
    [InlineData("4b", "", "4b", 0)]
    public void Matches_core(string script, string pattern, string expected, int count)
    {
        var result = Script.FromHex(script).FindAndDelete(Script.FromHex(pattern), out var found);
        Assert.Equal(count, found);
        Assert.Equal(expected, result.ToHex());
    }
}
