namespace DltSigner.Core.Math;

/// <summary>
/// Precomputed multiples of the generator G, affine, each built once on first use (thread-safe
/// static initialisation) with one batched (variable-time) inversion. The tables hold public values
/// only; the constant-time paths read them by scanning every entry of a row.
/// </summary>
internal static class GeneratorTables
{
    public const int CombWindows = 64;
    public const int CombWindowSize = 16;

    /// <summary>wNAF window for G in the variable-time paths: odd multiples 1·G … 127·G.</summary>
    public const int OddWindow = 8;
    public const int OddCount = 1 << (OddWindow - 2);

    /// <summary>Comb table: entry [w·16 + d] = d·16^w·G for d = 1..15 (entry d = 0 holds G, unused).</summary>
    public static AffineTable Comb => CombHolder.Table;

    /// <summary>Entry [i] = (2i + 1)·G for i = 0..63.</summary>
    public static AffineTable OddMultiples => OddHolder.Table;

    /// <summary>Entry [i] = φ((2i + 1)·G) = (β·x, y): the odd multiples of λ·G.</summary>
    public static AffineTable OddMultiplesBeta => OddBetaHolder.Table;

    internal sealed class AffineTable(FieldElement[] x, FieldElement[] y)
    {
        public readonly FieldElement[] X = x;
        public readonly FieldElement[] Y = y;

        public static AffineTable FromProjective(ProjectivePoint[] points)
        {
            var x = new FieldElement[points.Length];
            var y = new FieldElement[points.Length];
            BatchNormalize.ToAffine(points, x, y, variableTime: true); // G's multiples are public
            return new AffineTable(x, y);
        }
    }

    private static class CombHolder
    {
        public static readonly AffineTable Table = Build();

        private static AffineTable Build()
        {
            var g = Point.Generator.ToProjective();
            var points = new ProjectivePoint[CombWindows * CombWindowSize];
            ProjectivePoint b = g;
            for (int w = 0; w < CombWindows; w++)
            {
                // Slot 0 would be infinity, which batch inversion cannot take; it is never read.
                points[w * CombWindowSize] = g;
                ProjectivePoint acc = b;
                for (int d = 1; d < CombWindowSize; d++)
                {
                    points[(w * CombWindowSize) + d] = acc;
                    acc = ProjectivePoint.Add(acc, b);
                }

                b = acc; // 16·b
            }

            return AffineTable.FromProjective(points);
        }
    }

    private static class OddHolder
    {
        public static readonly AffineTable Table = Build();

        private static AffineTable Build()
        {
            var g = Point.Generator.ToProjective();
            var g2 = g.Double();
            var points = new ProjectivePoint[OddCount];
            points[0] = g;
            for (int i = 1; i < OddCount; i++)
            {
                points[i] = ProjectivePoint.Add(points[i - 1], g2);
            }

            return AffineTable.FromProjective(points);
        }
    }

    private static class OddBetaHolder
    {
        public static readonly AffineTable Table = new(
            Array.ConvertAll(OddMultiples.X, x => x * Endomorphism.Beta),
            OddMultiples.Y);
    }
}
