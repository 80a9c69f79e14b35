using System.Diagnostics;

namespace DltSigner.Node.Cli;

/// <summary>
/// The CLI's own timer: runs an operation in batches after a warm-up and reports the median time
/// per operation, so one slow batch (GC, the other core busy) does not skew the figure.
/// </summary>
internal static class MicroBench
{
    public sealed record Result(string Name, int Iterations, double MedianMicroseconds, double MinMicroseconds)
    {
        public double OpsPerSecond => 1e6 / MedianMicroseconds;
    }

    /// <summary>Warm-up long enough for the JIT to replace tier-0 code with optimised code.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(300);

    public static Result Measure(string name, int iterations, Action op, int batches = 7)
    {
        ArgumentNullException.ThrowIfNull(op);
        int perBatch = System.Math.Max(1, iterations / batches);
        long warmStart = Stopwatch.GetTimestamp();
        for (int i = 0; i < perBatch || Stopwatch.GetElapsedTime(warmStart) < WarmUp; i++)
        {
            op();
        }

        var perOp = new double[batches];
        for (int b = 0; b < batches; b++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perBatch; i++)
            {
                op();
            }

            perOp[b] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / perBatch;
        }

        Array.Sort(perOp);
        return new Result(name, perBatch * batches, perOp[batches / 2], perOp[0]);
    }

    public static void Print(TextWriter output, IEnumerable<Result> results)
    {
        output.WriteLine($"{"operation",-44} {"median",12} {"min",12} {"ops/s",10} {"n",7}");
        foreach (var r in results)
        {
            output.WriteLine($"{r.Name,-44} {Format(r.MedianMicroseconds),12} {Format(r.MinMicroseconds),12} {r.OpsPerSecond,10:F0} {r.Iterations,7}");
        }
    }

    public static string Format(double microseconds) =>
        microseconds >= 1000 ? $"{microseconds / 1000:F2} ms" : $"{microseconds:F1} us";
}
