using FluentAssertions;
using PolicyDsl.Dsl.Text;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// Issue 23: whatever an argument file holds (ESC sequences that retitle or clear a terminal, BEL, C1 controls,
/// bidirectional overrides) in its title, names, paths, quotations and comments, no verb prints a raw control or
/// bidirectional character in any format, on standard output or standard error, nor writes one to a file.
/// </summary>
public sealed class OutputEscapingTests : IDisposable
{
    private const string Hostile = "\u001b]0;pwned\u0007\u001b[2J\u202Eevil\u0085";

    private readonly TempFolder folder = TestPaths.CreateTempFolder();

    private readonly string file;

    public OutputEscapingTests()
    {
        folder.Write(".policydsl-root", string.Empty);
        folder.Write("digest.md", "# D\n### C1 {#c1}\nthe claim " + Hostile + "\n");
        file = folder.Write("a" + Hostile + ".policy",
            "argument \"T" + Hostile + "\"\n" +
            "source d = \"digest.md\"\n" +
            "import \"b" + Hostile + ".policy\"\n" +
            "// a comment " + Hostile + "\n" +
            "fact a" + Hostile + " per d#c1 \"the claim\"\n" +
            "fact b per d#c1 \"" + Hostile + "\"\n" +
            "rule r: if b then c\n" +
            "expect c\n" +
            "expect \"label " + Hostile + "\": c\n");
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Json_and_sarif_name_the_file_itself_escaped_by_their_own_rules()
    {
        // The file field is the path (JSON's \u escapes carry its control characters), not the terminal's escaped
        // display of it; SARIF's uri is a URI reference, each character outside the unreserved set percent-encoded.
        var json = CliRunner.Run("check", file, "--format", "json").Output;
        using var document = System.Text.Json.JsonDocument.Parse(json);
        document.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => Path.GetFileName(d.GetProperty("file").GetString()))
            .Should().Contain("a" + Hostile + ".policy");
        var sarif = CliRunner.Run("check", file, "--format", "sarif").Output;
        using var log = System.Text.Json.JsonDocument.Parse(sarif);
        var uris = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!).ToList();
        uris.Should().Contain(u => u.EndsWith("/a" + Uri.EscapeDataString(Hostile) + ".policy", StringComparison.Ordinal));
        uris.Should().OnlyContain(u => u.All(c => c > ' ' && c < 127), "a URI holds printable ASCII only");
        uris.Select(Uri.UnescapeDataString).Should().Contain("file://" + file);
    }

    public static TheoryData<string[]> Runs() => new()
    {
        { ["check"] },
        { ["check", "--format", "json"] },
        { ["check", "--format", "sarif"] },
        { ["check", "--format", "github"] },
        { ["test"] },
        { ["test", "--format", "junit"] },
        { ["test", "--format", "json"] },
        { ["eval"] },
        { ["eval", "--format", "json"] },
        { ["scenarios"] },
        { ["map"] },
        { ["map", "--format", "json"] },
        { ["report", "-o", "-"] },
        { ["fmt", "--check"] },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void No_raw_control_or_bidirectional_character_reaches_the_output(string[] verb)
    {
        string[] args = [verb[0], file, .. verb[1..]];
        var (_, output, error) = CliRunner.Run(args);
        Raw(output).Should().BeEmpty($"standard output of {string.Join(' ', verb)}");
        Raw(error).Should().BeEmpty($"standard error of {string.Join(' ', verb)}");
        (output + error).Should().NotBeEmpty();
        if (verb.Contains("json") || verb.Contains("sarif"))
        {
            using var document = System.Text.Json.JsonDocument.Parse(output);
            document.RootElement.ValueKind.Should().Be(System.Text.Json.JsonValueKind.Object, "the escapes keep the document valid JSON");
        }
    }

    [Fact]
    public void Files_written_by_report_and_map_hold_no_raw_control_character()
    {
        // The map of an argument with errors is not drawn, so the map is of a sound argument whose file name is hostile.
        var sound = folder.Write("b" + Hostile + ".policy", "fact a\nexpect a\n");
        foreach (var (verb, argument, name) in new[] { ("report", file, "r.html"), ("map", sound, "m.dot") })
        {
            var target = Path.Combine(folder.Path, name);
            CliRunner.Run(verb, argument, "-o", target);
            File.Exists(target).Should().BeTrue($"{verb} writes its file, the diagnostics in it");
            Raw(File.ReadAllText(target)).Should().BeEmpty(verb);
        }
    }

    [Fact]
    public void The_filter_keeps_line_breaks_tabs_and_surrogate_pairs_and_escapes_the_rest()
    {
        DisplayText.EscapeOutput("a\tb\nc 😀 \u001b[2J\u202E\r\u0085").Should().Be("a\tb\nc 😀 \\u001B[2J\\u202E\\r\\u0085");
        var writer = new StringWriter();
        var safe = new Repl.Commands.SafeWriter(writer, terminal: false);
        foreach (var c in "x😀\u001by")
        {
            safe.Write(c);
        }

        safe.Flush();
        writer.ToString().Should().Be("x😀\\u001By", "a pair written a character at a time stays a pair");
    }

    private static string Raw(string text) =>
        new([.. text.Where(c => c is not ('\n' or '\t') && (char.IsControl(c) || DisplayText.IsBidiControl(c)))]);
}
