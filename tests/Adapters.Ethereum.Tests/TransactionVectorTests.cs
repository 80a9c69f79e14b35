using System.Text.Json;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core;
using DltSigner.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace DltSigner.Adapters.Ethereum.Tests;

/// <summary>
/// ethereum/tests TransactionTests: each case is checked at its latest listed fork (Cancun, else
/// Shanghai, else London) on chain id 1. Valid cases must decode, recover the sender, hash and
/// re-encode byte for byte, with the listed intrinsic gas; invalid ones must fail decoding,
/// validation or recovery.
/// </summary>
public sealed class TransactionVectorTests(ITestOutputHelper output)
{
    private static readonly TxRules Mainnet = new(1);

    [Fact]
    public void EveryCaseAtTheLatestFork()
    {
        var root = TestVectors.Path("ethereum", "ethereum-tests", "TransactionTests");
        var files = Directory.GetFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        int valid = 0, rejectedByDecoder = 0, rejectedByValidator = 0, rejectedByRecovery = 0;
        var failures = new List<string>();
        foreach (var file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var test in doc.RootElement.EnumerateObject())
            {
                var name = Path.GetFileName(Path.GetDirectoryName(file)) + "/" + test.Name;
                var result = test.Value.GetProperty("result");
                var fork = new[] { "Cancun", "Shanghai", "London" }.First(f => result.TryGetProperty(f, out _));
                var expected = result.GetProperty(fork);
                var raw = Hex.Decode(test.Value.GetProperty("txbytes").GetString()!);
                var outcome = Run(raw, out var tx, out var sender);
                if (expected.TryGetProperty("exception", out var exception))
                {
                    switch (outcome)
                    {
                        case "decode": rejectedByDecoder++; break;
                        case "validate": rejectedByValidator++; break;
                        case "recover": rejectedByRecovery++; break;
                        default: failures.Add($"{name}: accepted, expected {exception.GetString()}"); break;
                    }

                    continue;
                }

                if (outcome != null)
                {
                    failures.Add($"{name}: rejected at {outcome}");
                    continue;
                }

                Assert.Equal(expected.GetProperty("sender").GetString(), sender.ToLowerHex());
                Assert.Equal(expected.GetProperty("hash").GetString(), Hex.Encode(TxCodec.Hash(tx!)));
                Assert.Equal(Hex.Encode(raw), Hex.Encode(TxCodec.Encode(tx!)));
                Assert.Equal(Convert.ToInt64(expected.GetProperty("intrinsicGas").GetString(), 16), TxValidator.IntrinsicGas(tx!));
                valid++;
            }
        }

        output.WriteLine($"valid {valid}, rejected: decoder {rejectedByDecoder}, validator {rejectedByValidator}, recovery {rejectedByRecovery}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(210, valid + rejectedByDecoder + rejectedByValidator + rejectedByRecovery);
    }

    private static string? Run(byte[] raw, out Transaction? tx, out Address sender)
    {
        sender = default;
        tx = null;
        try
        {
            tx = TxCodec.Decode(raw);
        }
        catch (CryptoFormatException)
        {
            return "decode";
        }

        if (TxValidator.Validate(tx, Mainnet) is not null)
        {
            return "validate";
        }

        return TxSigner.TryRecoverSender(tx, out sender) ? null : "recover";
    }
}
