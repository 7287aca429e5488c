using System.Text.RegularExpressions;
using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// Saying what the texts say: cited rules and analyst judgments, constraints between texts, conditional claims, and
/// the competing-hypotheses matrix, as an analyst meets them on the samples and on small files.
/// </summary>
public sealed class TextsTests
{
    [Fact]
    public void The_debate_reports_the_contradiction_between_000_and_003_and_fails_without_its_acknowledgement()
    {
        var (exit, output, _) = CliRunner.Run("check", "samples/debate.policy");
        exit.Should().Be(0);
        output.Should().MatchRegex(@"info PD0058: constraint ""nothing to offer versus capital leverage"" is violated, as the argument expects: " +
            @"offer\(US, China\) = low is stated \(per nodeal#c3\); capital_leverage\(US, China\) follows from [^;]*enlist#f1[^;]*enlist#f2[^;]*enlist#c3");

        using var folder = TestPaths.CreateTempFolder();
        foreach (var sample in Directory.EnumerateFiles(TestPaths.Samples, "*.policy"))
        {
            folder.Write(Path.GetFileName(sample), File.ReadAllText(sample));
        }

        folder.Write(".policydsl-root", string.Empty);
        foreach (var seed in Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "seeds")))
        {
            folder.Write(Path.Combine("seeds", Path.GetFileName(seed)), File.ReadAllText(seed));
        }

        var debate = Path.Combine(folder.Path, "debate.policy");
        var text = File.ReadAllText(debate).Replace("../seeds/", "seeds/", StringComparison.Ordinal);
        var acknowledgement = Regex.Match(text, @"\nexpect ""000 and 003[^\n]*\n");
        acknowledgement.Success.Should().BeTrue();
        File.WriteAllText(debate, text.Remove(acknowledgement.Index + 1, acknowledgement.Length - 1));
        foreach (var file in Directory.EnumerateFiles(folder.Path, "*.policy"))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace("\"../seeds/", "\"seeds/", StringComparison.Ordinal));
        }

        var (failing, failed, _) = CliRunner.Run("check", debate);
        failing.Should().Be(1);
        failed.Should().MatchRegex(@"error PD0057: constraint ""nothing to offer versus capital leverage"" is violated: offer\(US, China\) = low is stated \(per nodeal#c3\); capital_leverage");
    }

    [Fact]
    public void Constraints_exclude_impossible_scenarios_and_make_probabilities_conditional()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        var file = folder.Write("exclusive.policy",
            "assume a with probability 0.5\nassume b with probability 0.5\nrule ra: if a then x\nrule rb: if b then y\nnever \"one at most\": a and b\nexpect violation of \"one at most\" in some scenario\n");

        var (exit, output, _) = CliRunner.Run("scenarios", file);
        exit.Should().Be(0);
        output.Should().Contain("scenarios: 4\npossible: 3 scenarios; excluded as impossible: 1 (\"one at most\" holds in 1, e.g. where a, b)")
            .And.Contain("open premises under the constraints: a 0.3333 (prior 0.5000), b 0.3333 (prior 0.5000)")
            .And.Contain("probabilities are conditional on the constraints");
        output.Should().MatchRegex(@"\n  x +some 1 +none +some 2 +0\.333333 +0 +a\n");

        var (_, json, _) = CliRunner.Run("scenarios", file, "--format", "json");
        json.Should().Contain("\"scenarios\": 3").And.Contain("\"excluded\": 1").And.Contain("\"excludedProbability\": 0.25");

        var (checkExit, check, _) = CliRunner.Run("check", file);
        checkExit.Should().Be(0);
        check.Should().Contain("info PD0058: constraint \"one at most\" is violated in some scenarios, as the argument expects: it holds in 1 of the 4 scenarios");

        // Flips: 'x' is settled by a alone; no set needs the impossible scenario, and the note says it is left out.
        var (_, flips, _) = CliRunner.Run("flips", file, "x");
        flips.Should().Contain("x: true in 1 of 3 scenarios").And.Contain("  true whenever     a\n").And.Contain("1 scenario is impossible");
    }

    [Fact]
    public void A_conditional_claim_is_checked_where_its_condition_holds_and_a_vacuous_one_is_reported()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        var file = folder.Write("when.policy",
            "assume a\nassume b\nrule r: if a then x\nexpect \"x wherever a\": x when a in all scenarios\nexpect \"x wherever b\": x when b in all scenarios\nexpect x when a and not a in some scenario\n");

        var (exit, output, _) = CliRunner.Run("check", file);
        exit.Should().Be(1);
        output.Should().Contain("error PD0051: expected x when b in all scenarios, but it holds in 1 of 2 scenarios where b holds; for example where not a, b");
        output.Should().Contain("warning PD0068: a and not a holds in none of the 4 scenarios");
        output.Should().NotContain("expected x when a in all");
    }

    [Fact]
    public void Why_shows_each_rules_citation_and_eval_says_which_conclusions_rest_on_analyst_judgments()
    {
        var (_, why, _) = CliRunner.Run("why", "samples/003-enlist-xi.policy", "worth trying(US, China)");
        why.Should().Contain("rule enlist_worth_trying; per enlist#c9 \"Talks that fall short still buy time\"")
            .And.Contain("rule enlist_capital; per analyst \"C5 calls American capital leverage;");

        var (_, eval, _) = CliRunner.Run("eval", "samples/003-enlist-xi.policy");
        eval.Should().MatchRegex(@"\n  worth_trying\(US, China\) +true [^\n]*\[rests on 1 analyst judgment: rule enlist_capital\]\n");
        eval.Should().MatchRegex(@"\n  flexible\(China\) +true +per [^\n\[]*\n", "a conclusion resting only on the text's steps names no judgment");

        var (_, support, _) = CliRunner.Run("support", "samples/003-enlist-xi.policy", "capital leverage(US, China)");
        support.Should().Contain("rests on 1 analyst judgment (steps no text states):\n  rule enlist_capital: C5 calls American capital leverage;");
    }

    [Fact]
    public void A_rule_without_a_citation_is_an_error_where_the_file_requires_sources()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        folder.Write("doc.md", "## One {#c1}\nWhen the harbour shuts, prices climb.\n");
        var file = folder.Write("port.policy",
            "argument \"Port\" requires sources\nsource port = \"doc.md\"\nfact harbour closed per port#c1 \"the harbour shuts\"\n" +
            "rule shortage: if harbour closed then prices rise\nrule cited: if harbour closed then ships wait\n  per port#c1 \"when the harbour shuts, prices climb\"\n" +
            "rule judged: if ships wait then queues\n  per analyst \"ships that wait make queues\"\nexpect prices rise\nexpect queues\n");

        var (exit, output, _) = CliRunner.Run("check", file);
        exit.Should().Be(1);
        output.Should().Contain("port.policy(4,6): error PD0047: this argument requires sources, but rule shortage cites none");
        Regex.Matches(output, "error PD").Should().HaveCount(1, "the cited rule and the analyst's judgment are fine");
    }

    [Fact]
    public void Matrix_prints_the_debate_and_its_json_follows_the_cells()
    {
        var (exit, output, _) = CliRunner.Run("matrix", "samples/debate.policy", "not deal(US, Russia)", "not split(Russia, China)", "backfires(US)", "deal(US, China)", "fulcrum(China)");
        exit.Should().Be(0);
        output.Should().Contain("  H4  deal(US, China)\n").And.MatchRegex(@"\n    offer\(US, China\) = low +- +- +- +I +-\n")
            .And.MatchRegex(@"\n    needs_capital\(China\) +- +- +- +C +-\n").And.Contain("least inconsistent evidence first");

        var (_, json, _) = CliRunner.Run("matrix", "samples/debate.policy", "deal(US, China)", "--format", "json");
        json.Should().Contain("\"premise\": \"offer(US, China) = low\"");
        Regex.IsMatch(json, @"""premise"": ""offer\(US, China\) = low""[\s\S]*?""cells"": \[\s*""inconsistent""").Should().BeTrue();

        var (defaultExit, defaults, _) = CliRunner.Run("matrix", "samples/003-enlist-xi.policy");
        defaultExit.Should().Be(0);
        defaults.Should().Contain("  H1  capital_leverage(US, China)\n").And.Contain("  H2  worth a shot: worth_trying(US, China)\n");
    }

    /// <summary>Every rule and constraint of the samples cites its text's claim or says it is the analyst's, with the reason.</summary>
    [Fact]
    public void Every_sample_rule_cites_a_text_or_the_analyst()
    {
        var checkedRules = 0;
        foreach (var file in Directory.EnumerateFiles(TestPaths.Samples, "*.policy").Order(StringComparer.Ordinal))
        {
            var tree = PolicyParser.Parse(new SourceText(file, File.ReadAllText(file))).Tree;
            foreach (var rule in tree.Statements.OfType<RuleStatement>())
            {
                checkedRules++;
                rule.Citation.Should().NotBeNull($"{Path.GetFileName(file)}: rule {rule.Name?.Name} must cite its text, or per analyst \"reason\"");
                if (rule.Citation!.IsAnalyst)
                {
                    rule.Citation.Quote?.Value.Should().NotBeNullOrWhiteSpace();
                }
                else
                {
                    rule.Citation.Anchor.Should().NotBeNull($"{Path.GetFileName(file)}: rule {rule.Name?.Name} cites a claim of its text");
                }
            }

            tree.Statements.OfType<NeverStatement>().Where(n => n.Citations.IsEmpty).Should().BeEmpty(Path.GetFileName(file));
        }

        checkedRules.Should().BeGreaterThan(40);
        var model = Analyzer.Analyze("samples/debate.policy");
        model.Rules.Should().OnlyContain(r => r.Citation != null);
    }
}
