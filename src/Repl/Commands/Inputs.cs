using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Text;
using PolicyDsl.Evaluator.Checking;

namespace PolicyDsl.Cli.Commands;

/// <summary>Turns the paths a user names into argument files, and checks each of them.</summary>
internal static class Inputs
{
    public const string Extension = ".policy";

    /// <summary>Files as named, folders searched recursively for *.policy, in a stable order; missing paths become diagnostics.</summary>
    public static (List<string> Files, List<Diagnostic> Problems) Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var problems = new List<Diagnostic>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*" + Extension, SearchOption.AllDirectories)
                    .Select(Path.GetFullPath)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    problems.Add(DiagnosticCatalog.NoPolicyFiles.Create(new SourceText(DisplayPath.For(Path.GetFullPath(path)), string.Empty), default,
                        $"folder '{path}' holds no {Extension} files; name argument files or a folder that contains them"));
                }

                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
            }
            else
            {
                problems.Add(DiagnosticCatalog.FileNotFound.Create(new SourceText(path.Replace('\\', '/'), string.Empty), default,
                    $"'{path}' does not exist; name an argument file or a folder of them"));
            }
        }

        return ([.. files.Distinct(StringComparer.Ordinal)], problems);
    }

    public static List<ArgumentReport> CheckAll(IEnumerable<string> files, CancellationToken cancellation = default) =>
        [.. files.Select(f => ArgumentChecker.Check(Analyzer.Analyze(f), cancellation))];
}
