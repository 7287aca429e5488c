namespace PolicyDsl.Testing;

/// <summary>Where the repository is, found from this file's own path at build time so tests run from any folder.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Samples => Path.Combine(RepoRoot, "samples");

    public static string DiagnosticCases => Path.Combine(RepoRoot, "tests", "diagnostics");

    /// <summary>Arguments with the state every evaluator must give each atom (tests/semantics/README.md).</summary>
    public static string SemanticCases => Path.Combine(RepoRoot, "tests", "semantics");

    /// <summary>
    /// Reports print paths relative to the working folder; every test assembly runs from the repository root (see
    /// its module initializer) so that printed paths, and with them snapshots, are the same on every machine.
    /// </summary>
    public static void UseRepoRootAsWorkingDirectory() => Environment.CurrentDirectory = RepoRoot;

    /// <summary>
    /// Walks up from the test binaries (tests/X/bin/...). Not from [CallerFilePath]: CI builds map source paths
    /// to /_/ for deterministic output, so that path does not exist at run time.
    /// </summary>
    private static string FindRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "PolicyDsl.sln")))
        {
            directory = Path.GetDirectoryName(directory.TrimEnd(Path.DirectorySeparatorChar));
        }

        return directory ?? throw new InvalidOperationException("PolicyDsl.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A fresh folder for a test's files, removed when disposed.</summary>
    public static TempFolder CreateTempFolder() => new();
}

public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policydsl-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string text)
    {
        var full = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow file system is left for the OS to clean; the test's result stands.
        }
    }
}

/// <summary>Marks a test that raises the given diagnostic codes, for the catalogue coverage test.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class RaisesAttribute(params string[] codes) : Attribute
{
    public IReadOnlyList<string> Codes { get; } = codes;
}
