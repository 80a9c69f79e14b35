namespace DltSigner.TestKit;

/// <summary>The repository root: the folder holding DltSigner.sln, found by walking up from the test binary.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootDir = new(FindRoot);

    public static string Root => RootDir.Value;

    /// <summary>A path under the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DltSigner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DltSigner.sln not found above " + AppContext.BaseDirectory);
    }
}
