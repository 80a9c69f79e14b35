namespace DltSigner.Adapters.Bitcoin.SigHash;

/// <summary>Signature hash types (Bitcoin Core script/interpreter.h); Default is taproot-only (BIP341).</summary>
#pragma warning disable CA1028 // one byte on the wire
public enum SigHashType : byte
{
    Default = 0x00,
    All = 0x01,
    None = 0x02,
    Single = 0x03,
    AllAnyoneCanPay = 0x81,
    NoneAnyoneCanPay = 0x82,
    SingleAnyoneCanPay = 0x83,
}
#pragma warning restore CA1028

public static class SigHashTypes
{
    public const uint AnyoneCanPayFlag = 0x80;

    /// <summary>The output mode bits (ALL, NONE, SINGLE) of a raw hash type, as the legacy and BIP143 rules read them.</summary>
    public static uint BaseType(uint hashType) => hashType & 0x1f;

    public static bool IsAnyoneCanPay(uint hashType) => (hashType & AnyoneCanPayFlag) != 0;

    /// <summary>BIP341: the only hash types a taproot signature may commit to.</summary>
    public static bool IsValidTaproot(byte hashType) => hashType is 0x00 or 0x01 or 0x02 or 0x03 or 0x81 or 0x82 or 0x83;
}
