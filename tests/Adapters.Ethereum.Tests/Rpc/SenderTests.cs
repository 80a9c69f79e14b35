using System.Numerics;
using DltSigner.Adapters.Ethereum.Contracts;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rpc;
using DltSigner.Adapters.Ethereum.Sending;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;
using DltSigner.Core.Signing;
using DltSigner.TestKit;
using DltSigner.TestKit.Signers;

namespace DltSigner.Adapters.Ethereum.Tests.Rpc;

/// <summary>The sending pipeline against a stub node: fee filling, caps and the signer checks, no anvil needed.</summary>
public sealed class SenderTests
{
    private static readonly Address To = Address.Parse("0x3535353535353535353535353535353535353535");

    /// <summary>A node on chain 31337 with base fee 1 gwei, tip 2 gwei, gas price 3 gwei, estimate 50000.</summary>
    private static StubNode Node() => new((m, _) => m switch
    {
        "eth_chainId" => "\"result\":\"0x7a69\"",
        "eth_getTransactionCount" => "\"result\":\"0x5\"",
        "eth_estimateGas" => "\"result\":\"0xc350\"",
        "eth_maxPriorityFeePerGas" => "\"result\":\"0x77359400\"",
        "eth_gasPrice" => "\"result\":\"0xb2d05e00\"",
        "eth_feeHistory" => "\"result\":{\"oldestBlock\":\"0x9\",\"baseFeePerGas\":[\"0x3b9aca00\",\"0x3b9aca00\"],\"gasUsedRatio\":[0.5]}",
        _ => "\"error\":{\"code\":-32601,\"message\":\"method not found\"}",
    });

    [Fact]
    public async Task Build_fills_nonce_gas_with_margin_and_fees_from_the_node()
    {
        using var node = Node();
        using var rpc = new EthRpcClient(StubNode.Url, new HttpClient(node));
        using var signer = TestSigners.Create(TestSigners.Local);
        var sender = new EthSender(rpc, signer, new SenderOptions(31337));

        var tx = Assert.IsType<Eip1559Transaction>(await sender.BuildAsync(new SendRequest { To = To, Data = [1, 2, 3] }));
        Assert.Equal(5, tx.Nonce);
        Assert.Equal(60000, tx.GasLimit); // 50000 + 20%
        Assert.Equal(2 * SenderOptions.Gwei, tx.MaxPriorityFeePerGas);
        Assert.Equal(4 * SenderOptions.Gwei, tx.MaxFeePerGas); // 2 × base fee + tip
        Assert.Equal(31337, tx.ChainId);

        var legacy = Assert.IsType<LegacyTransaction>(await sender.BuildAsync(new SendRequest { To = To, Type = TxType.Legacy, GasLimit = 21000 }));
        Assert.Equal(3 * SenderOptions.Gwei, legacy.GasPrice);
        Assert.Equal(31337, legacy.ChainId);
        Assert.Equal(0, signer.Calls);
    }

    [Theory]
    [InlineData(1, PolicyRule.ChainId)]
    [InlineData(2, PolicyRule.FeePerGas)]
    [InlineData(3, PolicyRule.TotalFee)]
    [InlineData(4, PolicyRule.GasLimit)]
    [InlineData(5, PolicyRule.GasLimit)]
    [InlineData(6, PolicyRule.FeePerGas)]
    [InlineData(7, PolicyRule.Fields)]
    public async Task Refusals_happen_before_the_signer_is_asked(int scenario, PolicyRule rule)
    {
        using var node = Node();
        using var rpc = new EthRpcClient(StubNode.Url, new HttpClient(node));
        using var signer = TestSigners.Create(TestSigners.Local);
        var options = new SenderOptions(scenario == 1 ? 1 : 31337) { MaxFeePerGas = 100 * SenderOptions.Gwei };
        var request = new SendRequest { To = To, GasLimit = 21000 };
        (options, request) = scenario switch
        {
            2 => (options, request with { MaxFeePerGas = 101 * SenderOptions.Gwei }),
            3 => (options with { MaxTotalFee = (21000 * 4 * SenderOptions.Gwei) - 1 }, request),
            4 => (options, request with { GasLimit = options.MaxGas + 1 }),
            5 => (options, request with { GasLimit = 20999 }), // below intrinsic gas
            6 => (options, request with { MaxPriorityFeePerGas = 5 * SenderOptions.Gwei, MaxFeePerGas = 4 * SenderOptions.Gwei }),
            7 => (options, request with { Type = TxType.AccessList }),
            _ => (options, request),
        };
        var sender = new EthSender(rpc, signer, options);

        var e = await Assert.ThrowsAsync<EthPolicyException>(() => sender.SendAsync(request));

        Assert.Equal(rule, e.Rule);
        Assert.Equal(0, signer.Calls);
        Assert.DoesNotContain("eth_sendRawTransaction", node.Methods);
    }

    [Fact]
    public async Task A_signature_from_another_key_is_caught_before_sending()
    {
        using var node = Node();
        using var rpc = new EthRpcClient(StubNode.Url, new HttpClient(node));
        using var impostor = new WrongKeySigner();
        var sender = new EthSender(rpc, impostor, new SenderOptions(31337));

        var e = await Assert.ThrowsAsync<EthPolicyException>(() => sender.SendAsync(new SendRequest { To = To, GasLimit = 21000 }));

        Assert.Equal(PolicyRule.SignerMismatch, e.Rule);
        Assert.DoesNotContain("eth_sendRawTransaction", node.Methods);
    }

    [Fact]
    public void Create_address_matches_the_yellow_paper_rule()
    {
        // Widely used vector: the first contract of 0x6ac7…dbf0 (nonce 0) and anvil's first deployment.
        Assert.Equal(Address.Parse("0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d"),
            EthSender.CreateAddress(Address.Parse("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0"), 0));
        Assert.Equal(Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"),
            EthSender.CreateAddress(Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), 0));
    }

    [Fact]
    public void Embedded_contracts_are_the_committed_json()
    {
        foreach (var name in new[] { "Store", "SigChecker" })
        {
            var embedded = CompiledContract.Embedded(name);
            var file = CompiledContract.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "devnet", "contracts", name + ".json")));
            Assert.Equal(file.Bytecode, embedded.Bytecode);
            Assert.StartsWith("solc 0.8.30", embedded.Compiler, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => CompiledContract.Embedded("Missing"));
    }

    /// <summary>Claims one key, signs with another.</summary>
    private sealed class WrongKeySigner : IEcdsaSigner, IDisposable
    {
        private readonly PrivateKey _claimed = PrivateKey.Generate();
        private readonly PrivateKey _actual = PrivateKey.Generate();

        public PublicKey PublicKey => _claimed.PublicKey;

        public PublicKey PublicKeyFor(string? derivationPath) => PublicKey;

        public Task<RecoverableSignature> SignAsync(SignRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(Ecdsa.Sign(_actual, request.Digest.Span));

        public void Dispose()
        {
            _claimed.Dispose();
            _actual.Dispose();
        }
    }
}
