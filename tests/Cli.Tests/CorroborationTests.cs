using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// Issue 26, item 3: a premise or rule several texts state cites each of them, one 'per' a line. Reports say it is
/// corroborated, with every citation; withdrawing one text keeps what another text states; a premise written twice
/// is told to merge its citations.
/// </summary>
public sealed class CorroborationTests
{
    private const string Corroborated = "source a = \"a.md\"\nsource b = \"b.md\"\nfact x per a#c1 \"X holds\"\n  per b#c1 \"X is so\"\n" +
        "rule r: if x then y\n  per a#c2 \"Where x, y\"\nexpect y\n";

    private static string Write(TempFolder folder, string text)
    {
        folder.Write(".policydsl-root", string.Empty);
        folder.Write("a.md", "# A\n\nX holds. {#c1}\n\nWhere x, y. {#c2}\n");
        folder.Write("b.md", "# B\n\nX is so. {#c1}\n");
        return folder.Write("c.policy", text);
    }

    [Fact]
    public void Every_report_says_a_premise_is_stated_by_two_texts_with_each_citation()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, Corroborated);

        var (checkExit, check, _) = CliRunner.Run("check", file);
        checkExit.Should().Be(0, check);
        CliRunner.Run("fmt", file).Exit.Should().Be(0);
        File.ReadAllText(file).Should().Contain("fact x                                              per a#c1 \"X holds\"\n  per b#c1 \"X is so\"\n",
            "the formatter aligns the first 'per' of a cited premise and keeps one 'per' a line");
        CliRunner.Run("fmt", file, "--check").Exit.Should().Be(0);

        CliRunner.Run("why", file, "y").Output.Should().Contain("x  [premise; per a#c1 \"X holds\"; also per b#c1 \"X is so\"; stated by 2 texts; ");
        CliRunner.Run("eval", file).Output.Should().Contain("y  true  per a#c1, b#c1  (1 support: needs a; corroborated by b)");
        CliRunner.Run("support", file, "y").Output.Should().Contain("x  per a#c1 \"X holds\"; also per b#c1 \"X is so\" (stated by 2 texts)")
            .And.Contain("needs: a; corroborated by: b");

        var (_, json, _) = CliRunner.Run("why", file, "y", "--format", "json");
        json.Should().Contain("\"alsoCited\": [");
        var (_, eval, _) = CliRunner.Run("eval", file, "--format", "json");
        System.Text.Json.JsonDocument.Parse(eval).RootElement.GetProperty("conclusions")[0].GetProperty("corroboratedBy")[0].GetString().Should().Be("b");

        // Every verb's JSON with corroborated statements still matches its schema (alsoCited, corroboratedBy, kept).
        foreach (var (schema, verb, more) in new (string, string, string[])[]
        {
            ("eval", "eval", []), ("proof", "why", ["y"]), ("support", "support", ["y"]), ("critical", "critical", ["y"]),
            ("retract", "retract", ["b"]), ("map", "map", []), ("eval", "eval", ["--without", "b"]),
        })
        {
            JsonSchemaTests.Validate(schema, verb, file, more);
        }

        var report = Path.Combine(folder.Path, "report.html");
        CliRunner.Run("report", file, "-o", report).Exit.Should().Be(0);
        File.ReadAllText(report).Should().Contain("falls with a; corroborated by b").And.Contain("stated by 2 texts");

        // critical: b alone is not critical (a states x too); a is, by its rule.
        CliRunner.Run("critical", file, "y").Output.Should().Contain("critical sources: without any one of these it no longer holds cleanly (1): a\n");
    }

    [Fact]
    public void Withdrawing_one_text_keeps_what_another_text_states()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, Corroborated + "rule s: if x then z\n  per analyst \"x is enough\"\nexpect z\n");

        var (_, withoutB, _) = CliRunner.Run("eval", file, "--without", "b");
        withoutB.Should().Contain("context: without source b (1 kept: stated by another text too)").And.Contain("y  true");

        var (_, withoutA, _) = CliRunner.Run("eval", file, "--without", "a");
        withoutA.Should().Contain("context: without source a (1 rule: r; 1 kept: stated by another text too)").And.Contain("z  true").And.NotContain("y  true");

        var (_, both, _) = CliRunner.Run("eval", file, "--without", "a", "--without", "b");
        both.Should().Contain("source a (1 statement; 1 rule: r)").And.Contain("source b (1 statement)").And.NotContain("z  true");

        var (_, retract, _) = CliRunner.Run("retract", file, "b");
        retract.Should().StartWith("withdrawn: b: 0 premises of the evaluation\n").And.Contain("lose every support (0):");
    }

    [Fact]
    public void A_premise_written_twice_by_two_texts_is_told_to_merge_its_citations()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "source a = \"a.md\"\nsource b = \"b.md\"\nfact x per a#c1 \"X holds\"\nfact x per b#c1 \"X is so\"\n");

        CliRunner.Run("check", file).Output.Should().Contain("warning PD0037: 'x' is already stated at ").And.Contain("c.policy:3:1; if both texts state it, state it once with every citation, " +
            "each 'per' on its own line: add 'per b#c1 \"X is so\"' under the statement at ").And.Contain("c.policy:3:1 and remove this one");
    }
}
