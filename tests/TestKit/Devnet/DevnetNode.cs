using System.Diagnostics;
using System.Globalization;

namespace DltSigner.TestKit.Devnet;

/// <summary>
/// One node started with its devnet script on free loopback ports, in a fresh directory under the
/// temp folder; every wait is bounded. Dispose stops it and deletes the directory (--rm).
/// </summary>
public sealed class DevnetNode : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly DevnetTool _tool;

    private DevnetNode(DevnetTool tool, string directory, IReadOnlyDictionary<string, string> env, TimeSpan startupTime)
    {
        _tool = tool;
        Directory = directory;
        Env = env;
        StartupTime = startupTime;
    }

    /// <summary>The node's directory (datadir).</summary>
    public string Directory { get; }

    /// <summary>The env line the start printed (BTC_RPC_URL=..., ANVIL_RPC_URL=..., ...).</summary>
    public IReadOnlyDictionary<string, string> Env { get; }

    /// <summary>Time the script took to start the node (reported, never asserted).</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>
    /// Starts a node, or returns null when its tests are skipped (not installed, not CI): start nothing.
    /// Under CI a missing node throws <see cref="DevnetTool.MissingUnderCi"/>, so every test of the fixture fails.
    /// </summary>
    /// <param name="startTimeoutSeconds">The script's own wait for the node's RPC; the script run is bounded 30 s later.</param>
    public static async Task<DevnetNode?> StartAsync(DevnetTool tool, int startTimeoutSeconds, params string[] extraArguments)
    {
        ArgumentNullException.ThrowIfNull(tool);
        if (tool.SkipReason is not null)
        {
            return null;
        }

        if (!tool.IsInstalled)
        {
            throw new InvalidOperationException(tool.MissingUnderCi);
        }

        var directory = Path.Combine(Path.GetTempPath(), $"dltsigner-{tool.Name}-{Guid.NewGuid():N}"[..32]);
        var clock = Stopwatch.StartNew();
        try
        {
            string[] arguments = ["start", tool.DirectoryOption, directory, "--timeout", startTimeoutSeconds.ToString(CultureInfo.InvariantCulture), .. extraArguments];
            var line = await DevnetEnvironment.RunScriptAsync(tool.Script, arguments, TimeSpan.FromSeconds(startTimeoutSeconds + 30)).ConfigureAwait(false);
            var env = DevnetEnvironment.ParseEnvLine(line);
            if (env.Count == 0)
            {
                throw new InvalidOperationException($"devnet/{tool.Script} start printed no env line: '{line}'");
            }

            return new DevnetNode(tool, directory, env, clock.Elapsed);
        }
        catch
        {
            await StopAsync(tool, directory).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A value of the env line; throws naming the key when the script did not print it.</summary>
    public string Get(string key) =>
        Env.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"devnet/{_tool.Script} start printed no {key}");

    public ValueTask DisposeAsync() => new(StopAsync(_tool, Directory));

    /// <summary>Stops the node and deletes its directory; best effort (reported on stderr): a failed stop must not hide the test results.</summary>
    private static async Task StopAsync(DevnetTool tool, string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }

        try
        {
            await DevnetEnvironment.RunScriptAsync(tool.Script, ["stop", tool.DirectoryOption, directory, "--rm"], StopTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"devnet: stopping {tool.Name} in {directory} failed: {ex.Message}").ConfigureAwait(false);
        }
    }
}
