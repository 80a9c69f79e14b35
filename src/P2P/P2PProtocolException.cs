namespace DltSigner.P2P;

/// <summary>
/// A peer broke a wire rule (malformed, oversized or unexpected frame, failed handshake check). The offending
/// stream or connection is closed; the message names the check and never carries key material.
/// </summary>
public sealed class P2PProtocolException : Exception
{
    public P2PProtocolException(string message)
        : base(message)
    {
    }

    public P2PProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public P2PProtocolException()
    {
    }
}
