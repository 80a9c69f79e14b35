using DltSigner.Adapters.Ethereum.Devnet;
using DltSigner.TestKit.Devnet;
using DltSigner.TestKit.Signers;

namespace DltSigner.Adapters.Ethereum.Tests.Integration;

[Collection("anvil")]
public sealed class DemoTests(AnvilFixture anvil) : EthIntegration(anvil)
{
    [AnvilTheory]
    [MemberData(nameof(TestSigners.Kinds), MemberType = typeof(TestSigners))]
    public async Task Ethereum_demo_leg_passes_every_check(string signerKind)
    {
        using var signer = TestSigners.Create(signerKind);
        using var output = new StringWriter();

        var failures = await EthereumDemo.RunAsync(signer, Anvil.RpcUrl, output, Ct);

        var text = output.ToString();
        Assert.True(failures == 0, text);
        Assert.Contains("ethereum: all checks passed", text, StringComparison.Ordinal);
        Assert.Contains("deployed Store(42)", text, StringComparison.Ordinal);
        Assert.Equal(3, signer.Calls); // transfer, deployment, set(7)
    }
}
