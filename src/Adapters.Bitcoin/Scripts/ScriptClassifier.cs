using DltSigner.Adapters.Bitcoin.Bech32;

namespace DltSigner.Adapters.Bitcoin.Scripts;

/// <summary>Output script types, named as Bitcoin Core's GetTxnOutputType.</summary>
public enum ScriptType
{
    NonStandard,
    PubKey,
    PubKeyHash,
    ScriptHash,
    Multisig,
    NullData,
    WitnessV0KeyHash,
    WitnessV0ScriptHash,
    WitnessV1Taproot,
    Anchor,
    WitnessUnknown,
}

/// <summary>Classifies a scriptPubKey as Bitcoin Core's Solver does and extracts its solution data.</summary>
public static class ScriptClassifier
{
    public static string CoreName(ScriptType type) => type switch
    {
        ScriptType.PubKey => "pubkey",
        ScriptType.PubKeyHash => "pubkeyhash",
        ScriptType.ScriptHash => "scripthash",
        ScriptType.Multisig => "multisig",
        ScriptType.NullData => "nulldata",
        ScriptType.WitnessV0KeyHash => "witness_v0_keyhash",
        ScriptType.WitnessV0ScriptHash => "witness_v0_scripthash",
        ScriptType.WitnessV1Taproot => "witness_v1_taproot",
        ScriptType.Anchor => "anchor",
        ScriptType.WitnessUnknown => "witness_unknown",
        _ => "nonstandard",
    };

    public static ScriptType Classify(Script script) => Classify(script, out _);

    /// <summary>
    /// Classifies <paramref name="script"/>; <paramref name="solutions"/> receives the hash, key or
    /// program (multisig: the keys; witness_unknown: the program).
    /// </summary>
    public static ScriptType Classify(Script script, out IReadOnlyList<byte[]> solutions)
    {
        ArgumentNullException.ThrowIfNull(script);
        var s = script.Span;
        solutions = [];
        if (s.Length == 23 && s[0] == (byte)OpCode.Hash160 && s[1] == 20 && s[22] == (byte)OpCode.Equal)
        {
            solutions = [s.Slice(2, 20).ToArray()];
            return ScriptType.ScriptHash;
        }

        if (TryGetWitnessProgram(script, out var wp))
        {
            solutions = [wp.Program];
            return (wp.Version, wp.Program.Length) switch
            {
                (0, 20) => ScriptType.WitnessV0KeyHash,
                (0, 32) => ScriptType.WitnessV0ScriptHash,
                (0, _) => ScriptType.NonStandard,
                (1, 32) => ScriptType.WitnessV1Taproot,
                (1, 2) when wp.Program[0] == 0x4e && wp.Program[1] == 0x73 => ScriptType.Anchor,
                _ => ScriptType.WitnessUnknown,
            };
        }

        if (s.Length >= 1 && s[0] == (byte)OpCode.Return && Script.Own(s[1..].ToArray()).IsPushOnly())
        {
            return ScriptType.NullData;
        }

        if ((s.Length == 35 && s[0] == 33 && (s[1] == 2 || s[1] == 3) && s[34] == (byte)OpCode.CheckSig)
            || (s.Length == 67 && s[0] == 65 && s[1] is 4 or 6 or 7 && s[66] == (byte)OpCode.CheckSig))
        {
            solutions = [s.Slice(1, s[0]).ToArray()];
            return ScriptType.PubKey;
        }

        if (s.Length == 25 && s[0] == (byte)OpCode.Dup && s[1] == (byte)OpCode.Hash160 && s[2] == 20
            && s[23] == (byte)OpCode.EqualVerify && s[24] == (byte)OpCode.CheckSig)
        {
            solutions = [s.Slice(3, 20).ToArray()];
            return ScriptType.PubKeyHash;
        }

        if (TryGetMultisig(script, out var required, out var keys))
        {
            solutions = [[(byte)required], .. keys, [(byte)keys.Count]];
            return ScriptType.Multisig;
        }

        return ScriptType.NonStandard;
    }

    /// <summary>BIP141: a 4..42-byte script of a version opcode then one direct push of 2..40 bytes.</summary>
    public static bool TryGetWitnessProgram(Script script, out WitnessProgram program)
    {
        ArgumentNullException.ThrowIfNull(script);
        var s = script.Span;
        program = new WitnessProgram(0, []);
        if (s.Length < 4 || s.Length > 42)
        {
            return false;
        }

        if (s[0] != (byte)OpCode.Op0 && (s[0] < (byte)OpCode.Op1 || s[0] > (byte)OpCode.Op16))
        {
            return false;
        }

        if (s[1] + 2 != s.Length)
        {
            return false;
        }

        program = new WitnessProgram(s[0] == 0 ? 0 : s[0] - (byte)OpCode.Op1 + 1, s[2..].ToArray());
        return true;
    }

    /// <summary>Bare multisig OP_m &lt;keys&gt; OP_n OP_CHECKMULTISIG with 1 ≤ m ≤ n ≤ 16 (Core's MatchMultisig).</summary>
    public static bool TryGetMultisig(Script script, out int required, out IReadOnlyList<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(script);
        required = 0;
        keys = [];
        var ops = script.TryParseOps();
        if (ops is null || ops.Count < 4 || ops[^1].Code != (byte)OpCode.CheckMultiSig)
        {
            return false;
        }

        var m = SmallInt(ops[0].Code);
        var n = SmallInt(ops[^2].Code);
        if (m < 1 || n < 1 || m > n || ops.Count != n + 3)
        {
            return false;
        }

        var list = new List<byte[]>(n);
        for (var i = 1; i <= n; i++)
        {
            var d = ops[i].Data.Span;
            var valid = (d.Length == 33 && d[0] is 2 or 3) || (d.Length == 65 && d[0] is 4 or 6 or 7);
            if (!ops[i].IsPush || !valid)
            {
                return false;
            }

            list.Add(d.ToArray());
        }

        required = m;
        keys = list;
        return true;
    }

    private static int SmallInt(byte code) =>
        code >= (byte)OpCode.Op1 && code <= (byte)OpCode.Op16 ? code - (byte)OpCode.Op1 + 1 : -1;
}
