using System.Xml.Linq;
using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// Issue 25's reproducers, as an analyst deciding how far to trust a conclusion asks them: no verb may say more than
/// the argument supports (a contested step, premises that contradict each other, a scenario, an analyst's judgment).
/// </summary>
public sealed class TrustTests
{
    /// <summary>Item 1: w has a clean support {d} and one through the conflict on p.</summary>
    private const string ContestedAlternative = "fact a\nfact b\nfact d\nrule pro: if a then p\nrule con: if b then not p\nrule s7: if p then w\nrule s8: if d then w\n" +
        "expect conflict on p\nexpect w\n";

    /// <summary>Item 2: the premises violate a constraint nothing acknowledges.</summary>
    private const string Inconsistent = "fact low_offer\nfact capital\nrule lev: if capital then leverage\nrule d: if leverage then deal\n" +
        "never \"cannot both\": low_offer and leverage\nexpect deal\n";

    private static string Write(TempFolder folder, string name, string text)
    {
        folder.Write(".policydsl-root", string.Empty);
        return folder.Write(name, text);
    }

    [Fact]
    public void Test_fails_a_run_whose_premises_violate_a_constraint_in_text_json_and_junit()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "inconsistent.policy", Inconsistent);

        var (exit, text, _) = CliRunner.Run("test", file);
        exit.Should().Be(1, "check fails this argument, so test must not pass it");
        text.Should().Contain("FAIL  ").And.Contain("inconsistent.policy:5  the premises violate no constraint [PD0057]")
            .And.Contain("constraint \"cannot both\" is violated").And.EndWith("1 passed, 1 failed\n");

        var (_, json, _) = CliRunner.Run("test", file, "--format", "json");
        json.Should().Contain("\"failed\": 1").And.Contain("\"code\": \"PD0057\"");

        var (_, junit, _) = CliRunner.Run("test", file, "--format", "junit");
        var cases = XDocument.Parse(junit).Descendants("testcase").ToList();
        cases.Should().HaveCount(2);
        cases.Single(c => c.Element("failure") is not null).Attribute("name")!.Value.Should().Contain("PD0057");
    }

    [Fact]
    public void Test_fails_a_run_with_an_unacknowledged_conflict_though_every_expectation_holds()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "conflict.policy", "fact a\nfact b\nfact x\nrule pro: if a then p\nrule con: if b then not p\nexpect x\n");

        var (exit, text, _) = CliRunner.Run("test", file);
        exit.Should().Be(1);
        text.Should().Contain("PASS  ").And.Contain("no unacknowledged conflict [PD0050]").And.EndWith("1 passed, 1 failed\n");

        // Acknowledged, the conflict is information: the run passes.
        var acknowledged = Write(folder, "acknowledged.policy", "fact a\nfact b\nfact x\nrule pro: if a then p\nrule con: if b then not p\nexpect conflict on p\nexpect x\n");
        CliRunner.Run("test", acknowledged).Exit.Should().Be(0);
    }

    [Fact]
    public void Retract_lists_a_conclusion_left_resting_only_on_a_conflict_as_now_contested()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "alternative.policy", ContestedAlternative);

        var (exit, text, _) = CliRunner.Run("retract", file, "d");
        exit.Should().Be(0);
        text.Should().Contain("now contested: still derived, but only through a conflict (1):\n  w  was true, now true, contested, resting on a (through a conflict)\n")
            .And.Contain("keep a support (0):");

        // test agrees: without d, expect w fails.
        CliRunner.Run("test", file, "--without", "d").Exit.Should().Be(1);

        var (_, json, _) = CliRunner.Run("retract", file, "d", "--format", "json");
        json.Should().Contain("\"nowContested\": [").And.Contain("\"clean\": false");
    }

    [Fact]
    public void Critical_counts_a_premise_whose_withdrawal_leaves_the_claim_only_contested()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "alternative.policy", ContestedAlternative);

        var (exit, text, _) = CliRunner.Run("critical", file, "w");
        exit.Should().Be(0);
        text.Should().Contain("critical premises: without any one of these it no longer holds cleanly (1):\n  d  (cites no source)")
            .And.Contain("(then contested: derived only through a conflict)");

        var (_, json, _) = CliRunner.Run("critical", file, "w", "--format", "json");
        json.Should().Contain("\"measure\": \"holdsCleanly\"").And.Contain("\"contestedSets\": [\n    [");
    }

    /// <summary>Scope, scenario-aware trust verbs: d is not critical to w with o unknown (a covers it), but where o holds, p is in conflict and w rests on d.</summary>
    [Fact]
    public void Critical_names_a_premise_the_claim_falls_without_in_some_scenario_in_text_json_and_the_report()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "scenarios.policy",
            "fact a\nfact d\nassume o with probability 0.3\nrule pa: if a then p\nrule con: if o then not p\nrule s7: if p then w\nrule s8: if d then w\n" +
            "expect w\nexpect conflict on p in some scenario\n");

        var (exit, text, _) = CliRunner.Run("critical", file, "w");
        exit.Should().Be(0, text);
        text.Should().Contain("critical premises: without any one of these it no longer holds cleanly (0):")
            .And.Contain("in the scenarios of the open premises (2 possible): w holds cleanly in all 2; p(holds cleanly) 1\n")
            .And.Contain("also critical there: without any one of these it no longer holds cleanly in some scenario where it did (1):\n  d  ")
            .And.Contain("->  holds cleanly in 1 of 2, derived only through a conflict in 1 of 2; p(holds cleanly) 0.7\n");

        var (_, json, _) = CliRunner.Run("critical", file, "w", "--format", "json");
        var scenarios = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("scenarios");
        scenarios.GetProperty("possible").GetInt64().Should().Be(2);
        var row = scenarios.GetProperty("fallsWithout").EnumerateArray().Single();
        row.GetProperty("withdrawn").GetString().Should().Be("d");
        row.GetProperty("criticalInEvaluation").GetBoolean().Should().BeFalse();
        row.GetProperty("after").GetString().Should().Contain("p(holds cleanly) 0.7");

        // Within the scenario where o holds, d is critical in the evaluation itself.
        var within = Write(folder, "within.policy", File.ReadAllText(file) + "scenario \"pressed\" {\n  fact o\n  expect conflict on p\n}\n");
        var (_, inScenario, _) = CliRunner.Run("critical", within, "w", "--scenario", "pressed");
        inScenario.Should().Contain("critical premises: without any one of these it no longer holds cleanly (1):\n  d  ");

        var report = Path.Combine(folder.Path, "report.html");
        CliRunner.Run("report", file, "-o", report).Exit.Should().Be(0);
        File.ReadAllText(report).Should().Contain("In the scenarios of the open premises (2 possible): <code>w</code> holds cleanly in all 2")
            .And.Contain("also critical there: without any one of these it no longer holds cleanly in some scenario where it did (1):<ul><li><code>d</code>");

        // A thesis that holds only in some scenarios is answered across them, not called contested.
        var enlist = Path.Combine(folder.Path, "enlist.html");
        CliRunner.Run("report", "samples/003-enlist-xi.policy", "-o", enlist).Exit.Should().Be(0);
        var html = File.ReadAllText(enlist);
        html.Should().Contain("<code>deal(US, China)</code> is <span class=\"state s-unknown\"><span class=\"label\">unknown</span></span> with the open premises unknown, and holds in 1 of the 2 possible scenarios")
            .And.Contain("its negation: not asked across scenarios")
            .And.Contain("critical above: <code>fdi(US, China, 2023) = $127B</code>");
        html.Should().NotContain("<code>deal(US, China)</code> is <span class=\"state s-unknown\"><span class=\"label\">unknown</span></span> <span class=\"note\">(rests only on a conflict");
    }

    /// <summary>Item 7: a value row counts only the scenarios where it is the atom's one clean value; the conflicting one is counted as a conflict.</summary>
    [Fact]
    public void Scenarios_counts_a_value_row_apart_from_the_scenarios_where_the_atom_is_in_conflict()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "level.policy",
            "scale level = low < high\nassume pressure with probability 0.3\nfact base_level = high\nrule keep: if base_level = high then level = high\n" +
            "rule press: if pressure then level = low\nexpect conflict on level in some scenario\n");

        var (exit, text, _) = CliRunner.Run("scenarios", file);
        exit.Should().Be(0, text);
        var rows = text.Split('\n');
        rows.Single(r => r.TrimStart().StartsWith("= high", StringComparison.Ordinal)).Split("  ", StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim())
            .Should().Equal("= high", "some 1", "some 1", "0.7", "0.3");
        rows.Single(r => r.TrimStart().StartsWith("= low", StringComparison.Ordinal)).Split("  ", StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim())
            .Should().Equal("= low", "none", "some 1", "0", "0.3");

        var (_, json, _) = CliRunner.Run("scenarios", file, "--format", "json");
        var level = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("conclusions").EnumerateArray().Single(c => c.GetProperty("atom").GetString() == "level");
        var high = level.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("value").GetString() == "high");
        (high.GetProperty("scenarios").GetInt64(), high.GetProperty("trueIn").GetInt64(), high.GetProperty("conflictIn").GetInt64(), high.GetProperty("trueProbability").GetDouble())
            .Should().Be((2L, 1L, 1L, 0.7));
    }

    [Fact]
    public void Critical_answers_a_claim_in_conflict_for_each_side()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "alternative.policy", ContestedAlternative);

        var (exit, text, _) = CliRunner.Run("critical", file, "p");
        exit.Should().Be(0);
        text.Should().StartWith("p is conflict: derived both ways").And.Contain("== side: p\n").And.Contain("== side: not p\n");
        text.Should().MatchRegex(@"== side: p\n\ncritical premises: without any one of these it is no longer derived \(1\):\n  a  ");
        text.Should().MatchRegex(@"== side: not p\n\ncritical premises: without any one of these it is no longer derived \(1\):\n  b  ");
    }

    [Fact]
    public void Why_shows_the_smallest_clean_proof_and_why_not_fails_on_a_conflict()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "alternative.policy", ContestedAlternative);

        var (exit, why, _) = CliRunner.Run("why", file, "w");
        exit.Should().Be(0, "w holds cleanly through d");
        why.Should().StartWith("w  [rule s8; the smallest clean one of 2 minimal supports").And.NotContain("IN CONFLICT");

        var (supportExit, support, _) = CliRunner.Run("support", file, "w");
        supportExit.Should().Be(0);
        support.Should().Contain("clean ones first").And.MatchRegex(@"support 1: 1 premise \(no source\)\n    d  ");

        var (whyNotExit, whyNot, _) = CliRunner.Run("why-not", file, "p");
        whyNotExit.Should().Be(1, "p is in conflict, as why says");
        whyNot.Should().StartWith("p holds  [IN CONFLICT");
    }

    [Fact]
    public void Retract_answers_over_every_scenario_and_within_one()
    {
        var (exit, text, _) = CliRunner.Run("retract", "samples/debate.policy", "enlist");
        exit.Should().Be(0);
        text.Should().Contain("in the scenarios of the open premises (4 possible before, 4 after)")
            .And.Contain("\n  deal(US, China)  true in some (2 of 4), false in some (2 of 4)  ->  false in all 4\n")
            .And.EndWith("in the evaluation or in any scenario\n");

        var (inExit, within, _) = CliRunner.Run("retract", "samples/debate.policy", "enlist", "--scenario", "Beijing values the bargain more than its alignment with Moscow");
        inExit.Should().Be(0);
        within.Should().StartWith("context: in scenario \"Beijing values the bargain more than its alignment with Moscow\"")
            .And.Contain("\n  deal(US, China)  true -> false\n");
    }

    [Fact]
    public void Eval_reads_judgments_and_sources_from_the_supports_not_from_one_derivation()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write("t.md", "# T\n\n## C1 {#c1}\n\np follows from a and b.\n");
        var file = Write(folder, "bridge.policy", "source t = \"t.md\"\nfact a\nfact b\nrule textual: if a and b then p\n  per t#c1 \"p follows from a and b\"\n" +
            "rule bridge: if a then p\n  per analyst \"my bridge\"\n");

        // p's only minimal support is {a}, through bridge: the textual rule needs b as well, so it is not a support.
        var (exit, text, _) = CliRunner.Run("eval", file);
        exit.Should().Be(0);
        text.Should().MatchRegex(@"\n  p  true  on premises that cite no source  \[rests on 1 analyst judgment: rule bridge\]\n");

        var (_, json, _) = CliRunner.Run("eval", file, "--format", "json");
        json.Should().Contain("\"sources\": [],").And.Contain("\"step\": \"rule bridge\"");

        var (_, support, _) = CliRunner.Run("support", file, "p");
        support.Should().Contain("through rule bridge (per analyst: the analyst's own step)").And.NotContain("through rule textual");
    }

    [Fact]
    public void The_debate_names_the_analysts_override_a_deal_with_Beijing_rests_on()
    {
        var (_, eval, _) = CliRunner.Run("eval", "samples/debate.policy", "--scenario", "Beijing values the bargain more than its alignment with Moscow");
        eval.Should().MatchRegex(@"\n  deal\(US, China\) +true +[^\n]*\[rests on 2 analyst judgments: rule enlist_capital, rule debate_offer_counts\]");

        var (_, whatIf, _) = CliRunner.Run("whatif", "samples/004-beijing-fulcrum.policy", "--set", "not China values bargain over alignment");
        whatIf.Should().Contain("  stalemate(US, Russia): unknown -> true\n    now resting on the what-if 'not values_bargain_over_alignment(China)', fulcrum#c1, fulcrum#c6\n" +
            "    and on 2 analyst judgments (steps no text states): rule fulcrum_stalemate, rule fulcrum_holds_back\n");
    }

    [Fact]
    public void A_conclusion_resting_on_premises_a_violated_constraint_names_is_marked_in_eval_why_and_test()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "inconsistent.policy", Inconsistent);
        const string Mark = "rests on premises the argument says cannot all hold (\"cannot both\")";

        CliRunner.Run("eval", file).Output.Should().MatchRegex(@"\n  deal +true +on premises that cite no source  \[rests on premises the argument says cannot all hold \(""cannot both""\)\]\n");
        CliRunner.Run("eval", file, "--format", "json").Output.Should().Contain("\"restsOnInconsistentPremises\": [\n        \"\\\"cannot both\\\"\"");

        var (_, why, _) = CliRunner.Run("why", file, "deal");
        why.Should().StartWith("deal  [INCONSISTENT PREMISES: " + Mark);

        CliRunner.Run("test", file).Output.Should().Contain("PASS  ").And.Contain("expect deal  -- " + Mark);

        // A conclusion with a support that avoids the nogood's premises is not marked.
        var avoided = Write(folder, "avoided.policy", Inconsistent + "fact other\nrule d2: if other then deal\n");
        CliRunner.Run("eval", avoided).Output.Should().NotMatchRegex(@"\n  deal [^\n]*cannot all hold");
    }

    [Fact]
    public void An_expectation_in_no_scenario_fails_where_the_claim_is_true_even_only_through_a_conflict()
    {
        using var folder = TestPaths.CreateTempFolder();
        var passing = Write(folder, "none.policy", "assume a\nassume b\nrule r: if a and b then c\nrule s: if a then d\nexpect c in some scenario\n" +
            "expect \"never e\": c and not c in no scenario\nexpect \"not d is never true\": not d in no scenario\n");
        var (exit, text, _) = CliRunner.Run("test", passing);
        exit.Should().Be(0, text);
        text.Should().Contain("expect \"never e\": c and not c in no scenario  -- holds in 0 of 4 scenarios");

        // q is true only through the conflict on p where a holds: that still counts against 'in no scenario'.
        var contested = Write(folder, "contested.policy", "fact t\nassume a\nrule pro: if t then p\nrule con: if a then not p\nrule follow: if p and a then q\n" +
            "expect conflict on p in some scenario\nexpect \"never q\": q in no scenario\n");
        var (failed, output, _) = CliRunner.Run("test", contested);
        failed.Should().Be(1);
        output.Should().Contain("FAIL  ").And.Contain("expect \"never q\": q in no scenario  -- holds in 0 of 2 scenarios (1 more only through a disputed step)");
        CliRunner.Run("check", contested).Output.Should().Contain("expected q in no scenario, but it holds in 0 of 2 scenarios (1 more only through a disputed step)")
            .And.Contain("only through a disputed step, which still counts");
    }

    [Fact]
    public void Tables_align_their_columns_say_ties_count_unknown_and_print_probabilities_exactly_enough()
    {
        using var folder = TestPaths.CreateTempFolder();
        // Short evidence names: the score rows once ran into their first column ("inconsistent1    0    1").
        var matrix = Write(folder, "m.policy", "fact a\nfact b\nrule r: if a then h1\nrule s: if b then not h2\nrule t: if a then h3\n");
        var (_, text, _) = CliRunner.Run("matrix", matrix, "h1", "h2", "h3");
        var lines = text.Split('\n');
        var header = lines.Single(l => l.StartsWith("  evidence", StringComparison.Ordinal));
        var scores = lines.Single(l => l.StartsWith("  inconsistent", StringComparison.Ordinal));
        foreach (var column in new[] { "H1", "H2", "H3" })
        {
            var at = header.IndexOf(column, StringComparison.Ordinal);
            scores[at].Should().NotBe(' ', $"the score under {column} starts where its header does:\n{header}\n{scores}");
            scores[at - 1].Should().Be(' ');
        }

        text.Should().Contain("H1 and H3 tie (0 each), H2 (1)");

        var sweep = Write(folder, "w.policy", "assume a with probability 0.25\nassume b with probability 0.375\nrule r: if a and b then c\n");
        CliRunner.Run("scenarios", sweep).Output.Should().MatchRegex(@"\n  conclusion +true in +false in +unknown in +p\(true\) +p\(false\) +depends on\n  c +some 1 +none +some 3 +0\.09375 +0 +a, b\n");
    }

    [Fact]
    public void Support_and_critical_answer_for_a_claim_that_holds_only_in_some_scenarios()
    {
        // Item 6: support said "no set of premises derives it" (exit 0) while critical refused the same claim (exit 2).
        var (exit, support, _) = CliRunner.Run("support", "samples/003-enlist-xi.policy", "deal(US, China)");
        exit.Should().Be(0);
        support.Should().StartWith("deal(US, China) is unknown with the open premises unknown; it holds in 1 of the 2 possible scenarios")
            .And.Contain("values_bargain_over_alignment(China)  [open premise: the value it needs]");

        var (criticalExit, critical, _) = CliRunner.Run("critical", "samples/003-enlist-xi.policy", "deal(US, China)");
        criticalExit.Should().Be(0);
        critical.Should().Contain("holds in 1 of the 2 possible scenarios").And.Contain("needs_capital(China)  per enlist#c3")
            .And.Contain("critical sources: without any one of these it is no longer derived (1): enlist");

        CliRunner.Run("critical", "samples/003-enlist-xi.policy", "deal(US, China)", "--format", "json").Output.Should().Contain("\"acrossScenarios\": {");
    }

    [Fact]
    public void Test_shows_a_passing_expectations_warnings_beside_its_PASS_and_strict_fails_them()
    {
        using var folder = TestPaths.CreateTempFolder();
        var file = Write(folder, "some.policy", "assume a\nfact t\nrule s: if t then d unless a\nexpect d\n");

        var (exit, text, _) = CliRunner.Run("test", file);
        exit.Should().Be(0);
        text.Should().MatchRegex(@"PASS  [^\n]*some.policy:4  expect d\n      warning PD0064: d holds while the open premises are unknown, but not in every scenario");
        CliRunner.Run("test", file, "--format", "json").Output.Should().Contain("\"warnings\": [").And.Contain("\"code\": \"PD0064\"");
        CliRunner.Run("test", file, "--strict").Exit.Should().Be(1);
    }

    [Fact]
    public void A_conflict_names_the_citation_of_each_side_premise_and_rule_alike()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write("t.md", "# T\n\n## C1 {#c1}\n\np follows from a and b.\n\n## C2 {#c2}\n\nNot p, says T.\n");
        var file = Write(folder, "sides.policy", "source t = \"t.md\"\nfact a per t#c1 \"p follows from a and b\"\nfact not p per t#c2 \"Not p, says T\"\n" +
            "rule pro: if a then p\n  per t#c1 \"p follows from a and b\"\nexpect a\n");

        CliRunner.Run("check", file).Output.Should().Contain("p (rule pro, per t#c1, from a (t#c1)) versus not p (a premise, per t#c2)");
    }
}
