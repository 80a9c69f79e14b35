namespace DltSigner.Tests.Shared;

/// <summary>
/// Locates the official test vectors: $DLTSIGNER_VECTORS, else the shared/vectors folder beside the
/// repository (found by walking up from the test binary to the folder holding DltSigner.sln).
/// </summary>
internal static class TestVectors
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root.Value, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(Path(parts));

    /// <summary>The repository root (the folder holding DltSigner.sln).</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "DltSigner.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("DltSigner.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("DLTSIGNER_VECTORS");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot(), "..", "shared", "vectors"));
        if (!Directory.Exists(candidate))
        {
            throw new InvalidOperationException($"test vectors not found at {candidate}; set DLTSIGNER_VECTORS");
        }

        return candidate;
    }
}
