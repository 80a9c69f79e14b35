namespace DltSigner.Adapters.Ethereum.Rpc;

/// <summary>
/// A JSON-RPC error from the node (code, message, data as the node sent them) or a transport or
/// protocol failure (code 0). Messages never contain the endpoint URL (it may carry an API key) or
/// request parameters.
/// </summary>
public class EthRpcException : Exception
{
    /// <summary>Longest node message kept (a hostile node must not flood logs).</summary>
    public const int MaxMessageLength = 512;

    public EthRpcException(string method, long code, string message, string? data = null, Exception? innerException = null)
        : base(Describe(method, code, message), innerException)
    {
        Method = method;
        Code = code;
        NodeMessage = Truncate(message);
        ErrorData = data is null ? null : Truncate(data, 8192);
    }

    public EthRpcException()
        : this("?", 0, "unknown error")
    {
    }

    public EthRpcException(string message)
        : this("?", 0, message)
    {
    }

    public EthRpcException(string message, Exception innerException)
        : this("?", 0, message, null, innerException)
    {
    }

    /// <summary>The JSON-RPC method that failed.</summary>
    public string Method { get; }

    /// <summary>The JSON-RPC error code (0: transport or malformed response).</summary>
    public long Code { get; }

    public string NodeMessage { get; }

    /// <summary>The error's data member as JSON text (hex revert data for reverts), if any.</summary>
    public string? ErrorData { get; }

    internal static string Truncate(string text, int max = MaxMessageLength) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private static string Describe(string method, long code, string message) =>
        code == 0 ? $"{method}: {Truncate(message)}" : $"{method}: node error {code}: {Truncate(message)}";
}

/// <summary>
/// Execution reverted (eth_call or eth_estimateGas): <see cref="Reason"/> is the decoded
/// Error(string) text or a Panic(uint256) description; <see cref="RevertData"/> the raw bytes.
/// </summary>
public sealed class RevertedException : EthRpcException
{
    /// <param name="nodeMessage">Used for the reason only when the node sent no revert data.</param>
    public RevertedException(string method, long code, byte[] revertData, string? nodeMessage = null)
        : base(method, code, "execution reverted: " + (ReasonOf(revertData, nodeMessage) ?? RevertReason.Describe(revertData)), Primitives.Hex.Encode(revertData))
    {
        RevertData = revertData;
        Reason = ReasonOf(revertData, nodeMessage);
        PanicCode = RevertReason.TryDecodePanic(revertData, out var panic) ? panic : null;
    }

    public RevertedException()
        : this("?", 3, [])
    {
    }

    public RevertedException(string message)
        : base(message)
    {
        RevertData = [];
    }

    public RevertedException(string message, Exception innerException)
        : base(message, innerException)
    {
        RevertData = [];
    }

    /// <summary>Error(string) text, "panic 0x.. (meaning)" for Panic(uint256), null for other data.</summary>
    public string? Reason { get; }

    /// <summary>The Panic(uint256) code when the revert was a panic.</summary>
    public ulong? PanicCode { get; }

    public byte[] RevertData { get; }

    private static string? ReasonOf(byte[] revertData, string? nodeMessage)
    {
        ArgumentNullException.ThrowIfNull(revertData);
        const string Prefix = "execution reverted: ";
        return revertData.Length > 0 ? RevertReason.Decode(revertData)
            : nodeMessage is not null && nodeMessage.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? Truncate(nodeMessage[Prefix.Length..])
            : null;
    }
}
