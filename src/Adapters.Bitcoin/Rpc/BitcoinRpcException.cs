namespace DltSigner.Adapters.Bitcoin.Rpc;

/// <summary>
/// A failed bitcoind RPC call: <see cref="Code"/> is bitcoind's error code (RPCErrorCode in
/// rpc/protocol.h) when the node answered with an error, else one of the local codes below.
/// Messages name the method and the node URL, never the credentials.
/// </summary>
public class BitcoinRpcException : Exception
{
    /// <summary>Local code: the node could not be reached (refused, unresolvable, reset).</summary>
    public const int ConnectionFailed = -10001;

    /// <summary>Local code: no answer within the client's timeout.</summary>
    public const int TimedOut = -10002;

    /// <summary>Local code: HTTP 401/403, the credentials or cookie were not accepted.</summary>
    public const int Unauthorized = -10003;

    /// <summary>Local code: the answer was not a JSON-RPC response.</summary>
    public const int BadResponse = -10004;

    public BitcoinRpcException(string method, int code, string rpcMessage, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Method = method;
        Code = code;
        RpcMessage = rpcMessage;
    }

    public BitcoinRpcException()
        : this(string.Empty, BadResponse, string.Empty, "bitcoind RPC failed")
    {
    }

    public BitcoinRpcException(string message)
        : this(string.Empty, BadResponse, message, message)
    {
    }

    public BitcoinRpcException(string message, Exception innerException)
        : this(string.Empty, BadResponse, message, message, innerException)
    {
    }

    /// <summary>The RPC method that failed.</summary>
    public string Method { get; }

    /// <summary>bitcoind's error code, or a local code (<see cref="ConnectionFailed"/>, ...).</summary>
    public int Code { get; }

    /// <summary>bitcoind's error message (or the local reason).</summary>
    public string RpcMessage { get; }
}

/// <summary>HTTP 401/403 from bitcoind: wrong user/password or a stale cookie.</summary>
public sealed class BitcoinRpcAuthException : BitcoinRpcException
{
    public BitcoinRpcAuthException(string method, string message)
        : base(method, Unauthorized, "unauthorized", message)
    {
    }

    public BitcoinRpcAuthException()
    {
    }

    public BitcoinRpcAuthException(string message)
        : base(message)
    {
    }

    public BitcoinRpcAuthException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The node could not be reached or did not answer in time; the message names the URL.</summary>
public sealed class BitcoinRpcConnectionException : BitcoinRpcException
{
    public BitcoinRpcConnectionException(string method, int code, string message, Exception? innerException)
        : base(method, code, message, message, innerException)
    {
    }

    public BitcoinRpcConnectionException()
    {
    }

    public BitcoinRpcConnectionException(string message)
        : base(message)
    {
    }

    public BitcoinRpcConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
