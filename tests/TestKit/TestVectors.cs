using DltSigner.TestKit;

// Namespace kept from tests/Shared (where every test project compiled its own copy) so the tests' usings stay.
namespace DltSigner.Tests.Shared;

/// <summary>
/// Locates the official test vectors: $DLTSIGNER_VECTORS, else the shared/vectors folder beside the
/// repository (<see cref="RepoPaths.Root"/>).
/// </summary>
public static class TestVectors
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root.Value, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(Path(parts));

    /// <summary>The repository root (the folder holding DltSigner.sln).</summary>
    public static string RepoRoot() => RepoPaths.Root;

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("DLTSIGNER_VECTORS");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoPaths.Root, "..", "shared", "vectors"));
        if (!Directory.Exists(candidate))
        {
            throw new InvalidOperationException($"test vectors not found at {candidate}; set DLTSIGNER_VECTORS");
        }

        return candidate;
    }
}
