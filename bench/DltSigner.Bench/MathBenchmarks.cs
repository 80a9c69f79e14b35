using BenchmarkDotNet.Attributes;
using DltSigner.Core.Math;

namespace DltSigner.Bench;

/// <summary>secp256k1 arithmetic: field, scalar, and the point multiplication paths.</summary>
[MemoryDiagnoser]
public class MathBenchmarks
{
    private FieldElement _fa, _fb;
    private Scalar _sa, _sb;
    private Point _p;
    private Scalar[] _scalars16 = [];
    private Point[] _points16 = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var buf = new byte[64];
        Scalar Next()
        {
            rng.NextBytes(buf);
            return Scalar.FromBytesReduced(buf);
        }

        _sa = Next();
        _sb = Next();
        _p = Point.BaseMul(Next());
        _fa = _p.X;
        _fb = _p.Y;
        _scalars16 = Enumerable.Range(0, 16).Select(_ => Next()).ToArray();
        _points16 = Enumerable.Range(0, 16).Select(_ => Point.BaseMul(Next())).ToArray();
        _ = Point.BaseMul(_sa); // build the generator tables outside the measurements
        _ = Point.BaseMulVar(_sa);
        _ = Point.DoubleMulVar(_sa, _sb, _p);
    }

    [Benchmark]
    public ulong FieldMul() => (_fa * _fb).L0;

    [Benchmark]
    public ulong FieldSqr() => _fa.Sqr().L0;

    [Benchmark]
    public ulong FieldInvert() => _fa.Invert().L0;

    [Benchmark]
    public Scalar ScalarMul() => _sa * _sb;

    [Benchmark]
    public Scalar ScalarInvert() => _sa.Invert();

    [Benchmark]
    public Scalar ScalarInvertVar() => _sa.InvertVar();

    [Benchmark]
    public Point BaseMul() => Point.BaseMul(_sa);

    [Benchmark]
    public Point BaseMulVar() => Point.BaseMulVar(_sa);

    [Benchmark]
    public Point MulConstantTime() => _sa * _p;

    [Benchmark]
    public Point MulVar() => _p.MulVar(_sa);

    [Benchmark]
    public Point DoubleMulVar() => Point.DoubleMulVar(_sa, _sb, _p);

    [Benchmark]
    public Point MultiMulVar16() => Point.MultiMulVar(_scalars16, _points16);

    [Benchmark]
    public Point Add() => _p + _points16[0];

    [Benchmark]
    public Point DecodeCompressed() => Point.Decode(_p.ToCompressed());
}
