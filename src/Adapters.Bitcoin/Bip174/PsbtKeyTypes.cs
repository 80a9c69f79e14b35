namespace DltSigner.Adapters.Bitcoin.Bip174;

/// <summary>BIP174 (v0) and BIP371 key types.</summary>
public static class PsbtKeyTypes
{
    public const byte GlobalUnsignedTx = 0x00;
    public const byte GlobalXpub = 0x01;
    public const byte GlobalVersion = 0xfb;
    public const byte Proprietary = 0xfc;

    public const byte InNonWitnessUtxo = 0x00;
    public const byte InWitnessUtxo = 0x01;
    public const byte InPartialSig = 0x02;
    public const byte InSighashType = 0x03;
    public const byte InRedeemScript = 0x04;
    public const byte InWitnessScript = 0x05;
    public const byte InBip32Derivation = 0x06;
    public const byte InFinalScriptSig = 0x07;
    public const byte InFinalScriptWitness = 0x08;
    public const byte InPorCommitment = 0x09;
    public const byte InRipemd160 = 0x0a;
    public const byte InSha256 = 0x0b;
    public const byte InHash160 = 0x0c;
    public const byte InHash256 = 0x0d;
    public const byte InTapKeySig = 0x13;
    public const byte InTapScriptSig = 0x14;
    public const byte InTapLeafScript = 0x15;
    public const byte InTapBip32Derivation = 0x16;
    public const byte InTapInternalKey = 0x17;
    public const byte InTapMerkleRoot = 0x18;

    public const byte OutRedeemScript = 0x00;
    public const byte OutWitnessScript = 0x01;
    public const byte OutBip32Derivation = 0x02;
    public const byte OutTapInternalKey = 0x05;
    public const byte OutTapTree = 0x06;
    public const byte OutTapBip32Derivation = 0x07;

    // Bitcoin Core's serialisation order per map (psbt.h Serialize); unknown types sort after these.
    internal static readonly byte[] GlobalOrder = [GlobalUnsignedTx, GlobalXpub, GlobalVersion, Proprietary];

    internal static readonly byte[] InputOrder =
    [
        InNonWitnessUtxo, InWitnessUtxo, InPartialSig, InSighashType, InRedeemScript, InWitnessScript,
        InBip32Derivation, InRipemd160, InSha256, InHash160, InHash256, InTapKeySig, InTapScriptSig,
        InTapLeafScript, InTapBip32Derivation, InTapInternalKey, InTapMerkleRoot, InFinalScriptSig,
        InFinalScriptWitness, Proprietary,
    ];

    internal static readonly byte[] OutputOrder =
    [
        OutRedeemScript, OutWitnessScript, OutBip32Derivation, OutTapInternalKey, OutTapTree,
        OutTapBip32Derivation, Proprietary,
    ];
}

/// <summary>Which of the three PSBT map kinds a map is.</summary>
public enum PsbtMapKind
{
    Global,
    Input,
    Output,
}
