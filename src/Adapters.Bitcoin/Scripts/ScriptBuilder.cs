using DltSigner.Adapters.Bitcoin.Encoding;

namespace DltSigner.Adapters.Bitcoin.Scripts;

/// <summary>Builds scripts with minimal pushes (Bitcoin Core CScript::operator&lt;&lt;).</summary>
public sealed class ScriptBuilder
{
    private readonly ByteWriter _writer = new(64);

    public ScriptBuilder Op(OpCode op)
    {
        _writer.WriteByte((byte)op);
        return this;
    }

    public ScriptBuilder OpRaw(byte op)
    {
        _writer.WriteByte(op);
        return this;
    }

    /// <summary>Pushes data with the shortest push opcode for its length (not OP_n for one-byte values).</summary>
    public ScriptBuilder Push(ReadOnlySpan<byte> data)
    {
        switch (data.Length)
        {
            case < (int)OpCode.PushData1:
                _writer.WriteByte((byte)data.Length);
                break;
            case <= 0xff:
                _writer.WriteByte((byte)OpCode.PushData1);
                _writer.WriteByte((byte)data.Length);
                break;
            case <= 0xffff:
                _writer.WriteByte((byte)OpCode.PushData2);
                _writer.WriteUInt16((ushort)data.Length);
                break;
            default:
                _writer.WriteByte((byte)OpCode.PushData4);
                _writer.WriteUInt32((uint)data.Length);
                break;
        }

        _writer.Write(data);
        return this;
    }

    /// <summary>Pushes a small integer 0..16 as OP_0/OP_1..OP_16.</summary>
    public ScriptBuilder SmallInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 16);
        _writer.WriteByte(n == 0 ? (byte)OpCode.Op0 : (byte)((int)OpCode.Op1 + n - 1));
        return this;
    }

    public Script Build() => Script.Own(_writer.ToArray());
}
