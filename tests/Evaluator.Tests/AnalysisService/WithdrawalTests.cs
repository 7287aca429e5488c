using FluentAssertions;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Evaluator.Tests.AnalysisService;

/// <summary>
/// Issue 26, item 4: withdrawing a text takes its reasoning with it. Withdrawing a source is the same as deleting,
/// from the text of the argument, every premise and every rule that cites it; 'rule NAME' and 'analyst' withdraw
/// one rule and every analyst judgment.
/// </summary>
public sealed class WithdrawalTests
{
    private static readonly string[] Texts = ["a", "b", "c"];

    private static string Debate => Path.Combine(TestPaths.Samples, "debate.policy");

    [Fact]
    public void Withdrawing_a_source_equals_deleting_its_premises_and_rules_from_the_text_in_every_scenario()
    {
        var enlist = Path.Combine(TestPaths.Samples, "003-enlist-xi.policy");
        // The rules are deleted from the text. The premises are withdrawn from the copy's model rather than deleted: a
        // file that never states an atom its rules read is refused (PD0020), and the withdrawal of premises alone is
        // checked against deletion by TrustPropertyTests.
        var deleted = DeletingStatements(File.ReadAllText(enlist), "rule enlist_", "per enlist#");
        deleted.Should().NotContain("\n  per enlist#").And.Contain("rule enlist_capital:", "a rule cited per analyst is not the text's");

        var withdrawn = ArgumentAnalysis.Load(Debate, TestPaths.RepoRoot).Without(["enlist"]);
        withdrawn.Withdrawn!.Rules.Select(r => r.Name).Should().Equal("enlist_flexible", "enlist_xi", "enlist_diversion", "enlist_worth_trying");
        var copyModel = Analyzer.Analyze(Workspace.Load(Debate, new Overlay(enlist, deleted), TestPaths.RepoRoot));
        copyModel.HasErrors.Should().BeFalse(string.Join("\n", copyModel.Diagnostics.Where(d => d.IsError).Select(d => d.ToString())));
        copyModel.Rules.Count.Should().Be(withdrawn.Written.Rules.Count - 4);
        var copy = ArgumentAnalysis.Of(copyModel.Without(f => f.Citation?.SourceName == "enlist", a => a.Citation?.SourceName == "enlist"));

        States(withdrawn.Evaluated).Should().Equal(States(copy.Evaluated), "in the evaluation");
        foreach (var scenario in withdrawn.Model.Scenarios.Select(s => s.Name))
        {
            States(withdrawn.Baseline(scenario)).Should().Equal(States(copy.Baseline(scenario)), "in scenario {0}", scenario);
        }

        var before = ByScenario(withdrawn.Evaluated);
        var after = ByScenario(copy.Evaluated);
        before.Keys.Should().Equal(after.Keys);
        before.Count.Should().BeGreaterThan(1, "the debate has open premises");
        foreach (var (scenario, states) in before)
        {
            states.Should().Equal(after[scenario], "in the scenario where {0}", scenario);
        }

    }

    /// <summary>A rule one text states over a premise another text states: withdrawing the first text takes the rule.</summary>
    [Fact]
    public void Withdrawing_a_source_takes_a_rule_it_states_over_another_texts_premise()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        folder.Write("a.md", "# A\n\nWhere x holds, y follows. {#c1}\n");
        folder.Write("b.md", "# B\n\nX holds. {#c1}\n");
        var file = folder.Write("two.policy", "source a = \"a.md\"\nsource b = \"b.md\"\nfact x per b#c1 \"X holds\"\nrule r: if x then y\n  per a#c1 \"y follows\"\nexpect y\n");
        var analysis = ArgumentAnalysis.Load(file, folder.Path);
        States(analysis.Evaluated).Should().ContainKey("y");

        var withoutA = analysis.Without(["a"]);
        withoutA.Withdrawn!.Resolved.Single().ToString().Should().Be("source a (1 rule: r)");
        States(withoutA.Evaluated).Should().NotContainKey("y", "a's reasoning goes with a, though b's premise stays");
        States(analysis.Without(["a#c1"]).Evaluated).Should().NotContainKey("y", "a claim of a text takes the rules citing it");
        States(analysis.Without(["b"]).Evaluated).Should().NotContainKey("y");
        States(analysis.Without(["rule r"]).Evaluated).Should().NotContainKey("y");

        // critical names both texts: b states the premise, a the reasoning.
        analysis.Critical("y").Sources.Should().Equal("a", "b");

        // With the rule's text cited by an open premise too, withdrawing it takes the premise from every scenario.
        var open = folder.Write("open.policy", "source a = \"a.md\"\nsource b = \"b.md\"\nfact x per b#c1 \"X holds\"\nassume z per a#c1 \"y follows\"\n" +
            "rule r: if x and z then y\n  per a#c1 \"y follows\"\nrule s: if x then y\n");
        var inScenarios = ArgumentAnalysis.Load(open, folder.Path).Critical("y").InScenarios;
        inScenarios.Standing.Should().Be("holds cleanly in all 2");
        inScenarios.Rows.Select(r => r.Withdrawn).Should().Equal(["x", "source b"], "rule s derives y from b's premise in every scenario without a");
    }

    [Fact]
    public void Rule_NAME_and_analyst_withdraw_one_rule_and_every_analyst_judgment()
    {
        var analysis = ArgumentAnalysis.Load(Debate, TestPaths.RepoRoot);
        var one = analysis.Without(["rule enlist_capital"]);
        one.Withdrawn!.Rules.Select(r => r.Name).Should().Equal("enlist_capital");
        one.Withdrawn.Resolved.Single().ToString().Should().Be("rule enlist_capital");
        States(one.Evaluated).Should().NotContainKey("capital_leverage(US, China)");

        var analyst = analysis.Without(["analyst"]);
        analyst.Withdrawn!.Rules.Should().NotBeEmpty().And.OnlyContain(r => r.Citation != null && r.Citation.IsAnalyst);
        analyst.Withdrawn.Rules.Count.Should().Be(analysis.Model.Rules.Count(r => r.Citation is { IsAnalyst: true }));
        analyst.Model.Rules.Should().NotContain(r => r.Citation != null && r.Citation.IsAnalyst);

        FluentActions.Invoking(() => analysis.Without(["rule enlist_capitol"])).Should().Throw<QuestionException>().WithMessage("*did you mean 'rule enlist_capital'?");
    }

    /// <summary>
    /// Against deletion from the text, on random arguments whose premises and rules cite one or two of three texts
    /// (or the analyst): withdrawing a set of texts equals deleting every statement all of whose citations are of
    /// them. Each atom a premise states is also the head of a rule that never fires, so deleting its premise leaves
    /// a valid argument.
    /// </summary>
    [Fact]
    public void Withdrawing_texts_equals_deleting_every_statement_only_they_state()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        foreach (var text in Texts)
        {
            folder.Write($"{text}.md", $"# {text}\n\nOne. {{#c1}}\n\nTwo. {{#c2}}\n");
        }

        var corroborated = 0;
        for (var seed = 1; seed <= 200; seed++)
        {
            var random = new Random(seed);
            string Cite() => random.Next(5) == 0 ? "per analyst \"mine\"" : random.Next(2) == 0 ? $"per {"abc"[random.Next(3)]}#c1 \"One\"" : $"per {"abc"[random.Next(3)]}#c2 \"Two\"";
            var statements = new List<(string Text, string[] Sources)>();
            string Cited(string statement)
            {
                var citations = Enumerable.Range(0, random.Next(1, 3)).Select(_ => Cite()).Distinct().ToList();
                statements.Add((statement + " " + string.Join("\n  ", citations), [.. citations.Select(c => c.Split(' ')[1].Split('#')[0])]));
                return statements[^1].Text;
            }

            var header = "source a = \"a.md\"\nsource b = \"b.md\"\nsource c = \"c.md\"\nassume never_open\n";
            var lines = new List<string>();
            for (var i = 1; i <= 4; i++)
            {
                lines.Add(Cited($"fact {(random.Next(4) == 0 ? "not " : string.Empty)}p{i}"));
                header += $"rule keep{i}: if never_open and not never_open then p{i}\n";
            }

            for (var r = 1; r <= 5; r++)
            {
                var body = string.Join(random.Next(2) == 0 ? " and " : " or ", Enumerable.Range(0, 2).Select(_ => $"{(random.Next(3) == 0 ? "not " : string.Empty)}p{random.Next(1, 5)}"));
                lines.Add(Cited($"rule r{r}: if {body} then {(random.Next(4) == 0 ? "not " : string.Empty)}c{random.Next(1, 4)}\n "));
            }

            corroborated += statements.Count(s => s.Sources.Distinct().Count() > 1);
            // Texts some statement cites (a name that withdraws nothing is refused, as it should be).
            var cited = statements.SelectMany(x => x.Sources).Where(Texts.Contains).Distinct().ToList();
            var withdrawn = cited.Where(_ => random.Next(2) == 0).DefaultIfEmpty(cited.FirstOrDefault() ?? "a").ToList();
            var file = folder.Write($"w{seed}.policy", header + string.Join("\n", lines) + "\n");
            var kept = statements.Where(s => !s.Sources.All(withdrawn.Contains)).Select(s => s.Text).ToList();
            var copy = folder.Write($"d{seed}.policy", header + string.Join("\n", kept) + "\n");

            var analysis = ArgumentAnalysis.Load(file, folder.Path);
            analysis.Program.Should().NotBeNull("seed {0}: {1}", seed, string.Join("\n", analysis.Model.Diagnostics.Where(d => d.IsError)));
            var expected = ArgumentAnalysis.Load(copy, folder.Path);
            expected.Program.Should().NotBeNull("seed {0}: {1}", seed, string.Join("\n", expected.Model.Diagnostics.Where(d => d.IsError)));
            States(analysis.Without(withdrawn).Evaluated).Should().Equal(States(expected.Evaluated), "seed {0}, without {1}:\n{2}", seed, string.Join(", ", withdrawn), File.ReadAllText(file));
        }

        corroborated.Should().BeGreaterThan(100, "the generator must make statements several texts state");
    }

    /// <summary>Every conclusion's state, with its contested mark, by atom.</summary>
    private static Dictionary<string, string> States(Evaluation evaluation) =>
        ConclusionTable.Of(evaluation).Where(r => r.State != "unknown").ToDictionary(r => r.Atom.Display, r => r.Marked, StringComparer.Ordinal);

    private static SortedDictionary<string, Dictionary<string, string>> ByScenario(Evaluation evaluation)
    {
        var space = new ScenarioSpace(evaluation.Program, evaluation.Premises);
        var result = new SortedDictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (choices, scenario, violated) in space.EnumerateAll())
        {
            result[space.Describe(choices)] = violated >= 0 ? new Dictionary<string, string> { ["(impossible)"] = "yes" } : States(scenario);
        }

        return result;
    }

    /// <summary>The text with every statement that starts with <paramref name="keyword"/> and contains <paramref name="marker"/> blanked out (line numbers kept).</summary>
    private static string DeletingStatements(string text, string keyword, string marker)
    {
        var lines = text.Split('\n');
        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            // A statement starts at a line that is not indented, blank or a comment, and runs over its indented lines.
            var starts = i == lines.Length || (lines[i].Length > 0 && !char.IsWhiteSpace(lines[i][0]) && !lines[i].StartsWith("//", StringComparison.Ordinal));
            if (!starts)
            {
                continue;
            }

            var end = i;
            while (end > start && (lines[end - 1].Trim().Length == 0 || lines[end - 1].StartsWith("//", StringComparison.Ordinal)))
            {
                end--;
            }

            if (lines[start].StartsWith(keyword, StringComparison.Ordinal) && string.Join('\n', lines[start..end]).Contains(marker, StringComparison.Ordinal))
            {
                for (var k = start; k < end; k++)
                {
                    lines[k] = string.Empty;
                }
            }

            start = i;
        }

        return string.Join('\n', lines);
    }

    /// <summary>The files on disk, one of them replaced by a text.</summary>
    private sealed class Overlay(string path, string text) : IFileProvider
    {
        public FileReadResult Read(string fullPath) =>
            Path.GetFullPath(fullPath) == Path.GetFullPath(path) ? new FileReadResult(text, FileReadError.None) : DiskFileProvider.Instance.Read(fullPath);
    }
}
