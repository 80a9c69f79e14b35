using System.CommandLine;
using System.Text;
using DltSigner.Adapters.Ethereum.Eip191;
using DltSigner.Adapters.Ethereum.Eip712;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Signing;
using DltSigner.Core;
using DltSigner.Core.Signatures;

namespace DltSigner.Node.Cli;

/// <summary>An Ethereum signature as wallets and cast print it: 65 bytes r || s || v, and its parts (0x-hex).</summary>
internal sealed record EthSignatureOutput(
    string Address, string Signature, string R, string S, int V, int YParity, string Hash, string? Path, string KeyId, uint Epoch, IReadOnlyList<int> Signers)
{
    /// <summary>r || s || v with v = 27 + y-parity (low S).</summary>
    public static byte[] Rsv(RecoverableSignature signature) => PersonalMessage.ToRsv(signature);

    public static EthSignatureOutput For(byte[] rsv, ReadOnlySpan<byte> hash, Address address, string? path, LocalThresholdKey local) =>
        new(address.ToString(), Hex.Encode(rsv), Hex.Encode(rsv.AsSpan(0, 32)), Hex.Encode(rsv.AsSpan(32, 32)), rsv[64], rsv[64] - 27, Hex.Encode(hash), path,
            local.First.KeyId.ToString(), local.First.Epoch, [.. local.Parties.Select(p => (int)p.Value)]);
}

/// <summary>
/// `local sign-message` (EIP-191 personal_sign, as `cast wallet sign`) and `local sign-typed-data`
/// (EIP-712, eth_signTypedData_v4 JSON, as `cast wallet sign --data`). The request carries the message
/// or the typed data as its explanation; the signature is checked to recover to the key's address.
/// </summary>
internal static class LocalSignMessageCommand
{
    public static IEnumerable<Command> Build() => [BuildMessage(), BuildTypedData()];

    private static Command BuildMessage()
    {
        var (shares, signers) = (LocalThresholdKey.SharesOption(), LocalThresholdKey.SignersOption());
        var message = new Option<string>("--message")
        {
            Description = "The message: text (signed as its UTF-8 bytes), or 0x-hex bytes (as cast wallet sign); - reads it from standard input.",
            Required = true,
            HelpName = "TEXT",
        };
        var path = new Option<string?>("--path") { Description = "BIP32 non-hardened derivation path below the group key, e.g. m/0/7." };
        var store = new LocalCommand.StoreOptions();
        var cmd = new Command("sign-message", "EIP-191 personal_sign with the threshold key; prints the 65-byte signature r || s || v.") { shares, signers, message, path };
        store.AddTo(cmd, writes: false);
        cmd.SetAction((parse, ct) => LocalCommand.Guard(async () =>
        {
            var bytes = MessageBytes(CliInput.Resolve(parse.GetValue(message)!, "--message"));
            var derivation = LocalSignCommand.ParsePath(parse.GetValue(path))?.ToString();
            using var local = LocalThresholdKey.Open(parse, store, parse.GetValue(shares)!, parse.GetValue(signers)!);
            LocalCommand.Progress(parse, local.Describe("sign-message") + " ...");
            var rsv = await Checked(() => EthMessageSigner.SignPersonalAsync(local.Signer, bytes, derivation, ct)).ConfigureAwait(false);
            CliJson.Print(parse, EthSignatureOutput.For(rsv, PersonalMessage.Hash(bytes), Address.FromPublicKey(local.Signer.PublicKeyFor(derivation)), derivation, local));
            return 0;
        }));
        return cmd;
    }

    private static Command BuildTypedData()
    {
        var (shares, signers) = (LocalThresholdKey.SharesOption(), LocalThresholdKey.SignersOption());
        var data = new Option<string>("--typed-data")
        {
            Description = "EIP-712 typed data as eth_signTypedData_v4 JSON (types, primaryType, domain, message); - reads it from standard input.",
            Required = true,
            HelpName = "JSON",
        };
        var path = new Option<string?>("--path") { Description = "BIP32 non-hardened derivation path below the group key, e.g. m/0/7." };
        var store = new LocalCommand.StoreOptions();
        var cmd = new Command("sign-typed-data", "EIP-712 typed-data signature with the threshold key; prints the 65-byte signature r || s || v.") { shares, signers, data, path };
        store.AddTo(cmd, writes: false);
        cmd.SetAction((parse, ct) => LocalCommand.Guard(async () =>
        {
            var json = CliInput.Resolve(parse.GetValue(data)!, "--typed-data");
            byte[] hash;
            try
            {
                // Parsed and hashed before any share is read: a malformed request decrypts nothing.
                hash = TypedDataEncoder.SigningHash(TypedData.Parse(json));
            }
            catch (CryptoFormatException e)
            {
                throw new CliException($"--typed-data: {e.Message}");
            }

            var derivation = LocalSignCommand.ParsePath(parse.GetValue(path))?.ToString();
            using var local = LocalThresholdKey.Open(parse, store, parse.GetValue(shares)!, parse.GetValue(signers)!);
            LocalCommand.Progress(parse, local.Describe("sign-typed-data") + " ...");
            var rsv = await Checked(() => EthMessageSigner.SignTypedDataAsync(local.Signer, json, derivation, ct)).ConfigureAwait(false);
            CliJson.Print(parse, EthSignatureOutput.For(rsv, hash, Address.FromPublicKey(local.Signer.PublicKeyFor(derivation)), derivation, local));
            return 0;
        }));
        return cmd;
    }

    /// <summary>0x-prefixed: hex bytes (even length); anything else: the text's UTF-8 bytes.</summary>
    internal static byte[] MessageBytes(string text)
    {
        if (!text.StartsWith("0x", StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(text);
        }

        return text.Length % 2 == 0 && Hex.TryDecode(text, out var bytes)
            ? bytes
            : throw new CliException("--message: starts with 0x but is not even-length hex (a 0x message is signed as bytes, as cast does)");
    }

    /// <summary>A signature that does not recover to the key is a verification failure (exit 1), nothing printed.</summary>
    private static async Task<byte[]> Checked(Func<Task<byte[]>> sign)
    {
        try
        {
            return await sign().ConfigureAwait(false);
        }
        catch (CryptoFormatException e)
        {
            throw new CliException($"the signature failed its check ({e.Message}); not printed", exitCode: CliErrors.Failure);
        }
    }
}
