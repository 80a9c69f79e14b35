using DltSigner.Core.Math;

namespace DltSigner.Core.Ot;

/// <summary>Strict reader for fixed-layout OT messages: every read is bounds-checked and the whole input must be consumed.</summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _message;
    private int _offset;

    public WireReader(ReadOnlySpan<byte> data, string message, int expectedLength)
    {
        if (data.Length != expectedLength)
        {
            throw new CryptoFormatException($"{message}: length {data.Length}, expected {expectedLength}");
        }

        _data = data;
        _message = message;
        _offset = 0;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        var slice = _data.Slice(_offset, count);
        _offset += count;
        return slice;
    }

    public Scalar ReadScalar(string field)
    {
        if (!Scalar.TryFromBytes(ReadBytes(OtParameters.ScalarBytes), out var s))
        {
            throw new CryptoFormatException($"{_message}: {field} is not a scalar below n");
        }

        return s;
    }

    public Point ReadPoint(string field)
    {
        if (!Point.TryDecode(ReadBytes(OtParameters.PointBytes), out var p))
        {
            throw new CryptoFormatException($"{_message}: {field} is not a compressed curve point");
        }

        return p;
    }

    public readonly void End()
    {
        if (_offset != _data.Length)
        {
            throw new CryptoFormatException($"{_message}: trailing bytes");
        }
    }
}

/// <summary>Writer for fixed-layout OT messages into an exactly sized buffer.</summary>
internal ref struct WireWriter
{
    private readonly Span<byte> _buffer;
    private int _offset;

    public WireWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _offset = 0;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_offset..]);
        _offset += bytes.Length;
    }

    public void Write(Scalar s)
    {
        s.WriteBytes(_buffer.Slice(_offset, OtParameters.ScalarBytes));
        _offset += OtParameters.ScalarBytes;
    }

    public void Write(Point p)
    {
        p.WriteCompressed(_buffer.Slice(_offset, OtParameters.PointBytes));
        _offset += OtParameters.PointBytes;
    }

    public readonly void End()
    {
        if (_offset != _buffer.Length)
        {
            throw new InvalidOperationException("message writer: size mismatch");
        }
    }
}
