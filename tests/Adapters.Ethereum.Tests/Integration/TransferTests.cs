using DltSigner.Adapters.Ethereum.Sending;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core.Hashing;
using DltSigner.Core.Signing;
using DltSigner.TestKit.Devnet;
using DltSigner.TestKit.Signers;

namespace DltSigner.Adapters.Ethereum.Tests.Integration;

[Collection("anvil")]
public sealed class TransferTests(AnvilFixture anvil) : EthIntegration(anvil)
{
    [AnvilTheory]
    [MemberData(nameof(TestSigners.Kinds), MemberType = typeof(TestSigners))]
    public async Task Eip1559_transfer_is_mined_from_the_signers_address(string signerKind)
    {
        using var signer = TestSigners.Create(signerKind);
        var sender = await FundedSenderAsync(signer);
        var to = FreshAddress();

        var result = await sender.SendAsync(new SendRequest { To = to, Value = 5 * Milli }, null, Ct);

        await AssertMinedFromAsync(result, sender.AddressFor());
        var tx = Assert.IsType<Eip1559Transaction>(result.Transaction);
        Assert.Equal(Anvil.ChainId, tx.ChainId);
        Assert.Equal(21000, tx.GasLimit);
        Assert.Equal(5 * Milli, await Rpc.GetBalanceAsync(to, "latest", Ct));
        Assert.Equal(1, await Rpc.GetNonceAsync(sender.AddressFor(), "latest", Ct));
        AssertExplainedRequest(signer, tx);
    }

    [AnvilTheory]
    [MemberData(nameof(TestSigners.Kinds), MemberType = typeof(TestSigners))]
    public async Task Legacy_eip155_transfer_is_mined_from_the_signers_address(string signerKind)
    {
        using var signer = TestSigners.Create(signerKind);
        var sender = await FundedSenderAsync(signer);
        var to = FreshAddress();

        var result = await sender.SendAsync(new SendRequest { To = to, Value = 3 * Milli, Type = TxType.Legacy }, null, Ct);

        await AssertMinedFromAsync(result, sender.AddressFor());
        var tx = Assert.IsType<LegacyTransaction>(result.Transaction);
        Assert.Equal(Anvil.ChainId, tx.ChainId);
        Assert.Equal(35 + (2 * Anvil.ChainId) + tx.Signature!.YParity, tx.V);
        Assert.Equal(3 * Milli, await Rpc.GetBalanceAsync(to, "latest", Ct));
        AssertExplainedRequest(signer, tx);
    }

    [AnvilFact]
    public async Task Two_transfers_in_a_row_take_consecutive_nonces()
    {
        using var signer = TestSigners.Create(TestSigners.Local);
        var sender = await FundedSenderAsync(signer);

        var first = await sender.SendAsync(new SendRequest { To = FreshAddress(), Value = Milli }, null, Ct);
        var second = await sender.SendAsync(new SendRequest { To = FreshAddress(), Value = Milli, Type = TxType.Legacy }, null, Ct);

        Assert.Equal(0, first.Transaction.Nonce);
        Assert.Equal(1, second.Transaction.Nonce);
        Assert.True(first.Succeeded && second.Succeeded);
    }

    /// <summary>The signer was asked once, for this transaction, with the unsigned encoding as explanation.</summary>
    private static void AssertExplainedRequest(CountingSigner signer, Transaction tx)
    {
        var request = Assert.Single(signer.Requests);
        Assert.Equal(SignPurpose.EthereumTransaction, request.Purpose);
        var unsigned = tx with { Signature = null };
        Assert.Equal(TxCodec.SigningPayload(unsigned), request.Explanation.ToArray());
        Assert.Equal(Hashes.Keccak256(request.Explanation.Span), request.Digest.ToArray());
    }
}
