namespace DltSigner.Core.Math;

/// <summary>
/// A secp256k1 point in Jacobian coordinates (X : Y : Z), x = X/Z², y = Y/Z³, infinity when Z = 0.
/// VARIABLE-TIME: the formulas branch on special cases (infinity, equal or opposite points), so this
/// type serves only the *Var paths on public data. Formulas from the Explicit-Formulas Database
/// (Bernstein–Lange), curve y² = x³ + 7 (a = 0): dbl-2009-l, madd-2007-bl, add-2007-bl.
/// </summary>
internal readonly struct JacobianPoint
{
    public readonly FieldElement X, Y, Z;

    public JacobianPoint(in FieldElement x, in FieldElement y, in FieldElement z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static JacobianPoint Infinity => new(FieldElement.One, FieldElement.One, FieldElement.Zero);

    public bool IsInfinity => Z.IsZero;

    public static JacobianPoint FromAffine(in FieldElement x, in FieldElement y) => new(x, y, FieldElement.One);

    /// <summary>dbl-2009-l: 2M + 5S. (y = 0 cannot occur: the group has odd prime order.)</summary>
    public JacobianPoint Double()
    {
        if (IsInfinity)
        {
            return this;
        }

        FieldElement a = X.Sqr();
        FieldElement b = Y.Sqr();
        FieldElement c = b.Sqr();
        FieldElement d = (X + b).Sqr() - a - c;
        d += d;
        FieldElement e = a + a + a;
        FieldElement f = e.Sqr();
        FieldElement x3 = f - (d + d);
        FieldElement c8 = c + c;
        c8 += c8;
        c8 += c8;
        FieldElement y3 = (e * (d - x3)) - c8;
        FieldElement z3 = Y * Z;
        z3 += z3;
        return new JacobianPoint(x3, y3, z3);
    }

    /// <summary>p + (x2, y2) with an affine, finite second point; madd-2007-bl: 7M + 4S.</summary>
    public static JacobianPoint AddAffine(in JacobianPoint p, in FieldElement x2, in FieldElement y2)
    {
        if (p.IsInfinity)
        {
            return FromAffine(x2, y2);
        }

        FieldElement z1z1 = p.Z.Sqr();
        FieldElement u2 = x2 * z1z1;
        FieldElement s2 = y2 * p.Z * z1z1;
        FieldElement h = u2 - p.X;
        FieldElement r = s2 - p.Y;
        if (h.IsZero)
        {
            return r.IsZero ? p.Double() : Infinity;
        }

        r += r;
        FieldElement hh = h.Sqr();
        FieldElement i = hh + hh;
        i += i;
        FieldElement j = h * i;
        FieldElement v = p.X * i;
        FieldElement x3 = r.Sqr() - j - (v + v);
        FieldElement yj = p.Y * j;
        FieldElement y3 = (r * (v - x3)) - (yj + yj);
        FieldElement z3 = (p.Z + h).Sqr() - z1z1 - hh;
        return new JacobianPoint(x3, y3, z3);
    }

    /// <summary>p + q; add-2007-bl: 11M + 5S.</summary>
    public static JacobianPoint Add(in JacobianPoint p, in JacobianPoint q)
    {
        if (p.IsInfinity)
        {
            return q;
        }

        if (q.IsInfinity)
        {
            return p;
        }

        FieldElement z1z1 = p.Z.Sqr();
        FieldElement z2z2 = q.Z.Sqr();
        FieldElement u1 = p.X * z2z2;
        FieldElement u2 = q.X * z1z1;
        FieldElement s1 = p.Y * q.Z * z2z2;
        FieldElement s2 = q.Y * p.Z * z1z1;
        FieldElement h = u2 - u1;
        FieldElement r = s2 - s1;
        if (h.IsZero)
        {
            return r.IsZero ? p.Double() : Infinity;
        }

        r += r;
        FieldElement i = (h + h).Sqr();
        FieldElement j = h * i;
        FieldElement v = u1 * i;
        FieldElement x3 = r.Sqr() - j - (v + v);
        FieldElement s1j = s1 * j;
        FieldElement y3 = (r * (v - x3)) - (s1j + s1j);
        FieldElement z3 = ((p.Z + q.Z).Sqr() - z1z1 - z2z2) * h;
        return new JacobianPoint(x3, y3, z3);
    }

    public JacobianPoint Negate() => new(X, -Y, Z);
}
