using DltSigner.Adapters.Bitcoin.Encoding;

namespace DltSigner.Adapters.Bitcoin.Scripts;

/// <summary>One parsed script element: an opcode and, for pushes, the pushed bytes.</summary>
public readonly record struct ScriptOp(byte Code, ReadOnlyMemory<byte> Data, int Start, int End)
{
    public bool IsPush => Code <= (byte)OpCode.PushData4;
}

/// <summary>An immutable script: raw bytes (which may be unparseable, as consensus allows) with value equality.</summary>
public sealed class Script : IEquatable<Script>
{
    /// <summary>Bitcoin Core's MAX_SCRIPT_SIZE; scripts longer than this can never execute.</summary>
    public const int MaxExecutableSize = 10_000;

    private readonly byte[] _bytes;

    public Script(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();

    private Script(byte[] bytes, bool owned) => _bytes = owned ? bytes : (byte[])bytes.Clone();

    public static Script Empty { get; } = new([], owned: true);

    public ReadOnlySpan<byte> Span => _bytes;

    public int Length => _bytes.Length;

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public static Script FromHex(string hex) => new(Hex.Decode(hex), owned: true);

    internal static Script Own(byte[] bytes) => new(bytes, owned: true);

    public string ToHex() => Hex.Encode(_bytes);

    /// <summary>
    /// Reads the element at <paramref name="position"/> exactly as Bitcoin Core's GetScriptOp; on a
    /// truncated push returns false and leaves <paramref name="position"/> where Core's cursor stops.
    /// </summary>
    public bool TryGetOp(ref int position, out ScriptOp op)
    {
        op = default;
        if (position >= _bytes.Length)
        {
            return false;
        }

        var start = position;
        var code = _bytes[position++];
        if (code > (byte)OpCode.PushData4)
        {
            op = new ScriptOp(code, ReadOnlyMemory<byte>.Empty, start, position);
            return true;
        }

        long size;
        var remaining = _bytes.Length - position;
        switch (code)
        {
            case < (byte)OpCode.PushData1:
                size = code;
                break;
            case (byte)OpCode.PushData1:
                if (remaining < 1) return false;
                size = _bytes[position++];
                break;
            case (byte)OpCode.PushData2:
                if (remaining < 2) return false;
                size = _bytes[position] | (_bytes[position + 1] << 8);
                position += 2;
                break;
            default:
                if (remaining < 4) return false;
                size = (uint)(_bytes[position] | (_bytes[position + 1] << 8) | (_bytes[position + 2] << 16) | (_bytes[position + 3] << 24));
                position += 4;
                break;
        }

        if (_bytes.Length - position < size)
        {
            return false;
        }

        var data = new ReadOnlyMemory<byte>(_bytes, position, (int)size);
        position += (int)size;
        op = new ScriptOp(code, data, start, position);
        return true;
    }

    /// <summary>All elements, or null when a push runs past the end.</summary>
    public IReadOnlyList<ScriptOp>? TryParseOps()
    {
        var ops = new List<ScriptOp>();
        var pos = 0;
        while (pos < _bytes.Length)
        {
            if (!TryGetOp(ref pos, out var op))
            {
                return null;
            }

            ops.Add(op);
        }

        return ops;
    }

    /// <summary>True when the script is only pushes (scriptSig rule for P2SH and PSBT checks).</summary>
    public bool IsPushOnly()
    {
        var ops = TryParseOps();
        return ops is not null && ops.All(o => o.Code <= (byte)OpCode.Op16);
    }

    /// <summary>
    /// Bitcoin Core's FindAndDelete: removes every occurrence of <paramref name="pattern"/> that starts
    /// at an opcode boundary (legacy CHECKSIG removes the signature from the scriptCode this way).
    /// </summary>
    public Script FindAndDelete(Script pattern, out int found)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        found = 0;
        if (pattern.Length == 0)
        {
            return this;
        }

        var result = new ByteWriter(_bytes.Length);
        var b = pattern._bytes;
        int pc = 0, pc2 = 0;
        do
        {
            result.Write(_bytes.AsSpan(pc2, pc - pc2));
            while (_bytes.Length - pc >= b.Length && _bytes.AsSpan(pc, b.Length).SequenceEqual(b))
            {
                pc += b.Length;
                found++;
            }

            pc2 = pc;
        }
        while (TryGetOp(ref pc, out _));

        if (found == 0)
        {
            return this;
        }

        result.Write(_bytes.AsSpan(pc2));
        return Own(result.ToArray());
    }

    public bool Equals(Script? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Script);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(_bytes);
        return h.ToHashCode();
    }

    public override string ToString() => ToHex();
}
