using System.IO.Pipelines;

namespace DltSigner.P2P.Tests;

/// <summary>Two connected in-memory duplex pipes: what one writes, the other reads.</summary>
public sealed class DuplexPair
{
    public DuplexPair()
    {
        var aToB = new Pipe();
        var bToA = new Pipe();
        A = new End(bToA.Reader, aToB.Writer);
        B = new End(aToB.Reader, bToA.Writer);
    }

    public IDuplexPipe A { get; }

    public IDuplexPipe B { get; }

    private sealed record End(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}

/// <summary>Helpers the wire and host tests share.</summary>
public static class TestPipes
{
    /// <summary>Everything until the writer completes.</summary>
    public static async Task<byte[]> ReadToEndAsync(PipeReader reader, CancellationToken ct)
    {
        using var output = new MemoryStream();
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            foreach (var segment in result.Buffer)
            {
                output.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return output.ToArray();
            }
        }
    }

    /// <summary>Writes back what it reads until the input ends, then completes the output.</summary>
    public static async Task EchoAsync(IDuplexPipe pipe, CancellationToken ct)
    {
        while (true)
        {
            var result = await pipe.Input.ReadAsync(ct);
            foreach (var segment in result.Buffer)
            {
                await pipe.Output.WriteAsync(segment, ct);
            }

            pipe.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                await pipe.Output.CompleteAsync();
                return;
            }
        }
    }
}
