using System.Text.RegularExpressions;
using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// Issue 23, item 5: every catch in src/ and every exception type thrown there is named, with its reason, in
/// tests/Cli.Tests/Architecture/exceptions.md; a new one fails here until it is explained there.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Table = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Cli.Tests", "Architecture", "exceptions.md"));

    private static IEnumerable<(string File, string Text)> Sources() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(TestPaths.RepoRoot, f).Replace('\\', '/'), File.ReadAllText(f)));

    [Fact]
    public void Every_catch_in_src_is_named_with_its_reason()
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (file, text) in Sources())
        {
            foreach (Match m in CatchClause().Matches(text))
            {
                var caught = m.Groups["type"].Success ? Regex.Replace(m.Groups["type"].Value.Trim(), @"\s+\w+$", string.Empty) : "everything";
                var key = $"{file} | {caught}{(m.Groups["when"].Success ? " when " + Regex.Replace(m.Groups["when"].Value.Trim(), @"\s+", " ") : string.Empty)}";
                found[key] = found.GetValueOrDefault(key) + 1;
            }
        }

        var listed = TableRows("catch").ToDictionary(r => $"{r[0]} | {r[1]}", r => int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        found.Should().Equal(listed, "every catch in src/ is in tests/Cli.Tests/Architecture/exceptions.md with its count and reason, and every row there is still in the code");
        TableRows("catch").Should().OnlyContain(r => r[3].Length > 10, "each catch says why");
    }

    [Fact]
    public void Every_type_thrown_in_src_is_named_with_where_it_ends()
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, text) in Sources())
        {
            foreach (Match m in ThrowNew().Matches(text))
            {
                found[m.Groups[1].Value] = found.GetValueOrDefault(m.Groups[1].Value) + 1;
            }
        }

        var listed = TableRows("throw").ToDictionary(r => r[0], r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        found.Should().Equal(listed, "every exception type thrown in src/ is listed with its count and where it ends");
    }

    private static IEnumerable<string[]> TableRows(string section)
    {
        var start = Table.IndexOf("## " + section, StringComparison.Ordinal);
        var end = Table.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var body = Table[start..(end < 0 ? Table.Length : end)];
        return body.Split('\n')
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| file", StringComparison.Ordinal) && !l.StartsWith("| type", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray());
    }

    [GeneratedRegex(@"\bcatch\b\s*(\((?<type>[^)]*)\))?(\s*when\s*\((?<when>[^{]*)\))?")]
    private static partial Regex CatchClause();

    [GeneratedRegex(@"throw new ([A-Za-z.]+)\(")]
    private static partial Regex ThrowNew();
}
