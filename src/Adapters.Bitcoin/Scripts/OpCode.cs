namespace DltSigner.Adapters.Bitcoin.Scripts;

/// <summary>Script opcodes (Bitcoin Core script/script.h). Only those the adapter names are listed.</summary>
#pragma warning disable CA1008, CA1028 // 0 is OP_0 and opcodes are bytes, as in Bitcoin Core.
public enum OpCode : byte
{
    Op0 = 0x00,
    PushData1 = 0x4c,
    PushData2 = 0x4d,
    PushData4 = 0x4e,
    Op1Negate = 0x4f,
    Op1 = 0x51,
    Op16 = 0x60,
    Return = 0x6a,
    Dup = 0x76,
    Equal = 0x87,
    EqualVerify = 0x88,
    Hash160 = 0xa9,
    CodeSeparator = 0xab,
    CheckSig = 0xac,
    CheckMultiSig = 0xae,
}
#pragma warning restore CA1008, CA1028
