using System.Buffers.Binary;
using System.Globalization;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.SigHash;
using DltSigner.Adapters.Bitcoin.Wallet;
using DltSigner.Core;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Signing;
using K = DltSigner.Adapters.Bitcoin.Bip174.PsbtKeyTypes;

namespace DltSigner.Adapters.Bitcoin.Bip174;

/// <summary>What the PSBT signer role did: the signed copy and the inputs it signed.</summary>
public sealed record PsbtSignResult(Psbt Psbt, IReadOnlyList<int> SignedInputs);

/// <summary>A PSBT the signer role refuses as a whole; nothing was signed. Lists every refused input.</summary>
public sealed class PsbtSigningException : InvalidOperationException
{
    public PsbtSigningException(IReadOnlyList<string> problems)
        : base("psbt not signed: " + string.Join("; ", problems)) => Problems = problems;

    public PsbtSigningException()
        : this([])
    {
    }

    public PsbtSigningException(string message)
        : base(message) => Problems = [message];

    public PsbtSigningException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    public IReadOnlyList<string> Problems { get; }
}

/// <summary>
/// The BIP174 signer role for a key behind <see cref="IEcdsaSigner"/> (the threshold key). It signs
/// every input that spends a P2WPKH of the root key, or of a key a BIP32 derivation entry names under
/// our fingerprint (non-hardened path, derived and compared). Policy (docs/bitcoin.md): such an input
/// must carry non_witness_utxo, whose txid is the outpoint's and, if witness_utxo is present too,
/// whose output equals it — a segwit v0 signature commits to the amount only, so a witness_utxo
/// alone could lie about it (CVE-2020-14199) — and a hash type of ALL (or none). If any of our
/// inputs fails a check, the whole PSBT is refused and nothing is signed.
/// </summary>
public static class PsbtKeySigner
{
    private sealed record Plan(int Index, string? Path, byte[] PubKey, long Amount);

    public static async Task<PsbtSignResult> SignAsync(Psbt psbt, IEcdsaSigner signer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        ArgumentNullException.ThrowIfNull(signer);
        var plans = new List<Plan>();
        var problems = new List<string>();
        for (var i = 0; i < psbt.Inputs.Count; i++)
        {
            if (psbt.Inputs[i].IsFinalized)
            {
                continue;
            }

            try
            {
                if (PlanInput(psbt, i, signer) is { } plan)
                {
                    plans.Add(plan);
                }
            }
            catch (CryptoFormatException e)
            {
                problems.Add($"input {i}: {e.Check}");
            }
        }

        if (problems.Count > 0)
        {
            throw new PsbtSigningException(problems);
        }

        // Every signature first, then the PSBT: a failing signer leaves no half-signed copy behind.
        var tx = psbt.UnsignedTx;
        var sighash = new Bip143SigHash(tx);
        var signatures = new List<byte[]>();
        foreach (var plan in plans)
        {
            signatures.Add(await P2wpkhSigning.SignInputAsync(signer, plan.Path, sighash, tx, plan.Index, plan.Amount, ct).ConfigureAwait(false));
        }

        var result = psbt.Clone();
        for (var n = 0; n < plans.Count; n++)
        {
            PsbtSigner.AddPartialSignature(result, plans[n].Index, plans[n].PubKey, signatures[n]);
        }

        return new PsbtSignResult(result, [.. plans.Select(p => p.Index)]);
    }

    /// <summary>Null when the input is not ours; throws <see cref="CryptoFormatException"/> when it is ours but must not be signed.</summary>
    private static Plan? PlanInput(Psbt psbt, int index, IEcdsaSigner signer)
    {
        var input = psbt.Inputs[index];
        var keys = OurKeys(input, signer);
        var named = keys.Count > 1; // beyond the root: a derivation entry named a key of ours
        var spent = psbt.SpentOutput(index);
        var match = spent is null ? null
            : keys.FirstOrDefault(k => ScriptTemplates.PayToWitnessPubKeyHash(k.Key).Equals(spent.ScriptPubKey));
        if (match is null)
        {
            return named || keys[0].Named
                ? throw new CryptoFormatException("names our key but does not spend its P2WPKH (only P2WPKH inputs of the key are signed)")
                : null;
        }

        var prev = input.NonWitnessUtxo ?? throw new CryptoFormatException("segwit v0 input without non_witness_utxo: its amount cannot be verified (CVE-2020-14199)");
        var prevOut = psbt.UnsignedTx.Inputs[index].PrevOut;
        if (!prev.TxId().AsSpan().SequenceEqual(prevOut.TxId) || prevOut.Index >= prev.Outputs.Count)
        {
            throw new CryptoFormatException("non_witness_utxo is not the transaction the input spends");
        }

        var output = prev.Outputs[(int)prevOut.Index];
        if (input.WitnessUtxo is { } w && w != output)
        {
            throw new CryptoFormatException("witness_utxo disagrees with the non_witness_utxo output");
        }

        if (input.SighashType is { } type && type != (uint)SigHashType.All)
        {
            throw new CryptoFormatException($"sighash type {type} requested; only SIGHASH_ALL is signed");
        }

        var spend = PsbtSpend.Resolve(psbt, index);
        if (spend.Kind != PsbtSpendKind.WitnessV0 || spend.RedeemScript is not null || spend.WitnessScript is not null)
        {
            throw new CryptoFormatException("not a native P2WPKH spend");
        }

        var pub = match.Key.ToCompressed();
        return input.PartialSigs.Any(s => s.PubKey.AsSpan().SequenceEqual(pub)) ? null : new Plan(index, match.Path, pub, output.Value);
    }

    private sealed record OurKey(string? Path, PublicKey Key, bool Named);

    /// <summary>The root key (first; Named when an entry lists it) and every key a derivation entry names under our fingerprint.</summary>
    private static List<OurKey> OurKeys(PsbtInput input, IEcdsaSigner signer)
    {
        var root = signer.PublicKey;
        var rootBytes = root.ToCompressed();
        var fingerprint = Hashes.Hash160(rootBytes).AsSpan(0, 4).ToArray();
        var keys = new List<OurKey> { new(null, root, false) };
        foreach (var entry in input.OfType(K.InBip32Derivation))
        {
            var pub = entry.KeyData;
            if (pub.SequenceEqual(rootBytes))
            {
                keys[0] = keys[0] with { Named = true };
                continue;
            }

            if (entry.Value.Length < 4 || entry.Value.Length % 4 != 0 || !entry.Value.AsSpan(0, 4).SequenceEqual(fingerprint))
            {
                continue;
            }

            var steps = new List<uint>();
            for (var o = 4; o < entry.Value.Length; o += 4)
            {
                steps.Add(BinaryPrimitives.ReadUInt32LittleEndian(entry.Value.AsSpan(o)));
            }

            if (steps.Count == 0 || steps.Any(s => s >= 0x8000_0000u))
            {
                continue; // hardened steps cannot be derived from the group key
            }

            var path = "m/" + string.Join('/', steps.Select(s => s.ToString(CultureInfo.InvariantCulture)));
            PublicKey derived;
            try
            {
                derived = signer.PublicKeyFor(path);
            }
            catch (NotSupportedException)
            {
                continue; // a signer without derivation owns only its root key
            }

            if (derived.ToCompressed().AsSpan().SequenceEqual(pub))
            {
                keys.Add(new OurKey(path, derived, true));
            }
        }

        return keys;
    }
}
