namespace DltSigner.P2P.Framing;

/// <summary>A peer sent a frame that breaks the format or a limit; the stream that carried it is closed.</summary>
public sealed class FrameException : IOException
{
    public FrameException(string message)
        : base(message)
    {
    }

    public FrameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FrameException()
    {
    }
}
