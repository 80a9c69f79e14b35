using System.Numerics;
using System.Text.Json;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core.Keys;
using DltSigner.TestKit.Devnet;
using DltSigner.Tests.Shared;

namespace DltSigner.Node.Tests.Cli;

/// <summary>`eth decode-tx` against the real `cast decode-tx` (foundry, installed with anvil) on the same raw transactions.</summary>
public sealed class EthDecodeCastTests
{
    private static readonly PrivateKey Key = PrivateKey.Import(Hex.Decode("0x4646464646464646464646464646464646464646464646464646464646464646"));

    private static readonly Address To = Address.Parse("0x3535353535353535353535353535353535353535");

    public static TheoryData<string, string> RawTransactions() => new()
    {
        { "legacy (EIP-155 example)", JsonDocument.Parse(TestVectors.ReadText("ethereum", "eip-examples", "eip155-example.json")).RootElement.GetProperty("signed_tx").GetString()! },
        {
            "eip2930 with an access list", Raw(new Eip2930Transaction
            {
                ChainId = 5, Nonce = 1, GasPrice = 1_000_000_000, GasLimit = 60_000, To = To, Value = 12345, Data = [0xa9, 0x05, 0x9c, 0xbb],
                Entries = [new AccessListEntry(To, [new byte[31].Append((byte)1).ToArray()])],
            })
        },
        {
            "eip1559 contract creation", Raw(new Eip1559Transaction
            {
                ChainId = 31337, Nonce = 7, MaxPriorityFeePerGas = 2_000_000_000, MaxFeePerGas = 100_000_000_000, GasLimit = 60_000, To = null, Value = 0, Data = [0x60, 0x01],
            })
        },
        {
            "eip1559 transfer", Raw(new Eip1559Transaction
            {
                ChainId = 1, Nonce = 0, MaxPriorityFeePerGas = 1, MaxFeePerGas = BigInteger.Pow(10, 12), GasLimit = 21_000, To = To, Value = BigInteger.Pow(10, 18),
            })
        },
    };

    [AnvilTheory]
    [MemberData(nameof(RawTransactions))]
    public async Task Decode_tx_matches_cast_field_for_field(string name, string raw)
    {
        var cast = CastDecode(raw);
        var (exit, stdout, stderr) = await CliRunner.RunAsync("eth", "decode-tx", raw);
        Assert.True(exit == 0, stderr);
        var ours = JsonDocument.Parse(stdout).RootElement;

        var compared = new List<string>();
        foreach (var field in cast.EnumerateObject())
        {
            if (ours.TryGetProperty(field.Name, out var mine))
            {
                // Addresses: cast prints lowercase, we print EIP-55; everything else must be the same text.
                Assert.True(Normal(field.Value) == Normal(mine), $"{name}: field {field.Name}: cast {field.Value.GetRawText()}, dltsigner {mine.GetRawText()}");
                compared.Add(field.Name);
            }
        }

        Assert.Superset(new HashSet<string>(["signer", "type", "nonce", "gas", "to", "value", "input", "r", "s", "v", "hash"]), compared.ToHashSet());
    }

    [Fact]
    public async Task A_high_s_signature_is_explained_instead_of_a_silent_null_sender()
    {
        var tx = TxSigner.Sign(new Eip1559Transaction { ChainId = 1, Nonce = 0, MaxPriorityFeePerGas = 1, MaxFeePerGas = 2, GasLimit = 21_000, To = To }, Key);
        var n = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
        var sig = tx.Signature!;
        var high = tx with { Signature = new TxSignature(1 - sig.YParity, sig.R, n - sig.S) };

        var (exit, stdout, stderr) = await CliRunner.RunAsync("eth", "decode-tx", Hex.Encode(TxCodec.Encode(high)));

        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(JsonValueKind.Null, json.GetProperty("signer").ValueKind);
        var why = json.GetProperty("signerError").GetString()!;
        Assert.Contains("high-S signature: s is above n/2, which Ethereum has refused since EIP-2", why, StringComparison.Ordinal);
        Assert.Contains($"recovers {Address.FromPublicKey(Key.PublicKey)}", why, StringComparison.Ordinal);
        Assert.Contains("dltsigner: warning: no sender: high-S", stderr, StringComparison.Ordinal);
    }

    private static string Raw(Transaction tx) => Hex.Encode(TxCodec.Encode(TxSigner.Sign(tx, Key)));

    private static string Normal(JsonElement e) => JsonSerializer.Serialize(e).ToLowerInvariant();

    /// <summary>cast prints its JSON as one JSON string.</summary>
    private static JsonElement CastDecode(string raw)
    {
        var text = JsonDocument.Parse(CastTool.Run("decode-tx", raw)).RootElement;
        return JsonDocument.Parse(text.ValueKind == JsonValueKind.String ? text.GetString()! : text.GetRawText()).RootElement.Clone();
    }
}
