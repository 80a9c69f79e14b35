using System.Net;
using System.Text;
using System.Text.Json;

namespace DltSigner.Adapters.Ethereum.Tests.Rpc;

/// <summary>
/// An in-process JSON-RPC node: answers each request with the raw JSON the test gives for its
/// method (a "result" or "error" member, or a whole response), and records the calls.
/// </summary>
public sealed class StubNode : HttpMessageHandler
{
    private readonly Func<string, JsonElement, string> _answer;

    /// <param name="answer">method, params → the members after "id" (e.g. "\"result\":\"0x1\"") or, starting with '{', a whole body.</param>
    public StubNode(Func<string, JsonElement, string> answer) => _answer = answer;

    public List<string> Methods { get; } = [];

    public static Uri Url { get; } = new("http://127.0.0.1:1/secret-api-key");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
        var method = doc.RootElement.GetProperty("method").GetString()!;
        var id = doc.RootElement.GetProperty("id").GetRawText();
        Methods.Add(method);
        var answer = _answer(method, doc.RootElement.GetProperty("params").Clone());
        var body = answer.StartsWith('{') ? answer : $"{{\"jsonrpc\":\"2.0\",\"id\":{id},{answer}}}";
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
