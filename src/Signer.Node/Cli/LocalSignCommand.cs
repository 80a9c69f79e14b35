using System.CommandLine;
using System.Globalization;
using DltSigner.Core;
using DltSigner.Core.Protocols.Derivation;
using DltSigner.Core.Signatures;
using DltSigner.Core.Signing;

namespace DltSigner.Node.Cli;

/// <summary>Independent checks of the produced signature.</summary>
internal sealed record SignatureChecks(bool Dltsigner, bool Openssl, bool RecoveredKeyMatches);

/// <summary>The JSON printed by `local sign` (all public).</summary>
internal sealed record SignOutput(
    string PublicKey, string? Path, string RootPublicKey, string KeyId, uint Epoch, IReadOnlyList<int> Signers,
    string Digest, string R, string S, int RecoveryId, string Der, string Compact, string? Rsv, int? V, int? YParity, SignatureChecks Verified);

/// <summary>`dltsigner local sign`: DKLs23 signing (protocol.md §5) with the chosen signers' shares only.</summary>
internal static class LocalSignCommand
{
    public static Command Build()
    {
        var (shares, signers) = (LocalThresholdKey.SharesOption(), LocalThresholdKey.SignersOption());
        var digest = new Option<string>("--digest") { Description = "The 32-byte message digest to sign, 64 hex digits.", Required = true };
        var path = new Option<string?>("--path") { Description = "BIP32 non-hardened derivation path below the group key, e.g. m/0/7." };
        var store = new LocalCommand.StoreOptions();
        var cmd = new Command("sign", "Sign a 32-byte digest with t (or more) of the committee's shares.") { shares, signers, digest, path };
        store.AddTo(cmd, writes: false);
        cmd.SetAction((parse, ct) => LocalCommand.Guard(() => RunAsync(
            parse.GetValue(shares)!, parse.GetValue(signers)!, parse.GetValue(digest)!, parse.GetValue(path), store, parse, ct)));
        return cmd;
    }

    private static async Task<int> RunAsync(string dir, string signerText, string digestHex, string? pathText, LocalCommand.StoreOptions store, ParseResult parse, CancellationToken ct)
    {
        // Every input is checked before any share is decrypted.
        var digest = ParseDigest(digestHex);
        var path = ParsePath(pathText);
        using var local = LocalThresholdKey.Open(parse, store, dir, signerText);
        LocalCommand.Progress(parse, local.Describe("sign") + " ...");
        var signer = local.Signer;
        var root = signer.PublicKey;
        var key = signer.PublicKeyFor(path?.ToString());
        var signature = await signer.SignAsync(new SignRequest(digest, SignPurpose.RawDigest, default, path?.ToString()), ct).ConfigureAwait(false);
        LocalCommand.Progress(parse, $"sign: done in {LocalCommand.Seconds(local.Watch)}");

        var sig = signature.Signature;
        // Ethereum's 65-byte r || s || v (v = 27 + y-parity); absent for the rare recovery id 2 or 3 (x(R) >= n), which it cannot express.
        var rsv = signature.RecoveryId <= 1 ? EthSignatureOutput.Rsv(signature) : null;
        var checks = new SignatureChecks(
            Ecdsa.Verify(key, digest, sig, requireLowS: true),
            DemoCommand.VerifyWithOpenSsl(key, digest, sig),
            Ecdsa.TryRecoverPublicKey(digest, sig, signature.RecoveryId, out var recovered) && recovered.Equals(key));
        CliJson.Print(parse, new SignOutput(
            Hex(key.ToCompressed()), path?.ToString(), Hex(root.ToCompressed()), local.First.KeyId.ToString(), local.First.Epoch,
            [.. local.Parties.Select(s => (int)s.Value)], Hex(digest), "0x" + Hex(sig.R.ToBytes()), "0x" + Hex(sig.S.ToBytes()), signature.RecoveryId,
            Hex(sig.ToDer()), Hex(sig.ToCompact()), rsv is null ? null : "0x" + Hex(rsv), rsv?[64], rsv is null ? null : rsv[64] - 27, checks));
        if (!(checks.Dltsigner && checks.Openssl && checks.RecoveredKeyMatches))
        {
            throw new CliException("the signature failed an independent verification (see \"verified\")", exitCode: 1);
        }

        return 0;
    }

    internal static byte[] ParseDigest(string hex)
    {
        var text = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (text.Length != 64 || !text.All(char.IsAsciiHexDigit))
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"--digest must be 32 bytes as 64 hex digits (got {hex.Length} characters{(text.All(char.IsAsciiHexDigit) ? "" : ", not all hex")})"));
        }

        return Convert.FromHexString(text);
    }

    internal static DerivationPath? ParsePath(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return DerivationPath.Parse(text);
        }
        catch (CryptoFormatException e)
        {
            throw new CliException($"--path {text}: {e.Message}");
        }
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
