using System.Numerics;
using DltSigner.Adapters.Ethereum.Abi;
using DltSigner.Adapters.Ethereum.Contracts;
using DltSigner.Adapters.Ethereum.Rpc;
using DltSigner.Adapters.Ethereum.Sending;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.TestKit.Devnet;
using DltSigner.TestKit.Signers;

namespace DltSigner.Adapters.Ethereum.Tests.Integration;

/// <summary>Bad input is refused before signing: the signer is never asked and the nonce does not move.</summary>
[Collection("anvil")]
public sealed class RefusalTests(AnvilFixture anvil) : EthIntegration(anvil)
{
    [AnvilTheory]
    [MemberData(nameof(TestSigners.Kinds), MemberType = typeof(TestSigners))]
    public async Task Wrong_chain_id_is_refused_before_signing(string signerKind)
    {
        using var signer = TestSigners.Create(signerKind);
        await FundedSenderAsync(signer);
        var mainnet = new EthSender(Rpc, signer, Options with { ChainId = 1 });

        var e = await Assert.ThrowsAsync<EthPolicyException>(() => mainnet.SendAsync(new SendRequest { To = FreshAddress(), Value = Milli }, null, Ct));

        Assert.Equal(PolicyRule.ChainId, e.Rule);
        Assert.Contains($"chain id {Anvil.ChainId}", e.Message, StringComparison.Ordinal);
        await AssertNothingSignedOrSentAsync(signer, mainnet);
    }

    [AnvilTheory]
    [InlineData("fee per gas", TxType.DynamicFee)]
    [InlineData("fee per gas", TxType.Legacy)]
    [InlineData("total fee", TxType.DynamicFee)]
    [InlineData("gas limit", TxType.DynamicFee)]
    public async Task Fees_and_gas_above_the_caps_are_refused_before_signing(string cap, TxType type)
    {
        using var signer = TestSigners.Create(TestSigners.Local);
        var options = cap switch
        {
            "fee per gas" => Options with { MaxFeePerGas = SenderOptions.Gwei / 1000 },
            "total fee" => Options with { MaxTotalFee = 21000 * SenderOptions.Gwei / 1000 },
            _ => Options with { MaxGas = 20999 },
        };
        var sender = await FundedSenderAsync(signer, options);

        var e = await Assert.ThrowsAsync<EthPolicyException>(() => sender.SendAsync(new SendRequest { To = FreshAddress(), Value = Milli, Type = type }, null, Ct));

        Assert.Equal(cap switch { "fee per gas" => PolicyRule.FeePerGas, "total fee" => PolicyRule.TotalFee, _ => PolicyRule.GasLimit }, e.Rule);
        Assert.Contains("nothing signed", e.Message, StringComparison.Ordinal);
        await AssertNothingSignedOrSentAsync(signer, sender);
    }

    [AnvilTheory]
    [MemberData(nameof(TestSigners.Kinds), MemberType = typeof(TestSigners))]
    public async Task A_reverting_call_surfaces_its_reason_and_signs_nothing(string signerKind)
    {
        using var deployer = TestSigners.Create(TestSigners.Local);
        var owner = await FundedSenderAsync(deployer);
        var store = (await owner.DeployAsync(CompiledContract.Store.Bytecode, [AbiType.UInt(256)], [new BigInteger(5)], null, null, Ct)).ContractAddress;
        using var signer = TestSigners.Create(signerKind);
        var sender = await FundedSenderAsync(signer);

        // set(0) hits require(newValue != 0, "Store: zero value") during gas estimation.
        var e = await Assert.ThrowsAsync<RevertedException>(() => sender.SendAsync(
            new SendRequest { To = store, Data = AbiFunction.EncodeCall("set(uint256)", BigInteger.Zero) }, null, Ct));
        Assert.Equal("Store: zero value", e.Reason);
        Assert.Equal("eth_estimateGas", e.Method);
        Assert.Contains("Store: zero value", e.Message, StringComparison.Ordinal);
        await AssertNothingSignedOrSentAsync(signer, sender);

        // divide(0) panics with code 0x12 in eth_call.
        var panic = await Assert.ThrowsAsync<RevertedException>(() => sender.CallAsync(store, "divide(uint256)", [BigInteger.Zero], [AbiType.UInt(256)], Ct));
        Assert.Equal(0x12UL, panic.PanicCode);
        Assert.Equal("panic 0x12 (division or modulo by zero)", panic.Reason);
        Assert.Equal(new BigInteger(5), (await sender.CallAsync(store, "get()", [], [AbiType.UInt(256)], Ct))[0]);
    }

    [AnvilFact]
    public async Task A_transaction_forced_past_estimation_reverts_on_chain_with_status_0()
    {
        using var signer = TestSigners.Create(TestSigners.Local);
        var sender = await FundedSenderAsync(signer);
        var store = (await sender.DeployAsync(CompiledContract.Store.Bytecode, [AbiType.UInt(256)], [new BigInteger(5)], null, null, Ct)).ContractAddress;

        // An explicit gas limit skips estimation: the node mines it and the receipt says it failed.
        var result = await sender.SendAsync(new SendRequest { To = store, GasLimit = 60000, Data = AbiFunction.EncodeCall("set(uint256)", BigInteger.Zero) }, null, Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(0, result.Receipt.Status);
        Assert.Equal(new BigInteger(5), (await sender.CallAsync(store, "get()", [], [AbiType.UInt(256)], Ct))[0]);
    }

    private async Task AssertNothingSignedOrSentAsync(CountingSigner signer, EthSender sender)
    {
        Assert.Equal(0, signer.Calls);
        Assert.Equal(0, await Rpc.GetPendingNonceAsync(sender.AddressFor(), Ct));
        Assert.Equal(10 * SenderOptions.Ether, await Rpc.GetBalanceAsync(sender.AddressFor(), "latest", Ct));
    }
}
