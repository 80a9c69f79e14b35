using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
namespace DltSigner.TestKit.Devnet;

/// <summary>
/// A js-libp2p 3.x peer (devnet/js-peer/peer.mjs under .devnet/bin/node22): started per test, talked to by
/// JSON lines, killed on dispose. Every wait is bounded.
/// </summary>
public sealed class JsPeer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly Task _stdout;
    private readonly Task<string> _stderr;
    private int _nextId;

    private JsPeer(Process process)
    {
        _process = process;
        _stdout = Task.Run(PumpAsync);
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static string Node22 => Path.Combine(DevnetEnvironment.Home, "bin", "node22");

    public static string Script => RepoPaths.Combine("devnet", "js-peer", "peer.mjs");

    public static bool IsInstalled => File.Exists(Node22) && Directory.Exists(RepoPaths.Combine("devnet", "js-peer", "node_modules", "libp2p"));

    /// <summary>Null when the js tests run; else why they are skipped (never under CI, where they fail).</summary>
    public static string? SkipReason => IsInstalled || DevnetEnvironment.IsCi ? null
        : "js-libp2p peer not installed (run devnet/install-node.sh); js interop tests skipped. Under CI=true this is a failure.";

    public string PeerId { get; private set; } = "";

    public IReadOnlyList<string> Multiaddrs { get; private set; } = [];

    public IReadOnlyList<string> Protocols { get; private set; } = [];

    public static async Task<JsPeer> StartAsync(params string[] args)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException("js-libp2p peer not installed under CI: run devnet/install-node.sh");
        }

        var info = new ProcessStartInfo(Node22)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Script);
        foreach (var a in args.Length == 0 ? ["dltsigner-test"] : args)
        {
            info.ArgumentList.Add(a);
        }

        var peer = new JsPeer(Process.Start(info) ?? throw new InvalidOperationException("cannot start node22"));
        try
        {
            var ready = await peer.WaitForAsync("ready").ConfigureAwait(false);
            peer.PeerId = ready["peerId"]!.GetValue<string>();
            peer.Multiaddrs = ready["multiaddrs"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
            peer.Protocols = ready["protocols"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
            return peer;
        }
        catch
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends a command and returns its answer (or throws with the peer's error message).</summary>
    public async Task<JsonObject> CommandAsync(JsonObject command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        command["id"] = id;
        await _process.StandardInput.WriteLineAsync(command.ToJsonString()).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        var answer = await WaitForAsync(null, id).ConfigureAwait(false);
        if (answer["event"]?.GetValue<string>() == "error")
        {
            throw new InvalidOperationException("js peer: " + answer["message"]);
        }

        return answer;
    }

    /// <summary>Waits for the next event named <paramref name="name"/> (or answering <paramref name="id"/>); others are dropped.</summary>
    public async Task<JsonObject> WaitForAsync(string? name, string? id = null)
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
                if ((name is null || e["event"]?.GetValue<string>() == name) && (id is null || e["id"]?.ToString() == id))
                {
                    return e;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            var stderr = _process.HasExited ? await _stderr.ConfigureAwait(false) : "";
            throw new TimeoutException($"js peer: no '{name ?? id}' event within {Timeout.TotalSeconds} s {stderr}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            await _stdout.ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (JsonNode.Parse(line) is JsonObject obj)
                {
                    _events.Writer.TryWrite(obj);
                }
            }
        }
        catch (JsonException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }
}

/// <summary>A fact that needs the js-libp2p peer (skipped when it is not installed, unless CI=true).</summary>
public sealed class JsPeerFactAttribute : FactAttribute
{
    public JsPeerFactAttribute() => Skip = JsPeer.SkipReason;
}
