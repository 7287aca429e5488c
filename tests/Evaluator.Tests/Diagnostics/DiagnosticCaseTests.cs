using System.Text.RegularExpressions;
using FluentAssertions;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Evaluator.Tests.Diagnostics;

/// <summary>
/// Runs every file in tests/diagnostics through the whole check (parse, bind, sources, evaluation) and requires
/// exactly the diagnostics its <c>//! PDxxxx</c> markers name, on their lines. Adding a case file adds a test.
/// </summary>
public partial class DiagnosticCaseTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.DiagnosticCases, "*.policy").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_raises_exactly_the_marked_diagnostics(string name)
    {
        var model = Analyzer.Analyze(Path.Combine(TestPaths.DiagnosticCases, name));
        var report = ArgumentChecker.Check(model);

        var expected = model.Workspace.Trees
            .SelectMany(tree => Markers(tree.Source.Path, tree.Source.Text))
            .Order()
            .ToList();
        var actual = report.Diagnostics
            .Select(d => $"{d.Path}:{d.Start.Line} {d.Code}")
            .Order()
            .ToList();

        actual.Should().Equal(expected, "every diagnostic of {0} must be marked, and every marker raised:\n{1}", name,
            string.Join("\n", report.Diagnostics));
        report.Diagnostics.Should().OnlyContain(d => d.Message.Length > 20 && !d.Message.Contains("Exception", StringComparison.Ordinal));
    }

    /// <summary>
    /// The full printed output of each case, as <c>policydsl check</c> prints it (message, source line, caret,
    /// notes), kept as a baseline in Snapshots/diagnostics/: every code's wording is pinned and reviewed.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_output_matches_its_baseline(string name)
    {
        var report = ArgumentChecker.Check(Analyzer.Analyze(Path.Combine(TestPaths.DiagnosticCases, name)));
        var text = new System.Text.StringBuilder();
        foreach (var diagnostic in report.Diagnostics)
        {
            Reports.DiagnosticText.Write(text, diagnostic);
        }

        text.Append(Reports.DiagnosticText.Summary(report.Diagnostics, 1)).Append('\n');
        Snapshot.Verify(text.ToString(), Path.Combine(TestPaths.RepoRoot, "tests", "Evaluator.Tests", "Snapshots", "diagnostics"), Path.ChangeExtension(name, null));
    }

    [Fact]
    public void Every_case_is_named_after_a_code_it_raises()
    {
        foreach (var file in Directory.EnumerateFiles(TestPaths.DiagnosticCases, "*.policy"))
        {
            var code = Path.GetFileName(file)[..6];
            var markers = Analyzer.Analyze(file).Workspace.Trees.SelectMany(t => Markers(t.Source.Path, t.Source.Text));
            markers.Should().Contain(m => m.EndsWith(code, StringComparison.Ordinal), "{0} is named after {1}", file, code);
        }
    }

    private static IEnumerable<string> Markers(string path, string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = MarkerPattern().Match(lines[i]);
            if (!marker.Success)
            {
                continue;
            }

            foreach (var code in marker.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return $"{path}:{i + 1} {code}";
            }
        }
    }

    [GeneratedRegex(@"//! ((?:PD\d{4}\s*)+)")]
    private static partial Regex MarkerPattern();
}

public partial class CatalogTests
{
    [Fact]
    public void Codes_are_unique_and_well_formed()
    {
        var codes = DiagnosticCatalog.All.Select(d => d.Code).ToList();
        codes.Should().OnlyHaveUniqueItems();
        codes.Should().OnlyContain(c => CodePattern().IsMatch(c));
        DiagnosticCatalog.All.Should().OnlyContain(d => d.Title.Length > 0);
    }

    /// <summary>
    /// Every code is raised by at least one test: a case file marking it, or a test method marked [Raises("PDxxxx")]
    /// (binary files, huge files, command-line paths). Read from the test sources, so it spans every test project.
    /// </summary>
    [Fact]
    public void Every_code_is_described_in_the_docs_and_in_sarif_alike()
    {
        var table = Regex.Matches(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "language.md")), @"^\| <a id=""(?<anchor>pd\d{4})""></a>(PD\d{4}) \| (\w+) \| (.+?) \|$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => (Severity: m.Groups[2].Value, Text: m.Groups[3].Value.Replace("`", string.Empty, StringComparison.Ordinal).Replace("\\|", "|", StringComparison.Ordinal)));
        table.Keys.Should().BeEquivalentTo(DiagnosticCatalog.All.Select(d => d.Code), "docs/language.md lists every code");
        Regex.Matches(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "language.md")), @"<a id=""(pd\d{4})""></a>(PD\d{4})").Should()
            .OnlyContain(m => string.Equals(m.Groups[1].Value, m.Groups[2].Value, StringComparison.OrdinalIgnoreCase) && !m.Groups[1].Value.Any(char.IsUpper), "each code's anchor, which SARIF help links point to, is the code in lower case");
        foreach (var descriptor in DiagnosticCatalog.All)
        {
            table[descriptor.Code].Severity.Should().Be(descriptor.Severity.ToString().ToLowerInvariant(), descriptor.Code);
            DiagnosticDescriptions.ByCode[descriptor.Code].Should().Be(table[descriptor.Code].Text, $"{descriptor.Code}'s SARIF description is the docs' line");
        }
    }

    [Fact]
    public void Every_code_has_a_test_that_raises_it()
    {
        var raised = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(TestPaths.DiagnosticCases, "*.policy", SearchOption.AllDirectories))
        {
            foreach (Match m in MarkedCode().Matches(File.ReadAllText(file)))
            {
                raised.Add(m.Groups[1].Value);
            }
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "tests"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match m in RaisesAttribute().Matches(File.ReadAllText(file)))
            {
                foreach (Match code in CodePattern().Matches(m.Value))
                {
                    raised.Add(code.Value);
                }
            }
        }

        DiagnosticCatalog.All.Select(d => d.Code).Where(c => !raised.Contains(c)).Should().BeEmpty("every diagnostic code needs a test that raises it");
    }

    [GeneratedRegex(@"PD\d{4}")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"//! (PD\d{4})")]
    private static partial Regex MarkedCode();

    [GeneratedRegex(@"\[Raises\(""PD\d{4}""(, ""PD\d{4}"")*\)\]")]
    private static partial Regex RaisesAttribute();
}
