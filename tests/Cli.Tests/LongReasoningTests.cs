using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentAssertions;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Repl.Commands;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// A long chain of reasoning (each conclusion the condition of the next) is the input that made the reports
/// quadratic (issue 23): every conclusion proved in full, every proof indented all the way, each conclusion's sources
/// read off its own proof tree. Each report of it stays linear in the chain and says where it stops.
/// </summary>
public sealed class LongReasoningTests : IDisposable
{
    private const int Steps = ArgumentAnalysis.OverviewProofs + 100;

    private readonly TempFolder folder = TestPaths.CreateTempFolder();

    private readonly string chain;

    public LongReasoningTests()
    {
        folder.Write(".policydsl-root", string.Empty);
        folder.Write("s.md", "# S\n\n" + string.Concat(Enumerable.Range(0, Steps + 1).Select(i => $"{{#a{i}}} q here\n\n")));
        var text = new StringBuilder("argument \"A long chain\"\nsource s = \"s.md\"\nfact p0 per s#a0 \"q\"\n");
        for (var i = 0; i < Steps; i++)
        {
            text.Append($"rule r{i}: if p{i} then p{i + 1}\n  per s#a{i + 1} \"q\"\n");
        }

        chain = folder.Write("chain.policy", text.ToString());
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void The_report_proves_each_conclusion_in_a_bounded_tree_referring_to_the_rows_above_it()
    {
        var (exit, html, error) = CliRunner.Run("report", chain, "--root", folder.Path, "-o", "-");
        exit.Should().Be(0, error);

        // Each proof stops after OverviewProofSteps steps at a conclusion with its own row, linked by an id.
        var proofs = Regex.Matches(html, "<tr class=\"proof\" id=\"[^\"]+\" hidden>(.*?)</tr>", RegexOptions.Singleline);
        proofs.Should().HaveCount(ArgumentAnalysis.OverviewProofs, "past them a conclusion is listed without its proof");
        proofs.Max(p => Regex.Count(p.Groups[1].Value, "<li>")).Should().BeLessThanOrEqualTo(ArgumentAnalysis.OverviewProofSteps + 1);
        var link = Regex.Match(html, "<li><a class=\"claim\" href=\"#(arg1-c\\d+)\">p\\d+</a><span class=\"reason\">a conclusion in its own right: see its row</span>");
        link.Success.Should().BeTrue();
        html.Should().Contain($"<tr class=\"conclusion\" id=\"{link.Groups[1].Value}\">");
        html.Should().Contain("and the last 100 are listed without a proof");
        html.Should().MatchRegex($"The map is not drawn: the map has [0-9,]+ nodes, more than the {ReportCommand.MaxDrawnMapNodes:N0} a report draws");

        // Linear: about what each row and its bounded proof take, not a proof of every step below each conclusion.
        html.Length.Should().BeLessThan(Steps * (ArgumentAnalysis.OverviewProofSteps + 2) * 600);

        // A row lists the first texts its proof cites and says there are more.
        html.Should().MatchRegex($"s#a[0-9]+, and more \\(the first {RestsOnIndex.Cap} listed\\)");
    }

    [Fact]
    public void Why_folds_a_deep_proof_so_its_text_and_its_json_stay_linear_and_readable()
    {
        var (exit, text, error) = CliRunner.Run("why", chain, $"p{Steps}", "--root", folder.Path);
        exit.Should().Be(0, error);
        var lines = text.Split('\n');
        lines.Should().HaveCountGreaterThan(Steps);
        var deepest = lines.Max(l => l.Length - l.TrimStart(' ', '│', '├', '└', '─').Length);
        deepest.Should().BeLessThanOrEqualTo(ProofText.FoldDepth * 3, "the indentation starts again from the left");
        text.Should().Contain($"... (step {ProofText.FoldDepth} down; the indentation starts again from the left)");

        var (jsonExit, json, jsonError) = CliRunner.Run("why", chain, $"p{Steps}", "--root", folder.Path, "--format", "json");
        jsonExit.Should().Be(0, jsonError);

        // System.Text.Json's default reader refuses nesting past 64 levels: the proof must fit it.
        using var document = JsonDocument.Parse(json);
        var continuations = document.RootElement.GetProperty("continuations");
        continuations.GetArrayLength().Should().Be(Steps / ProofText.FoldDepth);
        json.Should().Contain("\"continuation\": 0");
    }

    [Fact]
    public void A_conclusion_resting_on_more_texts_than_listed_says_so()
    {
        var (jsonExit, json, _) = CliRunner.Run("eval", chain, "--root", folder.Path, "--format", "json");
        jsonExit.Should().Be(0);
        using var document = JsonDocument.Parse(json);
        var last = document.RootElement.GetProperty("conclusions").EnumerateArray().Single(c => c.GetProperty("atom").GetString() == $"p{Steps}");
        last.GetProperty("sources").GetArrayLength().Should().Be(RestsOnIndex.Cap);
        last.GetProperty("sourcesCut").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void A_repl_submission_explains_the_whole_chain_on_a_stack_that_holds_it()
    {
        // A submission ran on a pool thread, whose stack a proof 10,000 steps deep overflows, ending the process.
        const int depth = 10_000;
        var deep = folder.Write("deep.policy", "fact q0\n" + string.Concat(Enumerable.Range(0, depth).Select(i => $"if q{i} then q{i + 1}\n")));
        var output = Repl.Interactive.ReplSession.Run($"Why(\"q{depth}\").ToString().Split('\\n').Length\n", [deep]);
        output.Should().Contain($"\n{depth + 1 + (depth / ProofText.FoldDepth)}\n", "one line per step and per fold, and the session goes on");
    }
}
