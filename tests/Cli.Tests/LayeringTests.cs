using System.Text.RegularExpressions;
using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// The pipeline's stage order, written once, and a check that no source file reaches a later stage: through a
/// <c>using</c>, a fully qualified name (<c>PolicyDsl.Evaluator.Explain.X</c>), or a name qualified by a folder
/// (<c>Explain.Explainer</c>, <c>Repl.Commands.Graphviz</c>). A stage may use itself and any stage before it.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>Text, syntax, semantics; grounding, evaluation, supports, scenarios, checks, the analysis service, reports; hosts.</summary>
    public static readonly string[] Stages =
    [
        "Dsl/Text", "Dsl/Diagnostics", "Dsl/Files", "Dsl/Syntax", "Dsl/Graphs", "Dsl/Sources", "Dsl/Semantics",
        "Evaluator/Grounding", "Evaluator/Engine", "Evaluator/Explain", "Evaluator/Supports", "Evaluator/Scenarios",
        "Evaluator/Checking", "Evaluator/Maps", "Evaluator/Analysis", "Evaluator/Reports",
        "Repl/Hosting", "Repl/Interactive", "Repl/Lsp", "Repl/Commands", "Repl",
    ];

    private static string Source => Path.Combine(TestPaths.RepoRoot, "src");

    [Fact]
    public void Every_folder_of_src_is_a_stage()
    {
        var folders = Files().Select(f => StageOf(f.Path)).Distinct().Order(StringComparer.Ordinal).ToList();
        folders.Should().BeSubsetOf(Stages, "a new folder takes its place in LayeringTests.Stages, so its order is decided once");
    }

    [Fact]
    public void No_stage_reaches_a_later_one()
    {
        var declared = Files().GroupBy(f => StageOf(f.Path))
            .ToDictionary(g => g.Key, g => g.SelectMany(f => TypeDeclaration().Matches(f.Text).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var backwards = new List<string>();
        foreach (var (path, text) in Files())
        {
            var stage = Array.IndexOf(Stages, StageOf(path));
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimStart();
                if (line.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var target in Referenced(line, declared))
                {
                    var index = Array.IndexOf(Stages, target);
                    if (index > stage)
                    {
                        backwards.Add($"src/{Path.GetRelativePath(Source, path).Replace('\\', '/')}:{i + 1} ({Stages[stage]}) reaches {target}: {line.Trim()}");
                    }
                }
            }
        }

        backwards.Should().BeEmpty("a stage never reaches into a later one (the order is LayeringTests.Stages)");
    }

    /// <summary>The test finds what it looks for: a line of each kind it must refuse.</summary>
    [Fact]
    public void The_check_sees_usings_full_names_and_folder_qualified_names()
    {
        var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            ["Evaluator/Explain"] = ["Explainer"],
            ["Repl/Commands"] = ["Graphviz"],
        };
        Referenced("using PolicyDsl.Evaluator.Analysis;", declared).Should().Equal("Evaluator/Analysis");
        Referenced("var x = PolicyDsl.Repl.Commands.Inputs.Read();", declared).Should().Equal("Repl/Commands");
        Referenced("private const int Depth = Explain.Explainer.WhyNotDepth + 1;", declared).Should().Equal("Evaluator/Explain");
        Referenced("Repl.Commands.Graphviz.Render(dot)", declared).Should().Equal("Repl/Commands");
        Referenced("using PolicyDsl.Repl;", declared).Should().Equal("Repl");
        Referenced("return evaluation.Explain(atom) + supports.Supports.Count;", declared).Should().BeEmpty();
    }

    private static IEnumerable<string> Referenced(string line, IReadOnlyDictionary<string, HashSet<string>> declared)
    {
        foreach (Match match in FullName().Matches(line))
        {
            var stage = $"{match.Groups["project"].Value}/{match.Groups["folder"].Value}";
            yield return Stages.Contains(stage) ? stage : match.Groups["project"].Value;
        }

        foreach (Match match in FolderName().Matches(line))
        {
            var folder = match.Groups["folder"].Value;
            var type = match.Groups["type"].Value;
            var project = match.Groups["project"].Value;
            foreach (var (stage, types) in declared)
            {
                if (stage.EndsWith("/" + folder, StringComparison.Ordinal) && (project.Length == 0 || stage.StartsWith(project, StringComparison.Ordinal)) && types.Contains(type))
                {
                    yield return stage;
                }
            }
        }
    }

    private static string StageOf(string path)
    {
        var parts = Path.GetRelativePath(Source, path).Replace('\\', '/').Split('/');
        return parts.Length > 2 ? $"{parts[0]}/{parts[1]}" : parts[0];
    }

    private static IEnumerable<(string Path, string Text)> Files() =>
        Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(f)));

    [GeneratedRegex(@"\bPolicyDsl\.(?<project>Dsl|Evaluator|Repl)(?:\.(?<folder>[A-Z][A-Za-z]*))?\b")]
    private static partial Regex FullName();

    [GeneratedRegex(@"(?<![\w.])(?:(?<project>Dsl|Evaluator|Repl)\.)?(?<folder>[A-Z][A-Za-z]*)\.(?<type>[A-Z][A-Za-z]*)\b")]
    private static partial Regex FolderName();

    [GeneratedRegex(@"\b(?:class|record|struct|enum|interface)\s+(?<name>[A-Z][A-Za-z0-9]*)")]
    private static partial Regex TypeDeclaration();
}
