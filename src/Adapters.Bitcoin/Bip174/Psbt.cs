using System.Buffers.Binary;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core;
using K = DltSigner.Adapters.Bitcoin.Bip174.PsbtKeyTypes;

namespace DltSigner.Adapters.Bitcoin.Bip174;

/// <summary>A PSBT input map with typed accessors for the fields the roles use.</summary>
public sealed class PsbtInput : PsbtMap
{
    internal PsbtInput()
        : base(PsbtMapKind.Input)
    {
    }

    public Transaction? NonWitnessUtxo => Get(K.InNonWitnessUtxo) is { } v ? TransactionParser.Parse(v, allowWitness: true) : null;

    public TxOut? WitnessUtxo => Get(K.InWitnessUtxo) is { } v ? PsbtValidation.ParseTxOut(v) : null;

    /// <summary>The hash type the signer must use, if the updater set one.</summary>
    public uint? SighashType => Get(K.InSighashType) is { } v ? BinaryPrimitives.ReadUInt32LittleEndian(v) : null;

    public Script? RedeemScript => Get(K.InRedeemScript) is { } v ? new Script(v) : null;

    public Script? WitnessScript => Get(K.InWitnessScript) is { } v ? new Script(v) : null;

    public Script? FinalScriptSig => Get(K.InFinalScriptSig) is { } v ? new Script(v) : null;

    public Witness? FinalScriptWitness => Get(K.InFinalScriptWitness) is { } v ? PsbtValidation.ParseWitness(v) : null;

    public byte[]? TapKeySig => Get(K.InTapKeySig);

    public byte[]? TapInternalKey => Get(K.InTapInternalKey);

    public byte[]? TapMerkleRoot => Get(K.InTapMerkleRoot);

    /// <summary>Partial signatures: pubkey → DER signature with hash type.</summary>
    public IReadOnlyList<(byte[] PubKey, byte[] Signature)> PartialSigs =>
        [.. OfType(K.InPartialSig).Select(e => (e.Key[1..], e.Value))];

    public bool IsFinalized => Get(K.InFinalScriptSig) is not null || Get(K.InFinalScriptWitness) is not null;

    public void SetNonWitnessUtxo(Transaction tx) => Set(K.InNonWitnessUtxo, [], Require(tx).ToBytes());

    public void SetWitnessUtxo(TxOut output)
    {
        var w = new ByteWriter(64);
        TransactionSerializer.WriteOutput(Require(output), w);
        Set(K.InWitnessUtxo, [], w.WrittenSpan);
    }

    public void SetSighashType(uint hashType)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(v, hashType);
        Set(K.InSighashType, [], v);
    }

    public void SetRedeemScript(Script script) => Set(K.InRedeemScript, [], Require(script).Span);

    public void SetWitnessScript(Script script) => Set(K.InWitnessScript, [], Require(script).Span);

    public void AddBip32Derivation(ReadOnlySpan<byte> pubKey, ReadOnlySpan<byte> keyOrigin) => Set(K.InBip32Derivation, pubKey, keyOrigin);

    private static T Require<T>(T? value)
        where T : class => value ?? throw new ArgumentNullException(nameof(value));
}

/// <summary>A PSBT output map.</summary>
public sealed class PsbtOutput : PsbtMap
{
    internal PsbtOutput()
        : base(PsbtMapKind.Output)
    {
    }

    public void SetRedeemScript(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        Set(K.OutRedeemScript, [], script.Span);
    }

    public void SetWitnessScript(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        Set(K.OutWitnessScript, [], script.Span);
    }

    public void AddBip32Derivation(ReadOnlySpan<byte> pubKey, ReadOnlySpan<byte> keyOrigin) => Set(K.OutBip32Derivation, pubKey, keyOrigin);
}

/// <summary>
/// A partially signed Bitcoin transaction, version 0 (BIP174, with BIP371 taproot fields). Parsing is
/// strict: every BIP174 invalid case is rejected, unknown keys are kept in place, and an unmodified
/// PSBT serialises to the bytes it was parsed from.
/// </summary>
public sealed class Psbt
{
    /// <summary>"psbt" followed by 0xff.</summary>
    public static ReadOnlySpan<byte> Magic => [0x70, 0x73, 0x62, 0x74, 0xff];

    /// <summary>Upper bound on an accepted PSBT (Bitcoin Core accepts arbitrary size; we cap hostile input).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    private readonly List<PsbtInput> _inputs;
    private readonly List<PsbtOutput> _outputs;

    private Psbt(PsbtMap global, List<PsbtInput> inputs, List<PsbtOutput> outputs)
    {
        Global = global;
        _inputs = inputs;
        _outputs = outputs;
    }

    public PsbtMap Global { get; }

    public IReadOnlyList<PsbtInput> Inputs => _inputs;

    public IReadOnlyList<PsbtOutput> Outputs => _outputs;

    private (byte[] Bytes, Transaction Tx)? _unsignedTx;

    /// <summary>The global unsigned transaction (always present; parsed once per value).</summary>
    public Transaction UnsignedTx
    {
        get
        {
            var bytes = Global.Get(K.GlobalUnsignedTx)!;
            if (_unsignedTx is not { } cached || !ReferenceEquals(cached.Bytes, bytes))
            {
                _unsignedTx = cached = (bytes, TransactionParser.Parse(bytes, allowWitness: false));
            }

            return cached.Tx;
        }
    }

    /// <summary>Creator role: a PSBT with empty maps for an unsigned transaction.</summary>
    public static Psbt Create(Transaction unsignedTx)
    {
        ArgumentNullException.ThrowIfNull(unsignedTx);
        if (unsignedTx.Inputs.Any(i => i.ScriptSig.Length != 0 || !i.Witness.IsEmpty))
        {
            throw new ArgumentException("the transaction must be unsigned", nameof(unsignedTx));
        }

        var global = new PsbtMap(PsbtMapKind.Global);
        global.Set(K.GlobalUnsignedTx, [], unsignedTx.ToBytesWithoutWitness());
        return new Psbt(
            global,
            [.. unsignedTx.Inputs.Select(_ => new PsbtInput())],
            [.. unsignedTx.Outputs.Select(_ => new PsbtOutput())]);
    }

    public static Psbt Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            throw new CryptoFormatException("psbt: too large");
        }

        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new CryptoFormatException("psbt: missing magic bytes");
        }

        var reader = new ByteReader(bytes[Magic.Length..].ToArray());
        var global = new PsbtMap(PsbtMapKind.Global);
        ReadMap(reader, global);
        if (global.Get(K.GlobalUnsignedTx) is not { } txBytes)
        {
            throw new CryptoFormatException("psbt: no unsigned transaction");
        }

        var tx = TransactionParser.Parse(txBytes, allowWitness: false);
        var inputs = new List<PsbtInput>();
        foreach (var txIn in tx.Inputs)
        {
            var input = new PsbtInput();
            ReadMap(reader, input);
            CheckUtxoMatches(input, txIn);
            inputs.Add(input);
        }

        var outputs = new List<PsbtOutput>();
        for (var i = 0; i < tx.Outputs.Count; i++)
        {
            var output = new PsbtOutput();
            ReadMap(reader, output);
            outputs.Add(output);
        }

        if (!reader.AtEnd)
        {
            throw new CryptoFormatException("psbt: extra data after the last map");
        }

        return new Psbt(global, inputs, outputs);
    }

    public static Psbt ParseBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        if (base64.Length > MaxBytes / 3 * 4 + 4)
        {
            throw new CryptoFormatException("psbt: too large");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException e)
        {
            throw new CryptoFormatException("psbt: invalid base64", e);
        }

        return Parse(bytes);
    }

    public static bool TryParse(ReadOnlySpan<byte> bytes, out Psbt? psbt, out string? error)
    {
        try
        {
            psbt = Parse(bytes);
            error = null;
            return true;
        }
        catch (CryptoFormatException e)
        {
            psbt = null;
            error = e.Check;
            return false;
        }
    }

    public byte[] ToBytes()
    {
        var w = new ByteWriter(1024);
        w.Write(Magic);
        Global.Write(w);
        _inputs.ForEach(i => i.Write(w));
        _outputs.ForEach(o => o.Write(w));
        return w.ToArray();
    }

    public string ToBase64() => Convert.ToBase64String(ToBytes());

    /// <summary>A deep copy (through serialisation).</summary>
    public Psbt Clone() => Parse(ToBytes());

    /// <summary>The output an input spends, from its witness or non-witness UTXO, or null.</summary>
    public TxOut? SpentOutput(int inputIndex)
    {
        var input = _inputs[inputIndex];
        if (input.WitnessUtxo is { } w)
        {
            return w;
        }

        var index = UnsignedTx.Inputs[inputIndex].PrevOut.Index;
        return input.NonWitnessUtxo is { } prev && index < prev.Outputs.Count ? prev.Outputs[(int)index] : null;
    }

    private static void ReadMap(ByteReader reader, PsbtMap map)
    {
        while (true)
        {
            var key = reader.ReadVarBytes("psbt key");
            if (key.Length == 0)
            {
                return; // the 0x00 separator ends the map
            }

            map.AddParsed(new PsbtEntry(key, reader.ReadVarBytes("psbt value")));
        }
    }

    /// <summary>Bitcoin Core: a non-witness UTXO must be the transaction the input spends from.</summary>
    private static void CheckUtxoMatches(PsbtInput input, TxIn txIn)
    {
        if (input.NonWitnessUtxo is not { } prev)
        {
            return;
        }

        if (!prev.TxId().AsSpan().SequenceEqual(txIn.PrevOut.TxId))
        {
            throw new CryptoFormatException("psbt: non-witness utxo does not match the outpoint hash");
        }

        if (txIn.PrevOut.Index >= prev.Outputs.Count)
        {
            throw new CryptoFormatException("psbt: input spends an output index that does not exist");
        }
    }
}
