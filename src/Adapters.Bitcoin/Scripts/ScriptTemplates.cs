using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;

namespace DltSigner.Adapters.Bitcoin.Scripts;

/// <summary>Standard output scripts (Bitcoin Core script/solver.cpp, BIP16, BIP141, BIP341).</summary>
public static class ScriptTemplates
{
    public static Script PayToPubKeyHash(ReadOnlySpan<byte> hash160)
    {
        RequireLength(hash160, 20);
        return new ScriptBuilder().Op(OpCode.Dup).Op(OpCode.Hash160).Push(hash160).Op(OpCode.EqualVerify).Op(OpCode.CheckSig).Build();
    }

    public static Script PayToPubKeyHash(PublicKey key) => PayToPubKeyHash(Hashes.Hash160(Require(key).ToCompressed()));

    public static Script PayToScriptHash(ReadOnlySpan<byte> hash160)
    {
        RequireLength(hash160, 20);
        return new ScriptBuilder().Op(OpCode.Hash160).Push(hash160).Op(OpCode.Equal).Build();
    }

    public static Script PayToScriptHash(Script redeemScript) => PayToScriptHash(Hashes.Hash160(Require(redeemScript).Span));

    /// <summary>OP_n &lt;program&gt; for a segwit output (BIP141).</summary>
    public static Script PayToWitness(int version, ReadOnlySpan<byte> program)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, 16);
        if (program.Length is < 2 or > 40)
        {
            throw new ArgumentException("witness program must be 2..40 bytes", nameof(program));
        }

        return new ScriptBuilder().SmallInt(version).Push(program).Build();
    }

    public static Script PayToWitnessPubKeyHash(ReadOnlySpan<byte> hash160)
    {
        RequireLength(hash160, 20);
        return PayToWitness(0, hash160);
    }

    public static Script PayToWitnessPubKeyHash(PublicKey key) => PayToWitness(0, Hashes.Hash160(Require(key).ToCompressed()));

    public static Script PayToWitnessScriptHash(ReadOnlySpan<byte> sha256)
    {
        RequireLength(sha256, 32);
        return PayToWitness(0, sha256);
    }

    public static Script PayToWitnessScriptHash(Script witnessScript) => PayToWitness(0, Hashes.Sha256(Require(witnessScript).Span));

    /// <summary>OP_1 &lt;x-only output key&gt; (BIP341); the key is already tweaked.</summary>
    public static Script PayToTaproot(ReadOnlySpan<byte> outputKeyXOnly)
    {
        RequireLength(outputKeyXOnly, 32);
        return PayToWitness(1, outputKeyXOnly);
    }

    /// <summary>The BIP143 scriptCode for P2WPKH: the P2PKH script of the key hash.</summary>
    public static Script P2wpkhScriptCode(ReadOnlySpan<byte> hash160) => PayToPubKeyHash(hash160);

    private static void RequireLength(ReadOnlySpan<byte> value, int length)
    {
        if (value.Length != length)
        {
            throw new ArgumentException($"expected {length} bytes, got {value.Length}", nameof(value));
        }
    }

    private static T Require<T>(T? value)
        where T : class => value ?? throw new ArgumentNullException(nameof(value));
}
