using DltSigner.Adapters.Bitcoin.Addresses;
using DltSigner.Adapters.Bitcoin.Rpc;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core.Keys;
using DltSigner.Core.Signing;

namespace DltSigner.Adapters.Bitcoin.Wallet;

/// <summary>A spend that is signed and checked, with the plan it came from.</summary>
public sealed record SignedSpend(UnsignedSpend Plan, Transaction Transaction)
{
    public string TxId => Transaction.TxIdDisplay;
}

/// <summary>
/// Spending from one key's P2WPKH address (the threshold key in production): UTXO discovery through
/// bitcoind, planning (<see cref="SpendPlanner"/>), signing through <see cref="IEcdsaSigner"/>
/// (<see cref="P2wpkhSigning"/>) and a checked broadcast. Holds no secrets.
/// </summary>
public sealed class KeyWallet
{
    public KeyWallet(IEcdsaSigner signer, Network network, string? derivationPath = null, SpendPolicy? policy = null)
    {
        Signer = signer ?? throw new ArgumentNullException(nameof(signer));
        Network = network ?? throw new ArgumentNullException(nameof(network));
        DerivationPath = derivationPath;
        Policy = policy ?? SpendPolicy.Default;
        PublicKey = signer.PublicKeyFor(derivationPath);
        ScriptPubKey = ScriptTemplates.PayToWitnessPubKeyHash(PublicKey);
        Address = BitcoinAddress.FromScriptPubKey(ScriptPubKey, network)!;
    }

    public IEcdsaSigner Signer { get; }

    public Network Network { get; }

    public string? DerivationPath { get; }

    public SpendPolicy Policy { get; }

    public PublicKey PublicKey { get; }

    public Script ScriptPubKey { get; }

    public BitcoinAddress Address { get; }

    /// <summary>The output descriptor bitcoind watches: wpkh(&lt;compressed key hex&gt;) (no checksum).</summary>
    public string Descriptor => $"wpkh({PublicKey})";

    /// <summary>A payment to an address of this wallet's network (parsing rejects other networks).</summary>
    public Payment Pay(string address, long amount) => new(BitcoinAddress.Parse(address, Network).ScriptPubKey, amount);

    /// <summary>Confirmed UTXOs of the key from the node's UTXO set (scantxoutset; no wallet needed).</summary>
    public Task<IReadOnlyList<Utxo>> ScanUtxosAsync(BitcoinRpcClient rpc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        return rpc.ScanTxOutSetAsync([$"addr({Address})"], ct);
    }

    /// <summary>Plans, signs and checks a spend; change goes to <paramref name="changeScript"/> or back to the key.</summary>
    public async Task<SignedSpend> CreateSpendAsync(IReadOnlyList<Utxo> utxos, IReadOnlyList<Payment> payments, FeeRate feeRate, Script? changeScript = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(utxos);
        var own = utxos.Where(u => u.ScriptPubKey.Equals(ScriptPubKey)).ToList();
        var plan = SpendPlanner.Plan(own, payments, feeRate, changeScript ?? ScriptPubKey, Policy);
        var tx = await P2wpkhSigning.SignAsync(plan, Signer, DerivationPath, ct).ConfigureAwait(false);
        return new SignedSpend(plan, tx);
    }

    /// <summary>testmempoolaccept, then sendrawtransaction with the policy's rate cap; a rejection throws with bitcoind's reason.</summary>
    public async Task<string> BroadcastAsync(BitcoinRpcClient rpc, Transaction tx, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(tx);
        var verdict = (await rpc.TestMempoolAcceptAsync([tx], ct).ConfigureAwait(false))[0];
        if (!verdict.Allowed)
        {
            throw new WalletException(WalletErrorKind.Rejected, $"bitcoind would not accept {tx.TxIdDisplay}: {verdict.RejectReason}");
        }

        return await rpc.SendRawTransactionAsync(tx, Policy.MaxFeeRate, ct).ConfigureAwait(false);
    }
}
