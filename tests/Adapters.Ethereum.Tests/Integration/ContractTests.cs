using System.Numerics;
using System.Text;
using DltSigner.Adapters.Ethereum.Abi;
using DltSigner.Adapters.Ethereum.Contracts;
using DltSigner.Adapters.Ethereum.Eip712;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Sending;
using DltSigner.Adapters.Ethereum.Signing;
using DltSigner.TestKit.Devnet;
using DltSigner.TestKit.Signers;

namespace DltSigner.Adapters.Ethereum.Tests.Integration;

[Collection("anvil")]
public sealed class ContractTests(AnvilFixture anvil) : EthIntegration(anvil)
{
    private static readonly AbiType[] UInt = [AbiType.UInt(256)];
    private static readonly AbiType[] AddressType = [AbiType.Address];
    private static readonly AbiType[] Bytes32 = [AbiType.FixedBytes(32)];

    [AnvilTheory]
    [MemberData(nameof(TestSigners.Kinds), MemberType = typeof(TestSigners))]
    public async Task Store_deploys_then_set_and_get_round_trip(string signerKind)
    {
        using var signer = TestSigners.Create(signerKind);
        var sender = await FundedSenderAsync(signer);

        var deploy = await sender.DeployAsync(CompiledContract.Store.Bytecode, UInt, [new BigInteger(42)], null, null, Ct);

        await AssertMinedFromAsync(deploy.Send, sender.AddressFor());
        Assert.Equal(EthSender.CreateAddress(sender.AddressFor(), 0), deploy.ContractAddress);
        Assert.NotEmpty(await Rpc.GetCodeAsync(deploy.ContractAddress, "latest", Ct));
        Assert.Equal(new BigInteger(42), (await sender.CallAsync(deploy.ContractAddress, "get()", [], UInt, Ct))[0]);
        Assert.Equal(sender.AddressFor(), (await sender.CallAsync(deploy.ContractAddress, "deployer()", [], AddressType, Ct))[0]);

        var set = await sender.SendAsync(new SendRequest { To = deploy.ContractAddress, Data = AbiFunction.EncodeCall("set(uint256)", new BigInteger(7)) }, null, Ct);

        await AssertMinedFromAsync(set, sender.AddressFor());
        Assert.Equal(1, set.Receipt.LogCount);
        Assert.Equal(new BigInteger(7), (await sender.CallAsync(deploy.ContractAddress, "get()", [], UInt, Ct))[0]);
    }

    [AnvilTheory]
    [MemberData(nameof(TestSigners.Kinds), MemberType = typeof(TestSigners))]
    public async Task SigChecker_recovers_personal_sign_and_eip712_signatures_on_chain(string signerKind)
    {
        using var signer = TestSigners.Create(signerKind);
        var sender = await FundedSenderAsync(signer);
        var checker = (await sender.DeployAsync(CompiledContract.SigChecker.Bytecode, [], [], null, null, Ct)).ContractAddress;
        var me = sender.AddressFor();

        // EIP-191: the contract hashes with ecrecover's view of "\x19Ethereum Signed Message:\n" + len.
        var message = Encoding.UTF8.GetBytes("DltSigner: on-chain personal_sign check ✓");
        var personal = await EthMessageSigner.SignPersonalAsync(signer, message, null, Ct);
        Assert.Equal(me, (await sender.CallAsync(checker, "recoverPersonal(bytes,bytes)", [message, personal], AddressType, Ct))[0]);
        Assert.Equal(Eip191.PersonalMessage.Hash(message), (await sender.CallAsync(checker, "personalDigest(bytes)", [message], Bytes32, Ct))[0]);

        // EIP-712 with the contract's own domain (chain id and verifying contract bind it to this deployment).
        var mailTo = FreshAddress();
        var typedJson = MailJson(Anvil.ChainId, checker, mailTo, 1234, "pay the invoice");
        var typed = TypedData.Parse(typedJson);
        Assert.Equal(TypedDataEncoder.DomainSeparator(typed), (await sender.CallAsync(checker, "domainSeparator()", [], Bytes32, Ct))[0]);
        var mailArgs = new object[] { mailTo, new BigInteger(1234), "pay the invoice" };
        Assert.Equal(TypedDataEncoder.SigningHash(typed), (await sender.CallAsync(checker, "mailDigest(address,uint256,string)", mailArgs, Bytes32, Ct))[0]);
        var eip712 = await EthMessageSigner.SignTypedDataAsync(signer, typedJson, null, Ct);
        Assert.Equal(me, (await sender.CallAsync(checker, "recoverMail(address,uint256,string,bytes)", [.. mailArgs, eip712], AddressType, Ct))[0]);

        // A changed message, or a signature for another domain, recovers someone else.
        Assert.NotEqual(me, (await sender.CallAsync(checker, "recoverMail(address,uint256,string,bytes)", [mailTo, new BigInteger(1235), "pay the invoice", eip712], AddressType, Ct))[0]);
        var otherDomain = await EthMessageSigner.SignTypedDataAsync(signer, MailJson(Anvil.ChainId + 1, checker, mailTo, 1234, "pay the invoice"), null, Ct);
        Assert.NotEqual(me, (await sender.CallAsync(checker, "recoverMail(address,uint256,string,bytes)", [.. mailArgs, otherDomain], AddressType, Ct))[0]);
        Assert.Equal(Address.Zero, (await sender.CallAsync(checker, "recoverPersonal(bytes,bytes)", [message, personal[..64]], AddressType, Ct))[0]);
    }

    private static string MailJson(BigInteger chainId, Address verifyingContract, Address to, int amount, string contents) => $$"""
        {
          "types": {
            "EIP712Domain": [
              { "name": "name", "type": "string" }, { "name": "version", "type": "string" },
              { "name": "chainId", "type": "uint256" }, { "name": "verifyingContract", "type": "address" }
            ],
            "Mail": [ { "name": "to", "type": "address" }, { "name": "amount", "type": "uint256" }, { "name": "contents", "type": "string" } ]
          },
          "primaryType": "Mail",
          "domain": { "name": "DltSigner", "version": "1", "chainId": {{chainId}}, "verifyingContract": "{{verifyingContract}}" },
          "message": { "to": "{{to}}", "amount": {{amount}}, "contents": "{{contents}}" }
        }
        """;
}
