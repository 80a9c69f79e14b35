using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.SigHash;
using DltSigner.Adapters.Bitcoin.Transactions;
using DltSigner.Core;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using K = DltSigner.Adapters.Bitcoin.Bip174.PsbtKeyTypes;

namespace DltSigner.Adapters.Bitcoin.Bip174;

/// <summary>
/// Per-key-type checks of BIP174 v0 and BIP371 (as Bitcoin Core's psbt.h deserialisation): key data
/// length, pubkey validity, values that must decode exactly. Unknown types are accepted as opaque.
/// </summary>
internal static class PsbtValidation
{
    private const int MaxTapTreeDepth = 128;

    public static void ValidateEntry(PsbtMapKind kind, PsbtEntry entry)
    {
        if (entry.Key.Length == 0)
        {
            throw new CryptoFormatException("psbt: empty key");
        }

        var type = entry.KeyType;
        if (type == K.Proprietary)
        {
            var r = new ByteReader(entry.Key.AsMemory(1));
            r.ReadVarBytes("psbt proprietary identifier");
            r.ReadCompactSize("psbt proprietary subtype", ulong.MaxValue);
            return;
        }

        if (type > 0xff)
        {
            return;
        }

        var keyData = entry.KeyData;
        var value = entry.Value;
        switch (kind)
        {
            case PsbtMapKind.Global:
                Global((byte)type, keyData, value);
                break;
            case PsbtMapKind.Input:
                Input((byte)type, keyData, value);
                break;
            default:
                Output((byte)type, keyData, value);
                break;
        }
    }

    private static void Global(byte type, ReadOnlySpan<byte> keyData, byte[] value)
    {
        switch (type)
        {
            case K.GlobalUnsignedTx:
                NoKeyData(keyData, "unsigned tx");
                var tx = TransactionParser.Parse(value, allowWitness: false);
                if (tx.Inputs.Any(i => i.ScriptSig.Length != 0))
                {
                    throw new CryptoFormatException("psbt: unsigned tx has a non-empty scriptSig");
                }

                break;
            case K.GlobalXpub:
                if (keyData.Length != 78)
                {
                    throw new CryptoFormatException("psbt: global xpub key is not 78 bytes");
                }

                KeyOrigin(value);
                break;
            case K.GlobalVersion:
                NoKeyData(keyData, "version");
                if (value.Length != 4)
                {
                    throw new CryptoFormatException("psbt: version is not 4 bytes");
                }

                if (value.AsSpan().ContainsAnyExcept((byte)0))
                {
                    throw new CryptoFormatException("psbt: unsupported version (only v0)");
                }

                break;
        }
    }

    private static void Input(byte type, ReadOnlySpan<byte> keyData, byte[] value)
    {
        switch (type)
        {
            case K.InNonWitnessUtxo:
                NoKeyData(keyData, "non-witness utxo");
                TransactionParser.Parse(value, allowWitness: true);
                break;
            case K.InWitnessUtxo:
                NoKeyData(keyData, "witness utxo");
                ParseTxOut(value);
                break;
            case K.InPartialSig:
                PubKey(keyData, "partial signature");
                if (!SignatureEncoding.IsValidEcdsaWithHashType(value))
                {
                    throw new CryptoFormatException("psbt: partial signature is not a valid encoding");
                }

                break;
            case K.InSighashType:
                NoKeyData(keyData, "sighash type");
                Exact(value, 4, "sighash type");
                break;
            case K.InRedeemScript or K.InWitnessScript or K.InFinalScriptSig:
                NoKeyData(keyData, "script");
                break;
            case K.InBip32Derivation:
                PubKey(keyData, "BIP32 derivation");
                KeyOrigin(value);
                break;
            case K.InFinalScriptWitness:
                NoKeyData(keyData, "final script witness");
                ParseWitness(value);
                break;
            case K.InRipemd160 or K.InSha256 or K.InHash160 or K.InHash256:
                Preimage(type, keyData, value);
                break;
            case K.InTapKeySig:
                NoKeyData(keyData, "taproot key signature");
                SchnorrSig(value);
                break;
            case K.InTapScriptSig:
                Exact(keyData, 64, "taproot script signature key");
                SchnorrSig(value);
                break;
            case K.InTapLeafScript:
                if (keyData.Length < 33 || (keyData.Length - 33) % 32 != 0 || (keyData.Length - 33) / 32 > MaxTapTreeDepth)
                {
                    throw new CryptoFormatException("psbt: taproot control block has a bad length");
                }

                if (value.Length < 1)
                {
                    throw new CryptoFormatException("psbt: taproot leaf script without leaf version");
                }

                break;
            case K.InTapBip32Derivation:
                Exact(keyData, 32, "taproot BIP32 key");
                TapKeyOrigin(value);
                break;
            case K.InTapInternalKey or K.InTapMerkleRoot:
                NoKeyData(keyData, "taproot key or root");
                Exact(value, 32, "taproot internal key or merkle root");
                break;
        }
    }

    private static void Output(byte type, ReadOnlySpan<byte> keyData, byte[] value)
    {
        switch (type)
        {
            case K.OutRedeemScript or K.OutWitnessScript:
                NoKeyData(keyData, "output script");
                break;
            case K.OutBip32Derivation:
                PubKey(keyData, "output BIP32 derivation");
                KeyOrigin(value);
                break;
            case K.OutTapInternalKey:
                NoKeyData(keyData, "output taproot internal key");
                Exact(value, 32, "output taproot internal key");
                break;
            case K.OutTapTree:
                NoKeyData(keyData, "taproot tree");
                TapTree(value);
                break;
            case K.OutTapBip32Derivation:
                Exact(keyData, 32, "output taproot BIP32 key");
                TapKeyOrigin(value);
                break;
        }
    }

    public static TxOut ParseTxOut(byte[] value)
    {
        var r = new ByteReader(value);
        var output = new TxOut(r.ReadInt64("psbt utxo value"), Scripts.Script.Own(r.ReadVarBytes("psbt utxo script")));
        End(r, "witness utxo");
        return output;
    }

    public static Witness ParseWitness(byte[] value)
    {
        var r = new ByteReader(value);
        var count = r.ReadCount("psbt witness count", 1);
        var items = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            items[i] = r.ReadVarBytes("psbt witness item");
        }

        End(r, "final script witness");
        return Witness.Own(items);
    }

    private static void Preimage(byte type, ReadOnlySpan<byte> keyData, byte[] value)
    {
        var hash = type switch
        {
            K.InRipemd160 => Hashes.Ripemd160(value),
            K.InSha256 => Hashes.Sha256(value),
            K.InHash160 => Hashes.Hash160(value),
            _ => Hashes.Sha256d(value),
        };
        if (!keyData.SequenceEqual(hash))
        {
            throw new CryptoFormatException("psbt: preimage does not match its hash");
        }
    }

    /// <summary>BIP371 tap tree: (depth, leaf version, script)* in DFS order forming a complete tree (Core's TaprootBuilder).</summary>
    private static void TapTree(byte[] value)
    {
        var r = new ByteReader(value);
        if (r.AtEnd)
        {
            throw new CryptoFormatException("psbt: empty taproot tree");
        }

        var branch = new List<bool>(); // branch[d]: a finished subtree waits at depth d
        while (!r.AtEnd)
        {
            int depth = r.ReadByte("psbt tap tree depth");
            var leafVersion = r.ReadByte("psbt tap tree leaf version");
            r.ReadVarBytes("psbt tap tree script");
            if (depth > MaxTapTreeDepth || (leafVersion & 1) != 0 || depth + 1 < branch.Count)
            {
                throw new CryptoFormatException("psbt: bad taproot tree depth, order or leaf version");
            }

            // Combine with a waiting sibling and propagate up, as TaprootBuilder::Insert.
            while (branch.Count > depth && branch[depth])
            {
                branch.RemoveAt(branch.Count - 1);
                if (depth == 0)
                {
                    throw new CryptoFormatException("psbt: taproot tree continues past its root");
                }

                depth--;
            }

            while (branch.Count <= depth)
            {
                branch.Add(false);
            }

            branch[depth] = true;
        }

        if (!(branch.Count == 1 && branch[0]))
        {
            throw new CryptoFormatException("psbt: incomplete taproot tree");
        }
    }

    private static void TapKeyOrigin(byte[] value)
    {
        var r = new ByteReader(value);
        var n = r.ReadCount("psbt tap leaf hash count", 32);
        r.ReadSpan(n * 32, "psbt tap leaf hashes");
        KeyOrigin(r.ReadSpan(r.Remaining, "psbt key origin"));
    }

    private static void KeyOrigin(ReadOnlySpan<byte> value)
    {
        if (value.Length == 0 || value.Length % 4 != 0)
        {
            throw new CryptoFormatException("psbt: key origin is not fingerprint plus 32-bit path elements");
        }
    }

    private static void PubKey(ReadOnlySpan<byte> keyData, string what)
    {
        if ((keyData.Length != 33 && keyData.Length != 65) || !PublicKey.TryDecode(keyData, out _))
        {
            throw new CryptoFormatException("psbt: invalid pubkey in " + what + " key");
        }
    }

    private static void SchnorrSig(byte[] value)
    {
        if (value.Length != 64 && value.Length != 65)
        {
            throw new CryptoFormatException("psbt: taproot signature is not 64 or 65 bytes");
        }
    }

    private static void NoKeyData(ReadOnlySpan<byte> keyData, string what)
    {
        if (!keyData.IsEmpty)
        {
            throw new CryptoFormatException("psbt: " + what + " key has key data");
        }
    }

    private static void Exact(ReadOnlySpan<byte> data, int length, string what)
    {
        if (data.Length != length)
        {
            throw new CryptoFormatException($"psbt: {what} is not {length} bytes");
        }
    }

    private static void End(ByteReader r, string what)
    {
        if (!r.AtEnd)
        {
            throw new CryptoFormatException("psbt: " + what + " has trailing bytes");
        }
    }
}
