using System.Globalization;
using System.Numerics;
using DltSigner.Adapters.Ethereum.Abi;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rlp;
using DltSigner.Adapters.Ethereum.Rpc;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core.Hashing;
using DltSigner.Core.Signing;

namespace DltSigner.Adapters.Ethereum.Sending;

/// <summary>
/// The sending pipeline: build (fill nonce, gas and fees from the node), check the policy (chain id,
/// gas and fee caps), sign through <see cref="IEcdsaSigner"/> with the unsigned transaction as the
/// explanation, check the recovered sender, broadcast, wait for the receipt. Every check that can
/// refuse runs before the signer is asked, so a refused request signs and sends nothing.
/// </summary>
public sealed class EthSender
{
    private readonly EthRpcClient _rpc;
    private readonly IEcdsaSigner _signer;

    public EthSender(EthRpcClient rpc, IEcdsaSigner signer, SenderOptions options)
    {
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        _signer = signer ?? throw new ArgumentNullException(nameof(signer));
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public SenderOptions Options { get; }

    /// <summary>The sender address for a derivation path (null: the root key).</summary>
    public Address AddressFor(string? derivationPath = null) => Address.FromPublicKey(_signer.PublicKeyFor(derivationPath));

    /// <summary>The unsigned transaction, with every field filled and every policy check passed.</summary>
    public async Task<Transaction> BuildAsync(SendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Type is not (TxType.DynamicFee or TxType.Legacy))
        {
            throw new EthPolicyException(PolicyRule.Fields, "only EIP-1559 and legacy (EIP-155) transactions are sent");
        }

        await CheckChainIdAsync(cancellationToken).ConfigureAwait(false);
        var from = AddressFor(request.DerivationPath);
        var nonce = request.Nonce ?? await _rpc.GetPendingNonceAsync(from, cancellationToken).ConfigureAwait(false);
        var gas = request.GasLimit ?? await EstimateGasAsync(request, from, cancellationToken).ConfigureAwait(false);
        Transaction tx = request.Type == TxType.Legacy
            ? new LegacyTransaction
            {
                ChainId = Options.ChainId, Nonce = nonce, GasLimit = gas, To = request.To, Value = request.Value, Data = request.Data,
                GasPrice = request.GasPrice ?? await _rpc.GetGasPriceAsync(cancellationToken).ConfigureAwait(false),
            }
            : await BuildDynamicAsync(request, nonce, gas, cancellationToken).ConfigureAwait(false);
        CheckPolicy(tx);
        return tx;
    }

    /// <summary>Signs a built transaction; the signature must recover to the signer's address.</summary>
    public async Task<Transaction> SignAsync(Transaction unsigned, string? derivationPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unsigned);
        CheckPolicy(unsigned);
        var payload = TxCodec.SigningPayload(unsigned);
        var request = new SignRequest(Hashes.Keccak256(payload), SignPurpose.EthereumTransaction, payload, derivationPath);
        var signature = await _signer.SignAsync(request, cancellationToken).ConfigureAwait(false);
        var signed = TxSigner.WithSignature(unsigned, signature);
        var expected = AddressFor(derivationPath);
        if (!TxSigner.TryRecoverSender(signed, out var recovered) || recovered != expected)
        {
            throw new EthPolicyException(PolicyRule.SignerMismatch, $"signature does not recover to the signer's address {expected}; not sent");
        }

        if (TxValidator.Validate(signed, new TxRules(Options.ChainId)) is { } rule)
        {
            throw new EthPolicyException(PolicyRule.Fields, $"signed transaction fails the '{rule}' rule; not sent");
        }

        return signed;
    }

    /// <summary>Broadcasts a signed transaction and waits for its receipt (status not checked here).</summary>
    public async Task<SendResult> BroadcastAsync(Transaction signed, IProgress<ReceiptWaitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var localHash = Hex.Encode(TxCodec.Hash(signed));
        var hash = await _rpc.SendRawTransactionAsync(TxCodec.Encode(signed), cancellationToken).ConfigureAwait(false);
        if (!string.Equals(hash, localHash, StringComparison.Ordinal))
        {
            throw new EthRpcException("eth_sendRawTransaction", 0, $"node returned hash {hash}, expected {localHash}");
        }

        var receipt = await _rpc.WaitForReceiptAsync(hash, Options.ReceiptTimeout, Options.ReceiptPollInterval, progress, cancellationToken).ConfigureAwait(false);
        if (receipt.TransactionHash != hash)
        {
            throw new EthRpcException("eth_getTransactionReceipt", 0, "receipt is for another transaction");
        }

        return new SendResult(signed, hash, receipt);
    }

    /// <summary>Build, sign, broadcast, wait. The receipt status is in the result (0 for a transaction that reverted on chain).</summary>
    public async Task<SendResult> SendAsync(SendRequest request, IProgress<ReceiptWaitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var unsigned = await BuildAsync(request, cancellationToken).ConfigureAwait(false);
        var signed = await SignAsync(unsigned, request.DerivationPath, cancellationToken).ConfigureAwait(false);
        return await BroadcastAsync(signed, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deploys creation bytecode with ABI-encoded constructor arguments; checks status 1, the
    /// receipt's contract address against keccak256(rlp([sender, nonce]))[12..], and non-empty code.
    /// </summary>
    public async Task<DeployResult> DeployAsync(byte[] bytecode, IReadOnlyList<AbiType> constructorTypes, IReadOnlyList<object> constructorArguments,
        SendRequest? template = null, IProgress<ReceiptWaitProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytecode);
        var request = (template ?? new SendRequest()) with
        {
            To = null,
            Data = AbiFunction.EncodeConstructor(bytecode, constructorTypes, constructorArguments),
        };
        var result = await SendAsync(request, progress, cancellationToken).ConfigureAwait(false);
        var expected = CreateAddress(AddressFor(request.DerivationPath), result.Transaction.Nonce);
        if (!result.Succeeded)
        {
            throw new EthPolicyException(PolicyRule.Receipt, $"deployment {result.Hash} failed on chain (status {result.Receipt.Status})");
        }

        if (result.Receipt.ContractAddress != expected)
        {
            throw new EthPolicyException(PolicyRule.Receipt, $"receipt contract address {result.Receipt.ContractAddress} is not the CREATE address {expected}");
        }

        var code = await _rpc.GetCodeAsync(expected, "latest", cancellationToken).ConfigureAwait(false);
        return code.Length > 0 ? new DeployResult(expected, result)
            : throw new EthPolicyException(PolicyRule.Receipt, $"no code at {expected} after deployment");
    }

    /// <summary>eth_call of <paramref name="signature"/> on <paramref name="to"/> from the signer's address; decodes the return values.</summary>
    public async Task<IReadOnlyList<object>> CallAsync(Address to, string signature, IReadOnlyList<object> arguments, IReadOnlyList<AbiType> returnTypes,
        CancellationToken cancellationToken = default)
    {
        var call = new CallRequest { From = AddressFor(), To = to, Data = AbiFunction.EncodeCall(signature, arguments) };
        var output = await _rpc.CallAsync(call, "latest", cancellationToken).ConfigureAwait(false);
        return AbiCodec.Decode(returnTypes, output);
    }

    /// <summary>The CREATE rule (Yellow Paper eq. 88): keccak256(rlp([sender, nonce]))[12..].</summary>
    public static Address CreateAddress(Address sender, BigInteger nonce) =>
        new(Hashes.Keccak256(RlpCodec.EncodeList(RlpCodec.EncodeBytes(sender.Bytes), RlpCodec.EncodeUInt(nonce)))[12..]);

    private async Task CheckChainIdAsync(CancellationToken cancellationToken)
    {
        var nodeChainId = await _rpc.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        if (nodeChainId != Options.ChainId)
        {
            throw new EthPolicyException(PolicyRule.ChainId,
                $"node is on chain id {nodeChainId} but this sender signs for chain id {Options.ChainId}; nothing signed");
        }
    }

    private async Task<BigInteger> EstimateGasAsync(SendRequest request, Address from, CancellationToken cancellationToken)
    {
        // A revert here surfaces as RevertedException with its reason, before anything is signed.
        var estimate = await _rpc.EstimateGasAsync(
            new CallRequest { From = from, To = request.To, Value = request.Value, Data = request.Data }, cancellationToken).ConfigureAwait(false);
        var withMargin = estimate * (100 + Options.GasMarginPercent) / 100;
        // A plain transfer to an account without code costs exactly 21000: no margin needed there.
        return estimate == 21000 && request.Data.Length == 0 ? estimate : withMargin;
    }

    private async Task<Eip1559Transaction> BuildDynamicAsync(SendRequest request, BigInteger nonce, BigInteger gas, CancellationToken cancellationToken)
    {
        var priority = request.MaxPriorityFeePerGas ?? await PriorityFeeAsync(cancellationToken).ConfigureAwait(false);
        BigInteger maxFee;
        if (request.MaxFeePerGas is { } given)
        {
            maxFee = given;
        }
        else
        {
            // Room for the base fee to double (it rises at most 12.5% a block) plus the tip.
            var history = await _rpc.GetFeeHistoryAsync(1, [], cancellationToken).ConfigureAwait(false);
            maxFee = (2 * history.NextBaseFee) + priority;
        }

        return new Eip1559Transaction
        {
            ChainId = Options.ChainId, Nonce = nonce, GasLimit = gas, To = request.To, Value = request.Value, Data = request.Data,
            MaxPriorityFeePerGas = priority, MaxFeePerGas = maxFee,
        };
    }

    private async Task<BigInteger> PriorityFeeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _rpc.GetMaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (EthRpcException e) when (e.Code == -32601)
        {
            return Options.DefaultPriorityFee; // method not found: an older node
        }
    }

    private void CheckPolicy(Transaction tx)
    {
        var (feePerGas, feeName) = tx switch
        {
            Eip1559Transaction d => (d.MaxFeePerGas, "max fee per gas"),
            LegacyTransaction l => (l.GasPrice, "gas price"),
            _ => throw new EthPolicyException(PolicyRule.Fields, "only EIP-1559 and legacy (EIP-155) transactions are sent"),
        };
        if (tx.SignedChainId != Options.ChainId)
        {
            throw new EthPolicyException(PolicyRule.ChainId, $"transaction chain id {tx.SignedChainId} is not {Options.ChainId}; nothing signed");
        }

        if (tx is Eip1559Transaction dyn && dyn.MaxPriorityFeePerGas > dyn.MaxFeePerGas)
        {
            throw new EthPolicyException(PolicyRule.FeePerGas, "priority fee above max fee per gas (EIP-1559); nothing signed");
        }

        if (tx.GasLimit > Options.MaxGas)
        {
            throw new EthPolicyException(PolicyRule.GasLimit, $"gas limit {tx.GasLimit} above the cap {Options.MaxGas}; nothing signed");
        }

        if (tx.GasLimit < TxValidator.IntrinsicGas(tx))
        {
            throw new EthPolicyException(PolicyRule.GasLimit, $"gas limit {tx.GasLimit} below the intrinsic gas {TxValidator.IntrinsicGas(tx)}; nothing signed");
        }

        if (feePerGas > Options.MaxFeePerGas)
        {
            throw new EthPolicyException(PolicyRule.FeePerGas, $"{feeName} {Gwei(feePerGas)} above the cap {Gwei(Options.MaxFeePerGas)}; nothing signed");
        }

        var total = tx.GasLimit * feePerGas;
        if (total > Options.MaxTotalFee)
        {
            throw new EthPolicyException(PolicyRule.TotalFee, $"maximum fee {total} wei above the cap {Options.MaxTotalFee} wei; nothing signed");
        }
    }

    private static string Gwei(BigInteger wei)
    {
        var whole = BigInteger.DivRem(wei, SenderOptions.Gwei, out var rest);
        var fraction = rest.IsZero ? string.Empty : "." + rest.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return whole.ToString(CultureInfo.InvariantCulture) + fraction + " gwei";
    }
}
