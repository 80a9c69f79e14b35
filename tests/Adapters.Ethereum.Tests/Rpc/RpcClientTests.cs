using System.Numerics;
using DltSigner.Adapters.Ethereum.Abi;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rpc;

namespace DltSigner.Adapters.Ethereum.Tests.Rpc;

public sealed class RpcClientTests
{
    private static EthRpcClient Client(StubNode node) => new(StubNode.Url, new HttpClient(node));

    [Fact]
    public async Task Quantities_and_data_parse_strictly()
    {
        using var node = new StubNode((m, _) => m switch
        {
            "eth_chainId" => "\"result\":\"0x7a69\"",
            "eth_gasPrice" => "\"result\":\"0x0\"",
            "eth_getCode" => "\"result\":\"0x6001\"",
            _ => "\"result\":\"0x007\"", // leading zero: not a QUANTITY
        });
        using var rpc = Client(node);

        Assert.Equal(31337, await rpc.GetChainIdAsync());
        Assert.Equal(BigInteger.Zero, await rpc.GetGasPriceAsync());
        Assert.Equal(new byte[] { 0x60, 0x01 }, await rpc.GetCodeAsync(Address.Zero));
        var e = await Assert.ThrowsAsync<EthRpcException>(() => rpc.GetBlockNumberAsync());
        Assert.Equal(0, e.Code);
    }

    [Theory]
    [InlineData("0x0", true)]
    [InlineData("0x1f", true)]
    [InlineData("0x", false)]
    [InlineData("0x01", false)]
    [InlineData("1f", false)]
    [InlineData("0xg", false)]
    [InlineData("0X1", false)]
    public void Quantity_rules(string text, bool ok) => Assert.Equal(ok, Quantity.TryParse(text, out _));

    [Fact]
    public void Quantity_encodes_minimal_hex()
    {
        Assert.Equal("0x0", Quantity.Encode(BigInteger.Zero));
        Assert.Equal("0x1", Quantity.Encode(BigInteger.One));
        Assert.Equal("0x100", Quantity.Encode(new BigInteger(256)));
        Assert.Equal("0x" + new string('f', 64), Quantity.Encode(UInt256.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantity.Encode(UInt256.MaxValue + 1));
    }

    [Fact]
    public async Task Node_errors_keep_code_and_message_but_never_the_endpoint()
    {
        using var node = new StubNode((_, _) => "\"error\":{\"code\":-32000,\"message\":\"nonce too low\",\"data\":{\"x\":1}}");
        using var rpc = Client(node);

        var e = await Assert.ThrowsAsync<EthRpcException>(() => rpc.SendRawTransactionAsync(new byte[] { 0x02 }));

        Assert.Equal(-32000, e.Code);
        Assert.Equal("eth_sendRawTransaction", e.Method);
        Assert.Equal("nonce too low", e.NodeMessage);
        Assert.Equal("{\"x\":1}", e.ErrorData);
        Assert.DoesNotContain("secret-api-key", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transport_errors_do_not_echo_the_endpoint()
    {
        // Nothing listens on port 1: the connection is refused.
        using var rpc = new EthRpcClient(StubNode.Url);
        var e = await Assert.ThrowsAsync<EthRpcException>(() => rpc.GetChainIdAsync());
        Assert.Equal(0, e.Code);
        Assert.DoesNotContain("secret-api-key", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":999,\"result\":\"0x1\"}")] // another request's id
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":1,\"result\":\"0x1\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\",\"error\":{\"code\":1,\"message\":\"x\"}}")]
    [InlineData("[]")]
    [InlineData("not json")]
    public async Task Malformed_responses_are_rejected(string body)
    {
        using var node = new StubNode((_, _) => body.StartsWith('{') ? body : "{" + body);
        using var rpc = Client(node);
        var e = await Assert.ThrowsAsync<EthRpcException>(() => rpc.GetChainIdAsync());
        Assert.Equal(0, e.Code);
    }

    [Fact]
    public async Task Reverts_decode_error_string_and_panic()
    {
        var error = AbiFunction.EncodeCall("Error(string)", "Store: zero value");
        var panic = AbiFunction.EncodeCall("Panic(uint256)", new BigInteger(0x11));
        using var node = new StubNode((m, p) => m switch
        {
            "eth_call" => $"\"error\":{{\"code\":3,\"message\":\"execution reverted\",\"data\":\"{Hex.Encode(error)}\"}}",
            "eth_estimateGas" => $"\"error\":{{\"code\":3,\"message\":\"execution reverted\",\"data\":\"{Hex.Encode(panic)}\"}}",
            _ => "\"error\":{\"code\":-32000,\"message\":\"execution reverted: plain text\"}",
        });
        using var rpc = Client(node);

        var e1 = await Assert.ThrowsAsync<RevertedException>(() => rpc.CallAsync(new CallRequest { To = Address.Zero }));
        Assert.Equal("Store: zero value", e1.Reason);
        Assert.Equal(error, e1.RevertData);
        Assert.Null(e1.PanicCode);

        var e2 = await Assert.ThrowsAsync<RevertedException>(() => rpc.EstimateGasAsync(new CallRequest { To = Address.Zero }));
        Assert.Equal(0x11UL, e2.PanicCode);
        Assert.Equal("panic 0x11 (arithmetic overflow or underflow)", e2.Reason);

        var e3 = await Assert.ThrowsAsync<RevertedException>(() => rpc.GetGasPriceAsync());
        Assert.Equal("plain text", e3.Reason);
        Assert.Empty(e3.RevertData);
    }

    [Fact]
    public void Revert_reason_handles_custom_empty_and_malformed_data()
    {
        Assert.Null(RevertReason.Decode([]));
        Assert.Equal("no reason given", RevertReason.Describe([]));
        var custom = AbiFunction.EncodeCall("Unauthorized(address)", Address.Zero);
        Assert.Null(RevertReason.Decode(custom));
        Assert.Equal("custom error " + Hex.Encode(custom[..4]), RevertReason.Describe(custom));
        // Error(string) selector with a truncated body: not decoded, no exception.
        Assert.Null(RevertReason.Decode([.. RevertReason.ErrorSelector, 0, 0]));
        Assert.False(RevertReason.TryDecodePanic([.. RevertReason.PanicSelector, .. new byte[31]], out _));
    }

    [Fact]
    public async Task Receipt_wait_polls_reports_progress_and_times_out()
    {
        var polls = 0;
        using var node = new StubNode((_, _) => ++polls < 3 ? "\"result\":null" : ReceiptJson);
        using var rpc = Client(node);
        var progress = new List<ReceiptWaitProgress>();

        var receipt = await rpc.WaitForReceiptAsync(Hash, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(1), new SyncProgress(progress.Add));

        Assert.Equal(2, progress.Count);
        Assert.Equal([1, 2], progress.Select(p => p.Polls));
        Assert.True(receipt.Succeeded);
        Assert.Equal(Hash, receipt.TransactionHash);
        Assert.Equal(EthSenderContract, receipt.ContractAddress);
        Assert.Equal(21000, receipt.GasUsed);

        using var never = new StubNode((_, _) => "\"result\":null");
        using var rpc2 = Client(never);
        await Assert.ThrowsAsync<TimeoutException>(() => rpc2.WaitForReceiptAsync(Hash, TimeSpan.Zero, TimeSpan.FromMilliseconds(1)));
    }

    private const string Hash = "0x1111111111111111111111111111111111111111111111111111111111111111";

    private static readonly Address EthSenderContract = Address.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");

    private static readonly string ReceiptJson = $$"""
        "result":{"transactionHash":"{{Hash}}","status":"0x1","blockNumber":"0x2","blockHash":"{{Hash}}",
        "from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","to":null,"contractAddress":"0x5fbdb2315678afecb367f032d93f642f64180aa3",
        "gasUsed":"0x5208","effectiveGasPrice":"0x3b9aca00","logs":[]}
        """;

    private sealed class SyncProgress(Action<ReceiptWaitProgress> report) : IProgress<ReceiptWaitProgress>
    {
        public void Report(ReceiptWaitProgress value) => report(value);
    }
}
