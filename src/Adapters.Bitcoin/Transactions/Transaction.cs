using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Core.Hashing;

namespace DltSigner.Adapters.Bitcoin.Transactions;

/// <summary>
/// An immutable Bitcoin transaction (BIP141 layout). Parsing is in TransactionParser, serialisation in
/// TransactionSerializer, consensus structure checks in TransactionChecks.
/// </summary>
public sealed class Transaction
{
    public const int WitnessScaleFactor = 4;

    public Transaction(int version, IEnumerable<TxIn> inputs, IEnumerable<TxOut> outputs, uint lockTime)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        Version = version;
        Inputs = [.. inputs];
        Outputs = [.. outputs];
        LockTime = lockTime;
    }

    public int Version { get; }

    public IReadOnlyList<TxIn> Inputs { get; }

    public IReadOnlyList<TxOut> Outputs { get; }

    public uint LockTime { get; }

    public bool HasWitness => Inputs.Any(i => !i.Witness.IsEmpty);

    public bool IsCoinbase => Inputs.Count == 1 && Inputs[0].PrevOut.IsNull;

    /// <summary>Strict parse of the full (witness if present) serialisation; trailing bytes rejected.</summary>
    public static Transaction Parse(ReadOnlySpan<byte> bytes) => TransactionParser.Parse(bytes, allowWitness: true);

    public static Transaction Parse(string hex) => Parse(Hex.Decode(hex));

    public static bool TryParse(ReadOnlySpan<byte> bytes, out Transaction? tx, out string? error) =>
        TransactionParser.TryParse(bytes, allowWitness: true, out tx, out error);

    /// <summary>Serialisation with witness data when any input has some (BIP144), else legacy.</summary>
    public byte[] ToBytes() => TransactionSerializer.Serialize(this, HasWitness);

    /// <summary>Legacy serialisation (no marker, flag or witnesses): what the txid hashes.</summary>
    public byte[] ToBytesWithoutWitness() => TransactionSerializer.Serialize(this, withWitness: false);

    public string ToHex() => Hex.Encode(ToBytes());

    /// <summary>SHA256d of the legacy serialisation, internal byte order.</summary>
    public byte[] TxId() => Hashes.Sha256d(ToBytesWithoutWitness());

    /// <summary>SHA256d of the full serialisation, internal byte order.</summary>
    public byte[] WTxId() => Hashes.Sha256d(ToBytes());

    public string TxIdDisplay => Hex.EncodeReversed(TxId());

    public string WTxIdDisplay => Hex.EncodeReversed(WTxId());

    public int Size => ToBytes().Length;

    /// <summary>BIP141 weight: base size × 3 + total size.</summary>
    public int Weight => (ToBytesWithoutWitness().Length * (WitnessScaleFactor - 1)) + Size;

    /// <summary>Virtual size: weight / 4 rounded up.</summary>
    public int VirtualSize => (Weight + WitnessScaleFactor - 1) / WitnessScaleFactor;

    public Transaction WithInputs(IEnumerable<TxIn> inputs) => new(Version, inputs, Outputs, LockTime);

    public Transaction WithInput(int index, TxIn input)
    {
        var list = Inputs.ToList();
        list[index] = input;
        return new Transaction(Version, list, Outputs, LockTime);
    }

    /// <summary>The same transaction with every scriptSig and witness emptied (PSBT's unsigned tx).</summary>
    public Transaction WithoutSignatures() =>
        WithInputs(Inputs.Select(i => i with { ScriptSig = Scripts.Script.Empty, Witness = Witness.Empty }));
}
