using System.Text.Json;
using DltSigner.Adapters.Ethereum.Eip191;
using DltSigner.Adapters.Ethereum.Eip712;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core.Keys;
using DltSigner.TestKit.Devnet;
using DltSigner.Tests.Shared;
using static DltSigner.Node.Tests.Cli.LocalSignTests;

namespace DltSigner.Node.Tests.Cli;

/// <summary>`local sign-message` (EIP-191) and `local sign-typed-data` (EIP-712): recovered by our code and verified by the real cast.</summary>
public sealed class LocalSignMessageTests(LocalKeyFixture key) : IClassFixture<LocalKeyFixture>
{
    private static readonly string MailJson = JsonDocument.Parse(TestVectors.ReadText("ethereum", "eip-examples", "eip712-mail-example.json")).RootElement.GetProperty("typed_data").GetRawText();

    private Address KeyAddress => Address.FromPublicKey(PublicKey.Decode(Convert.FromHexString(key.PublicKey)));

    [Theory]
    [InlineData("hello from a threshold key", "hello from a threshold key")]
    [InlineData("0x48656c6c6f", "Hello")]
    public async Task Sign_message_signs_personal_sign_and_the_signature_recovers_to_the_key(string message, string bytesAsText)
    {
        var (code, stdout, stderr) = await key.Run("local", "sign-message", "--shares", key.Directory, "--signers", "1,3", "--message", message);
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        var signature = json.GetProperty("signature").GetString()!;
        Assert.Equal(132, signature.Length);
        Assert.Equal(KeyAddress.ToString(), json.GetProperty("address").GetString());
        Assert.Equal(KeyAddress, PersonalMessage.RecoverSigner(System.Text.Encoding.UTF8.GetBytes(bytesAsText), Hex.Decode(signature)));
        Assert.Equal(Hex.Encode(PersonalMessage.Hash(bytesAsText)), json.GetProperty("hash").GetString());
        Assert.Contains(json.GetProperty("v").GetInt32(), new[] { 27, 28 });
        Assert.Equal(json.GetProperty("v").GetInt32() - 27, json.GetProperty("yParity").GetInt32());
        Assert.Equal(signature[..66], json.GetProperty("r").GetString());
    }

    [Fact]
    public async Task Sign_typed_data_signs_the_eip712_mail_example_from_standard_input()
    {
        var (code, stdout, stderr) = await key.RunWithInput(MailJson, "local", "sign-typed-data", "--shares", key.Directory, "--signers", "2,3", "--typed-data", "-", "--path", "m/0/7");
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        var hash = TypedDataEncoder.SigningHash(TypedData.Parse(MailJson));
        Assert.Equal(Hex.Encode(hash), json.GetProperty("hash").GetString());
        var signer = PersonalMessage.RecoverFromHash(hash, Hex.Decode(json.GetProperty("signature").GetString()!));
        Assert.Equal(json.GetProperty("address").GetString(), signer.ToString());
        Assert.NotEqual(KeyAddress, signer);
        Assert.Equal("m/0/7", json.GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("sign-message", "--message", "0xabc", "--message: starts with 0x but is not even-length hex")]
    [InlineData("sign-typed-data", "--typed-data", "{}", "--typed-data: eip712: expected an object with types, primaryType and domain")]
    [InlineData("sign-typed-data", "--typed-data", "{", "--typed-data: eip712: not valid JSON")]
    public async Task Bad_messages_are_refused_before_any_share_is_read(string command, string option, string value, string expected)
    {
        var unset = "DLTSIGNER_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var (code, stdout, stderr) = await CliRunner.RunAsync("local", command, "--shares", key.Directory, "--signers", "1,2", option, value, "--passphrase-env", unset);
        AssertUserError(code, stdout, stderr, expected);
    }

    [AnvilFact]
    public async Task Cast_wallet_verify_accepts_both_signatures()
    {
        var message = await key.Run("local", "sign-message", "--shares", key.Directory, "--signers", "1,2", "--message", "verified by cast");
        Assert.True(message.ExitCode == 0, message.Stderr);
        var m = JsonDocument.Parse(message.Stdout).RootElement;
        Cast("wallet", "verify", "--address", m.GetProperty("address").GetString()!, "verified by cast", m.GetProperty("signature").GetString()!);

        var typed = await key.Run("local", "sign-typed-data", "--shares", key.Directory, "--signers", "1,2", "--typed-data", MailJson);
        Assert.True(typed.ExitCode == 0, typed.Stderr);
        var t = JsonDocument.Parse(typed.Stdout).RootElement;
        Cast("wallet", "verify", "--data", "--address", t.GetProperty("address").GetString()!, MailJson, t.GetProperty("signature").GetString()!);
    }

    private static void Cast(params string[] args) =>
        Assert.Contains("Validation succeeded", CastTool.Run(args), StringComparison.Ordinal);
}
