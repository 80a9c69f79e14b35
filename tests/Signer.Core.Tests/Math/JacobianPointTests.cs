using DltSigner.Core.Math;

namespace DltSigner.Core.Tests.Math;

/// <summary>The special cases of the variable-time Jacobian formulas (equal, opposite, infinity).</summary>
public sealed class JacobianPointTests
{
    private static readonly Point P = Point.BaseMul(Scalar.FromUInt64(0xDEADBEEF));

    private static JacobianPoint J(Point p) => p.IsInfinity ? JacobianPoint.Infinity : JacobianPoint.FromAffine(p.X, p.Y);

    private static Point A(JacobianPoint j) => Point.FromJacobianVar(j);

    [Fact]
    public void Mixed_addition_special_cases()
    {
        Assert.Equal(P + P, A(JacobianPoint.AddAffine(J(P), P.X, P.Y)));
        Assert.True(A(JacobianPoint.AddAffine(J(P), P.X, (-P).Y)).IsInfinity);
        Assert.Equal(P, A(JacobianPoint.AddAffine(JacobianPoint.Infinity, P.X, P.Y)));
        // A non-trivial Z on the left: (2P) + P and (2P) + (2P) in mixed form.
        var twoP = J(P).Double();
        var twoPAffine = A(twoP);
        Assert.Equal(twoPAffine + P, A(JacobianPoint.AddAffine(twoP, P.X, P.Y)));
        Assert.Equal(twoPAffine + twoPAffine, A(JacobianPoint.AddAffine(twoP, twoPAffine.X, twoPAffine.Y)));
        Assert.True(A(JacobianPoint.AddAffine(twoP, twoPAffine.X, (-twoPAffine).Y)).IsInfinity);
    }

    [Fact]
    public void General_addition_special_cases()
    {
        var twoP = J(P).Double();
        Assert.Equal(A(twoP) + A(twoP), A(JacobianPoint.Add(twoP, twoP)));
        Assert.True(A(JacobianPoint.Add(twoP, twoP.Negate())).IsInfinity);
        Assert.Equal(A(twoP), A(JacobianPoint.Add(JacobianPoint.Infinity, twoP)));
        Assert.Equal(A(twoP), A(JacobianPoint.Add(twoP, JacobianPoint.Infinity)));
        Assert.Equal(P + A(twoP), A(JacobianPoint.Add(J(P), twoP)));
        Assert.True(JacobianPoint.Infinity.Double().IsInfinity);
    }

    [Fact]
    public void MultiMulVar_with_equal_and_opposite_terms()
    {
        var three = Scalar.FromUInt64(3);
        Assert.Equal(Scalar.FromUInt64(6) * P, Point.MultiMulVar([three, three], [P, P]));
        Assert.True(Point.MultiMulVar([three, three], [P, -P]).IsInfinity);
        Assert.True(Point.MultiMulVar([three, -three], [P, P]).IsInfinity);
        Assert.True(Point.DoubleMulVar(three, -three, Point.Generator).IsInfinity);
    }
}
