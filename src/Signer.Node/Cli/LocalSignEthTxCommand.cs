using System.CommandLine;
using System.Globalization;
using System.Numerics;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rpc;
using DltSigner.Adapters.Ethereum.Sending;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core.Hashing;
using DltSigner.Core.Signing;

namespace DltSigner.Node.Cli;

/// <summary>The JSON printed by `local sign-eth-tx` (quantities as in JSON-RPC: "0x" hex).</summary>
internal sealed record SignEthTxOutput(
    string Raw, string Hash, string From, string Type, string ChainId, string Nonce,
    string? Path, string KeyId, uint Epoch, IReadOnlyList<int> Signers);

/// <summary>
/// `dltsigner local sign-eth-tx`: signs a legacy (EIP-155), EIP-2930 or EIP-1559 transaction given
/// as eth_sendTransaction-style JSON with the threshold key. Every check that can refuse (JSON,
/// TxValidator's consensus rules, the gas and fee caps, the claimed sender) runs before signing;
/// the signed transaction is checked again (recovered sender, TxValidator) before it is printed.
/// </summary>
internal static class LocalSignEthTxCommand
{
    public static Command Build()
    {
        var (shares, signers) = (LocalThresholdKey.SharesOption(), LocalThresholdKey.SignersOption());
        var tx = new Option<string>("--tx")
        {
            Description = "The transaction as JSON, fields as in eth_sendTransaction plus chainId and type: "
                + "{\"chainId\":\"0x1\",\"nonce\":\"0x0\",\"to\":\"0x…\",\"value\":\"0x0\",\"gas\":\"0x5208\",\"maxFeePerGas\":\"0x…\",\"maxPriorityFeePerGas\":\"0x…\"}.",
            Required = true,
        };
        var path = new Option<string?>("--path") { Description = "BIP32 non-hardened derivation path of the sending key below the group key, e.g. m/0/7." };
        var defaults = new SenderOptions(1);
        var maxFee = new Option<string>("--max-fee-per-gas")
        {
            Description = "Refuse a gasPrice or maxFeePerGas above this: wei, or with a unit as cast takes it (500gwei, 0.5gwei).",
            DefaultValueFactory = _ => string.Create(CultureInfo.InvariantCulture, $"{defaults.MaxFeePerGas / SenderOptions.Gwei}gwei"),
        };
        var maxGas = new Option<string>("--max-gas")
        {
            Description = "Refuse a gas limit above this.",
            DefaultValueFactory = _ => defaults.MaxGas.ToString(CultureInfo.InvariantCulture),
        };
        var maxValue = new Option<string?>("--max-value")
        {
            Description = "Refuse a transaction whose value is above this: wei, or with a unit (0.5ether, 100gwei). No cap when absent.",
        };
        var chainIds = new Option<string?>("--allowed-chain-ids")
        {
            Description = $"Comma-separated chain ids this key may sign for, e.g. 1,31337 (default: ${AllowedChainIdsVariable}; when neither is set any chain id is signed, with a warning).",
            HelpName = "IDS",
        };
        var store = new LocalCommand.StoreOptions();
        var cmd = new Command("sign-eth-tx", "Sign an Ethereum transaction (legacy EIP-155, EIP-2930 or EIP-1559) with the threshold key; prints the raw signed transaction.")
        {
            shares, signers, tx, path, maxFee, maxGas, maxValue, chainIds,
        };
        store.AddTo(cmd, writes: false);
        cmd.SetAction((parse, ct) => LocalCommand.Guard(() => RunAsync(parse, store, parse.GetValue(shares)!, parse.GetValue(signers)!, CliInput.Resolve(parse.GetValue(tx)!, "--tx"),
            parse.GetValue(path), new Caps(
                Units.ParseWei(parse.GetValue(maxFee)!, "--max-fee-per-gas"), ParseGas(parse.GetValue(maxGas)!, "--max-gas"),
                parse.GetValue(maxValue) is { } v ? Units.ParseWei(v, "--max-value") : null,
                ParseChainIds(parse.GetValue(chainIds) ?? Environment.GetEnvironmentVariable(AllowedChainIdsVariable), parse.GetValue(chainIds) is null ? "$" + AllowedChainIdsVariable : "--allowed-chain-ids")), ct)));
        return cmd;
    }

    /// <summary>The environment variable (configuration) behind --allowed-chain-ids.</summary>
    public const string AllowedChainIdsVariable = "DLTSIGNER_ALLOWED_CHAIN_IDS";

    /// <summary>The signing policy: the largest gas limit, fee per gas and value signed, and the chain ids (null: any, with a warning).</summary>
    internal sealed record Caps(BigInteger MaxFeePerGas, BigInteger MaxGas, BigInteger? MaxValue = null, IReadOnlySet<BigInteger>? ChainIds = null);

    private static async Task<int> RunAsync(ParseResult parse, LocalCommand.StoreOptions store, string dir, string signerText, string json, string? pathText, Caps caps, CancellationToken ct)
    {
        // Every input is checked before any share is decrypted.
        var path = LocalSignCommand.ParsePath(pathText)?.ToString();
        var request = EthTxJson.Parse(json);
        var unsigned = request.Transaction;
        CheckBeforeSigning(unsigned, caps);

        using var local = LocalThresholdKey.Open(parse, store, dir, signerText);
        var sender = Address.FromPublicKey(local.Signer.PublicKeyFor(path));
        if (request.From is { } from && from != sender)
        {
            throw new CliException($"--tx: from {from} is not this key's address {sender}{(path is null ? "" : " at " + path)}; nothing signed");
        }

        if (caps.ChainIds is null)
        {
            LocalCommand.Progress(parse, $"dltsigner: warning: no chain-id allowlist (--allowed-chain-ids or ${AllowedChainIdsVariable}); signing for chain id {unsigned.SignedChainId}");
        }

        LocalCommand.Progress(parse, local.Describe("sign-eth-tx") + " ...");
        var payload = TxCodec.SigningPayload(unsigned);
        var signature = await local.Signer.SignAsync(new SignRequest(Hashes.Keccak256(payload), SignPurpose.EthereumTransaction, payload, path), ct).ConfigureAwait(false);
        var signed = TxSigner.WithSignature(unsigned, signature);
        if (!TxSigner.TryRecoverSender(signed, out var recovered) || recovered != sender)
        {
            throw new CliException($"the signature does not recover to {sender}; not printed", exitCode: 1);
        }

        if (TxValidator.Validate(signed, new TxRules(signed.SignedChainId!.Value)) is { } rule)
        {
            throw new CliException($"the signed transaction fails the '{rule}' rule; not printed", exitCode: 1);
        }

        LocalCommand.Progress(parse, $"sign-eth-tx: done in {LocalCommand.Seconds(local.Watch)}");
        CliJson.Print(parse, new SignEthTxOutput(
            Hex.Encode(TxCodec.Encode(signed)), Hex.Encode(TxCodec.Hash(signed)), sender.ToString(), Quantity.Encode((ulong)signed.Type),
            Quantity.Encode(signed.SignedChainId!.Value), Quantity.Encode(signed.Nonce), path, local.First.KeyId.ToString(), local.First.Epoch,
            [.. local.Parties.Select(p => (int)p.Value)]));
        return 0;
    }

    /// <summary>The caps, then TxValidator's stateless rules (on a placeholder signature: they are checked again on the real one).</summary>
    internal static void CheckBeforeSigning(Transaction tx, Caps caps)
    {
        var (feePerGas, feeName) = tx switch
        {
            Eip1559Transaction d => (d.MaxFeePerGas, "maxFeePerGas"),
            LegacyTransaction l => (l.GasPrice, "gasPrice"),
            Eip2930Transaction a => (a.GasPrice, "gasPrice"),
            _ => throw new ArgumentException("unknown transaction type", nameof(tx)),
        };
        if (feePerGas > caps.MaxFeePerGas)
        {
            throw new CliException($"--tx: {feeName} {feePerGas} wei is above the cap {caps.MaxFeePerGas} wei (--max-fee-per-gas); nothing signed");
        }

        if (caps.ChainIds is { } allowed && !allowed.Contains(tx.SignedChainId!.Value))
        {
            throw new CliException($"--tx: chain id {tx.SignedChainId} is not in the allowlist ({string.Join(",", allowed.Order())}); nothing signed");
        }

        if (caps.MaxValue is { } maxValue && tx.Value > maxValue)
        {
            throw new CliException($"--tx: value {tx.Value} wei is above the cap {maxValue} wei (--max-value); nothing signed");
        }

        if (tx.GasLimit > caps.MaxGas)
        {
            throw new CliException($"--tx: gas {tx.GasLimit} is above the cap {caps.MaxGas} (--max-gas); nothing signed");
        }

        var placeholder = tx with { Signature = new TxSignature(0, BigInteger.One, BigInteger.One) };
        if (TxValidator.Validate(placeholder, new TxRules(tx.SignedChainId!.Value)) is { } rule)
        {
            var detail = rule == "intrinsic gas too low" ? $" (gas {tx.GasLimit}, needs at least {TxValidator.IntrinsicGas(tx)})" : "";
            throw new CliException($"--tx: fails the '{rule}' rule{detail}; nothing signed");
        }
    }

    /// <summary>A whole number of gas (decimal, or a 0x hex quantity).</summary>
    internal static BigInteger ParseGas(string text, string option) =>
        text.Trim().All(char.IsAsciiDigit) || text.Trim().StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? Units.ParseWei(text, option)
            : throw new CliException($"{option}: '{text}' is not a whole number of gas");

    /// <summary>"1,31337" → the allowed chain ids; null (any) when absent.</summary>
    internal static HashSet<BigInteger>? ParseChainIds(string? text, string source)
    {
        if (text is null)
        {
            return null;
        }

        var ids = new HashSet<BigInteger>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length is 0 or > 20 || !part.All(char.IsAsciiDigit) || !ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id == 0)
            {
                throw new CliException($"{source}: '{part}' is not a chain id (a decimal number of at least 1)");
            }

            ids.Add(id);
        }

        return ids;
    }
}
