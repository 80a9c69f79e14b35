using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core;
using Xunit;

namespace DltSigner.Adapters.Ethereum.Tests;

public sealed class AddressTests
{
    // EIP-55 "Test Cases" (all caps, all lower, normal).
    [Theory]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Eip55Examples(string text)
    {
        var address = Address.Parse(text);
        var isMixed = text.Any(char.IsAsciiLetterLower) && text[2..].Any(char.IsAsciiLetterUpper);
        if (isMixed)
        {
            Assert.Equal(text, address.ToString());
        }

        Assert.Equal(address, Address.Parse(address.ToString()));
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")] // one letter's case flipped
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")] // no 0x
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae")] // 39 digits
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg")] // not hex
    public void BadAddressesAreRejected(string text) =>
        Assert.Throws<CryptoFormatException>(() => Address.Parse(text));
}
