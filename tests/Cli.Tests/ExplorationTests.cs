using FluentAssertions;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>Exploring as an analyst does (issue 16): any baseline, claims always answered, explanations without noise.</summary>
public sealed class ExplorationTests
{
    private const string Debate = "samples/debate.policy";
    private const string Values = "Beijing values the bargain more than its alignment with Moscow";

    [Fact]
    public void Whatif_prints_the_claims_asked_about_changed_or_not_and_marks_what_becomes_contested()
    {
        var (exit, output, _) = CliRunner.Run("whatif", Debate, "--set", "China values bargain over alignment", "--set", "not needs capital(China)", "deal(US, China)", "tension rises(US, Russia)");
        exit.Should().Be(0, "the conflict it creates is one the debate acknowledges");
        output.Should().Contain("  deal(US, China): false -> false (unchanged)\n")
            .And.Contain("  tension rises(US, Russia): true -> true, contested\n")
            .And.Contain("  tension_rises(US, Russia): true -> true, contested\n");
    }

    [Fact]
    public void Whatif_against_a_named_scenario_compares_within_it()
    {
        var (_, output, _) = CliRunner.Run("whatif", Debate, "--set", "not needs capital(China)", "--against", Values, "deal(US, China)");
        output.Should().StartWith($"context: in scenario \"{Values}\"\n").And.Contain("  deal(US, China): true -> false\n");
    }

    [Fact]
    public void Scenarios_and_flips_work_within_a_named_scenario()
    {
        var (exit, output, _) = CliRunner.Run("scenarios", Debate, "--scenario", Values);
        exit.Should().Be(0);
        // The crux is fixed there; what remains open is 001's ceasefire, on which nothing in the debate turns.
        output.Should().Contain("open premises: 1 (ceasefire(Ukraine)); scenarios: 2").And.MatchRegex(@"deal\(US, Russia\) +none +none +all 2");

        var (flipsExit, flips, _) = CliRunner.Run("flips", Debate, "--scenario", Values);
        flipsExit.Should().Be(0);
        flips.Should().Contain("37 claims are the same in every scenario");

        var (badExit, _, bad) = CliRunner.Run("scenarios", Debate, "--scenario", "nope");
        badExit.Should().Be(2);
        bad.Should().Contain("no scenario is named \"nope\"");
    }

    [Fact]
    public void An_acknowledged_conflict_is_reported_at_the_expectation_that_acknowledges_it_with_cited_chains()
    {
        var (_, output, _) = CliRunner.Run("check", Debate);
        output.Should().Contain("samples/debate.policy(32,1): info PD0053: deal(US, Russia) is in conflict in the scenario where")
            .And.Contain("offer(US, Russia) = low (nodeal#c3), price(Russia) = vital (nodeal#c4)")
            .And.NotContain("samples/000-no-deal-left.policy(27,6): info PD0053");
    }

    [Fact]
    public void Why_on_a_valued_atom_with_one_value_prints_its_header_once()
    {
        var (_, output, _) = CliRunner.Run("why", "samples/000-no-deal-left.policy", "price(Russia)");
        output.Should().Be("price(Russia) = vital  [premise; per nodeal#c4 \"Russia's price is Ukraine\"; samples/000-no-deal-left.policy:6:1]\n");
    }

    [Fact]
    public void Eval_within_a_named_scenario_shows_that_scenario_alone()
    {
        var (exit, output, _) = CliRunner.Run("eval", Debate, "--scenario", Values);
        exit.Should().Be(0);
        output.Should().StartWith($"argument: The debate").And.Contain($"scenario \"{Values}\":\n").And.NotContain("conclusions (open premises unknown)")
            .And.MatchRegex(@"\n  tension_rises\(US, Russia\) +true, contested");
    }

    [Fact]
    public void The_repl_gives_values_as_numbers_facts_with_their_quotations_and_every_row_of_a_query()
    {
        var output = PolicyDsl.Repl.Interactive.ReplSession.Run(
            "Facts.First(f => f.Relation == \"fdi\").Number - Facts.First(f => f.Relation == \"securities_held\").Number\n" +
            "Facts.First(f => f.Relation == \"needs_capital\").Quote\n? leverage(x, Russia)\n",
            [System.IO.Path.Combine(PolicyDsl.Testing.TestPaths.RepoRoot, "samples", "003-enlist-xi.policy")]);
        output.Should().Contain("\n-1073000000000.0\n").And.Contain("\"China depends on access to American money\"")
            .And.Contain("x = US       unknown").And.Contain("x = China    true");
    }

    [Fact]
    public void The_repl_computes_with_typed_values_in_csharp_and_in_queries_by_the_units_rule()
    {
        var output = PolicyDsl.Repl.Interactive.ReplSession.Run(
            "Facts.Single(f => f.Atom == \"framework_tariff_before(US, China)\").Value - Facts.Single(f => f.Atom == \"framework_tariff_after(US, China)\").Value\n" +
            "Facts.Single(f => f.Atom == \"framework_tariff_before(US, China)\").Value > Facts.Single(f => f.Atom == \"framework_tariff_after(US, China)\").Value\n" +
            "Facts.First(f => f.Relation == \"price\").Value - Facts.First(f => f.Relation == \"tariff\").Value\n" +
            "? framework tariff before(US, China) - framework tariff after(US, China)\n? tariff(x, US, Summer2025) * 2\n? price(Russia) - offer(US, Russia)\n",
            [System.IO.Path.Combine(PolicyDsl.Testing.TestPaths.RepoRoot, "samples", "000-no-deal-left.policy")]);
        output.Should().Contain("framework_tariff_after(US, China)\").Value\n10%\n").And.Contain("\ntrue\n")
            .And.Contain("InvalidOperationException: vital - 145%: a stake level and a percentage do not combine so")
            .And.Contain("? framework tariff before(US, China) - framework tariff after(US, China)\n10%\n")
            .And.Contain("x = China    60%").And.Contain("x = US       unknown")
            .And.Contain("error: PD0024");

        var (exit, _, error) = CliRunner.Run("why", "samples/000-no-deal-left.policy", "framework tariff before(US, China) - framework tariff after(US, China)");
        exit.Should().Be(2, "a verb asks about a claim or an atom");
        error.Should().Contain("is a value, not an atom").And.Contain("? framework tariff before(US, China) - framework tariff after(US, China)");
    }

    [Fact]
    public void Test_within_a_named_scenario_checks_the_arguments_claims_there()
    {
        var (exit, output, _) = CliRunner.Run("test", Debate, "--scenario", Values);
        exit.Should().Be(1, "within that scenario, the claims that need Beijing to keep its alignment fail");
        output.Should().StartWith($"context: in scenario \"{Values}\"")
            .And.Contain("PASS  samples/debate.policy:53  expect \"a deal with Beijing (003 over 000)\": deal(US, China)")
            .And.MatchRegex(@"FAIL  samples/debate.policy:47  expect ""no bargain with Beijing unless it values the bargain"": not deal\(US, China\) in some scenario[^\n]*holds in 0 of 2 scenarios")
            .And.Contain("10 passed, 3 failed");

        var (badExit, _, bad) = CliRunner.Run("test", Debate, "--scenario", "nope");
        badExit.Should().Be(2);
        bad.Should().Contain("--scenario \"nope\" names no scenario of the files checked (known: \"Beijing values its alignment with Moscow more\", \"Beijing values the bargain more than its alignment with Moscow\")");
    }

    [Fact]
    public void Why_shows_the_exceptions_and_overrides_it_checked_and_what_they_lack()
    {
        using var folder = PolicyDsl.Testing.TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        var file = folder.Write("checked.policy", "fact a\nassume e\nassume c\nrule r: if a then b unless e\nrule s overrides r: if c then not b\n");
        var (_, why, _) = CliRunner.Run("why", file, "b");
        why.Should().Contain("├─ unless e  [checked, not applied: the exception is not established (it is unknown)")
            .And.Contain("│  └─ e is not true (it is unknown)")
            .And.Contain("└─ not overridden by rule s  [checked: it does not apply, its condition is unknown");

        var (_, debate, _) = CliRunner.Run("why", Debate, "deal(US, China)", "--scenario", Values);
        debate.Should().Contain("└─ overrides rule nodeal_bargain with x = China  [checked, applied: its condition holds, and it would conclude not deal(US, China)");
    }

    [Fact]
    public void The_repl_sweeps_within_a_named_scenario_and_can_hide_undecided_query_rows()
    {
        var output = PolicyDsl.Repl.Interactive.ReplSession.Run(
            $":scenarios {Values}\n?? tension_rises(US, x)\n? tension_rises(US, x)\n",
            [System.IO.Path.Combine(PolicyDsl.Testing.TestPaths.RepoRoot, "samples", "debate.policy")]);
        output.Should().Contain($"(scenario \"{Values}\")\nopen premises: 1 (ceasefire(Ukraine)); scenarios: 2")
            .And.Contain("?? tension_rises(US, x)\nBindings    Answer\n----------  ------\nx = Russia  true\nx = China   true\n(2 rows)\n")
            .And.Contain("x = Ukraine  unknown");
    }

    [Fact]
    public void Test_coverage_counts_what_the_passing_expectations_exercise_and_fails_below_the_threshold()
    {
        var (exit, output, _) = CliRunner.Run("test", "samples/000-no-deal-left.policy", "samples/003-enlist-xi.policy", "--coverage");
        exit.Should().Be(0);
        output.Should().MatchRegex(@"\n  samples/000-no-deal-left.policy +rules 10/11 \(91%\) +instances 12/14 \(86%\) +premises 19/19 \(100%\)\n")
            .And.MatchRegex(@"\n  total +rules 16/17 \(94%\)")
            .And.Contain("rules no expectation exercises (1): claims nobody tests\n  nodeal_pressure  [samples/000-no-deal-left.policy:39:6]\n");

        var (below, belowOutput, _) = CliRunner.Run("test", "samples/000-no-deal-left.policy", "--threshold", "95");
        below.Should().Be(1, "91% of the rules is below 95%");
        belowOutput.Should().Contain("rule coverage 90.9% is below the threshold of 95%: the run fails");
        CliRunner.Run("test", "samples/003-enlist-xi.policy", "--threshold", "100").Exit.Should().Be(0);

        var (_, json, _) = CliRunner.Run("test", "samples/000-no-deal-left.policy", "--coverage", "--format", "json");
        json.Should().Contain("\"unexercisedRules\"").And.Contain("\"rule\": \"nodeal_pressure\"");
    }

    [Fact]
    public void The_tariff_figures_of_000_carry_the_dates_their_digest_gives()
    {
        // "What was the tariff before and after, and when": the engine answers the when too.
        var transcript = PolicyDsl.Repl.Interactive.ReplSession.Run("? framework tariff before(US, China)\n? framework tariff after(US, China)\n? framework proposed(US, China)\n? period start(November2025)\n", ["samples/000-no-deal-left.policy"]);
        transcript.Should().Contain("? framework tariff before(US, China)\n57%\n")
            .And.Contain("? framework tariff after(US, China)\n47%\n")
            .And.Contain("? framework proposed(US, China)\n2025-10-30\n")
            .And.Contain("? period start(November2025)\n2025-11-01\n");
        CliRunner.Run("why", "samples/000-no-deal-left.policy", "truce only(US, China)").Output
            .Should().Contain("framework_proposed(US, China) = 2025-10-30  [premise; per nodeal#f4").And.Contain("summit_date(US, China) = 2025-10-30");
    }

    [Fact]
    public void Init_creates_an_argument_a_digest_and_a_readme_that_check_and_test_clean_and_never_overwrites()
    {
        using var folder = PolicyDsl.Testing.TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        var target = System.IO.Path.Combine(folder.Path, "brief");
        var (exit, output, _) = CliRunner.Run("init", target, "--title", "A brief");
        exit.Should().Be(0);
        output.Should().StartWith("created ").And.Contain("\"Writing a digest\" in docs/language.md (#writing-a-digest)");
        System.IO.File.ReadAllText(System.IO.Path.Combine(PolicyDsl.Testing.TestPaths.RepoRoot, "docs", "language.md")).Should().Contain("<a id=\"writing-a-digest\"></a>", "init points there");
        var argument = System.IO.Path.Combine(target, "argument.policy");
        var text = System.IO.File.ReadAllText(argument);
        text.Should().StartWith("argument \"A brief\" requires sources\nsource text = \"digest.md\"\n").And.Contain("per text#c1");
        System.IO.File.ReadAllText(System.IO.Path.Combine(target, "digest.md")).Should().Contain("{#c1}");
        System.IO.File.ReadAllText(System.IO.Path.Combine(target, "README.md")).Should().Contain("policydsl check argument.policy").And.Contain("policydsl test argument.policy");
        CliRunner.Run("check", argument).Output.Should().Contain("0 errors, 0 warnings");
        CliRunner.Run("test", argument).Output.Should().Contain("1 passed, 0 failed");

        var (again, _, error) = CliRunner.Run("init", target);
        again.Should().Be(2);
        error.Should().Contain("already exists; init never overwrites");
        System.IO.File.ReadAllText(argument).Should().Be(text);
        System.IO.Directory.GetFiles(target).Should().NotContain(f => f.EndsWith(".tmp", StringComparison.Ordinal));

        var file = folder.Write("a-file", "x");
        CliRunner.Run("init", file).Exit.Should().Be(2, "a file is not a folder to create the argument in");
    }
}
