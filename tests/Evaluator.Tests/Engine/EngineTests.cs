using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Evaluator.Tests.Engine;

public class EngineTests
{
    internal const string Vocabulary = "scale stake = none < low < medium < high < vital\ntype actor = US | Russia (Russian) | China (Chinese) | Ukraine\n";

    /// <summary>Checks text as if it were t.policy at the repository root (it is never written), so reports print stable paths.</summary>
    internal static ArgumentReport Check(string text) =>
        ArgumentChecker.Check(Analyzer.Analyze(Workspace.FromText(Path.Combine(TestPaths.RepoRoot, "t.policy"), text)));

    internal static Truth TruthOf(ArgumentReport report, string atom) =>
        report.Base!.Program.AtomNamed(atom) is { } id ? report.Base.TruthOf(id) : Truth.Unknown;

    /// <summary>Kleene's tables for and, or and not, with each operand true, false or unknown (an open premise).</summary>
    [Theory]
    [InlineData("fact a", "fact b", Truth.True, Truth.True, Truth.False)]
    [InlineData("fact a", "fact not b", Truth.False, Truth.True, Truth.False)]
    [InlineData("fact a", "assume b", Truth.Unknown, Truth.True, Truth.False)]
    [InlineData("fact not a", "fact not b", Truth.False, Truth.False, Truth.True)]
    [InlineData("fact not a", "assume b", Truth.False, Truth.Unknown, Truth.True)]
    [InlineData("assume a", "assume b", Truth.Unknown, Truth.Unknown, Truth.Unknown)]
    public void Kleene_tables(string a, string b, Truth and, Truth or, Truth notA)
    {
        var report = Check($"{a}\n{b}\nif a and b then and_holds\nif not (a and b) then and_fails\n" +
            "if a or b then or_holds\nif not (a or b) then or_fails\nif not a then not_a_holds\nif a then not_a_fails\n");
        report.HasErrors.Should().BeFalse(string.Join("\n", report.Diagnostics));
        Expect(report, "and", and);
        Expect(report, "or", or);
        Expect(report, "not_a", notA);
    }

    private static void Expect(ArgumentReport report, string name, Truth truth)
    {
        TruthOf(report, name + "_holds").Should().Be(truth == Truth.True ? Truth.True : Truth.Unknown, name);
        TruthOf(report, name + "_fails").Should().Be(truth == Truth.False ? Truth.True : Truth.Unknown, name);
    }

    [Fact]
    public void Nothing_is_false_merely_because_it_is_missing()
    {
        var report = Check("fact a\nassume b\nif a and not b then c\n");
        TruthOf(report, "c").Should().Be(Truth.Unknown);
    }

    [Fact]
    public void Comparisons_with_an_unknown_operand_are_unknown()
    {
        var report = Check(Vocabulary + "fact price(Russia) = vital\nassume offer(US, Russia) in [low, vital]\n" +
            "if offer(US, Russia) < price(Russia) then cheap\nif not (offer(US, Russia) < price(Russia)) then not_cheap\n");
        TruthOf(report, "cheap").Should().Be(Truth.Unknown);
        TruthOf(report, "not_cheap").Should().Be(Truth.Unknown);
    }

    [Fact]
    public void The_users_example_evaluates_as_expected()
    {
        var report = Check(Vocabulary + "fact US offer = low\nfact Russian price(Ukraine) = vital\nif US offer < Russian price(Ukraine) then no deal\nexpect no deal\n");
        report.HasErrors.Should().BeFalse();
        TruthOf(report, "no_deal").Should().Be(Truth.True);
        report.Expectations.Should().ContainSingle().Which.Passed.Should().BeTrue();

        var raised = Check(Vocabulary + "fact US offer = vital\nfact Russian price(Ukraine) = vital\nif US offer < Russian price(Ukraine) then no deal\n");
        TruthOf(raised, "no_deal").Should().Be(Truth.Unknown);
    }

    [Fact]
    public void Rules_are_grounded_only_where_their_conditions_can_match()
    {
        var report = Check(Vocabulary + "fact offer(US, Russia) = low\nfact offer(US, China) = high\nfact price(Russia) = vital\nfact price(China) = vital\n" +
            "rule no_bargain(x: actor): if offer(US, x) < price(x) then no_deal(US, x)\n");
        TruthOf(report, "no_deal(US, Russia)").Should().Be(Truth.True);
        TruthOf(report, "no_deal(US, China)").Should().Be(Truth.True);
        report.Program!.Rules.Should().HaveCount(2, "nothing states offer(US, US) or offer(US, Ukraine), so those instances are never built");
        report.Program.Viable.Count(v => v).Should().Be(2);
        Analysis.ConclusionTable.Of(report.Base!).Select(r => r.Atom.Display).Should().Equal("no_deal(US, Russia)", "no_deal(US, China)");
    }

    [Fact]
    public void Positive_recursion_reaches_a_fixpoint()
    {
        var report = Check("type node = A | B | C | D\nfact edge(A, B)\nfact edge(B, C)\nfact edge(C, D)\nfact edge(D, B)\n" +
            "rule base(x: node, y: node): if edge(x, y) then path(x, y)\n" +
            "rule step(x: node, y: node, z: node): if path(x, y) and edge(y, z) then path(x, z)\n");
        report.HasErrors.Should().BeFalse();
        TruthOf(report, "path(A, D)").Should().Be(Truth.True);
        TruthOf(report, "path(B, B)").Should().Be(Truth.True);
        TruthOf(report, "path(B, A)").Should().Be(Truth.Unknown);
    }

    [Fact]
    public void A_conflict_is_reported_with_both_chains_of_reasoning()
    {
        var report = Check("fact a\nfact c\nrule pro: if a then deal\nrule contra: if c then not deal\n");
        TruthOf(report, "deal").Should().Be(Truth.Conflict);
        var conflict = report.Diagnostics.Should().ContainSingle(d => d.Code == "PD0050").Subject;
        conflict.Message.Should().Contain("deal (rule pro, from a)").And.Contain("not deal (rule contra, from c)");
        conflict.Related.Should().HaveCount(2);
    }

    [Fact]
    public void Overrides_let_the_stronger_rule_stand_and_say_which_was_overridden()
    {
        var report = Check("fact a\nfact c\nrule pro: if a then deal\nrule contra overrides pro: if c then not deal\n");
        report.HasErrors.Should().BeFalse();
        TruthOf(report, "deal").Should().Be(Truth.False);
        report.Base!.Overrides().Should().ContainSingle().Which.Weaker.Rule.Name.Should().Be("pro");
    }

    [Fact]
    public void An_override_whose_condition_is_not_established_leaves_the_weaker_rule_standing()
    {
        var report = Check("fact a\nassume c\nrule pro: if a then deal\nrule contra overrides pro: if c then not deal\n");
        TruthOf(report, "deal").Should().Be(Truth.True);
    }

    [Fact]
    public void Unless_blocks_a_rule_only_when_the_exception_is_established()
    {
        Check("fact a\nfact e\nif a then b unless e\n").Should().Match<ArgumentReport>(r => TruthOf(r, "b") == Truth.Unknown);
        Check("fact a\nassume e\nif a then b unless e\n").Should().Match<ArgumentReport>(r => TruthOf(r, "b") == Truth.True);
        Check("fact a\nfact not e\nif a then b unless e\n").Should().Match<ArgumentReport>(r => TruthOf(r, "b") == Truth.True);
    }

    [Fact]
    public void Valued_conclusions_and_arithmetic()
    {
        var report = Check(Vocabulary + "fact trade(China, Russia) = $237B\nfact share = 40%\n" +
            "rule exposure(x: actor, y: actor): if trade(x, y) > $100B then exposure(x, y) = trade(x, y) * share\n" +
            "rule risk(x: actor): if exposure(x, Russia) >= $90B then risk(x) = high\n");
        report.HasErrors.Should().BeFalse();
        var program = report.Program!;
        report.Base!.ValuesOf(program.AtomNamed("exposure(China, Russia)")!.Value).Should().ContainSingle().Which.ToString().Should().Be("$94.8B");
        report.Base.ValuesOf(program.AtomNamed("risk(China)")!.Value).Single().ToString().Should().Be("high");
    }

    [Fact]
    public void Two_values_for_one_atom_are_a_conflict()
    {
        var report = Check(Vocabulary + "fact a\nrule r1: if a then level = low\nrule r2: if a then level = high\n");
        report.Diagnostics.Should().ContainSingle(d => d.Code == "PD0050").Which.Message.Should().Contain("level = low").And.Contain("level = high");
    }

    [Fact]
    public void Named_scenarios_replace_premises_and_carry_their_own_expectations()
    {
        var report = Check(Vocabulary + "fact offer(US, Russia) = low\nfact price(Russia) = vital\n" +
            "rule no_bargain(x: actor): if offer(US, x) < price(x) then no_deal(US, x)\n" +
            "rule bargain(x: actor): if offer(US, x) >= price(x) then not no_deal(US, x)\n" +
            "expect no_deal(US, Russia)\n" +
            "scenario \"Washington could trade Ukraine\" {\n  fact offer(US, Russia) = vital\n  expect not no_deal(US, Russia)\n}\n");
        report.HasErrors.Should().BeFalse(string.Join("\n", report.Diagnostics));
        report.Expectations.Should().HaveCount(2).And.OnlyContain(e => e.Passed);
        report.Expectations[1].Scenario.Should().Be("Washington could trade Ukraine");
    }

    [Fact]
    public void Expectations_over_scenarios_count_every_combination_of_open_premises()
    {
        var report = Check(Vocabulary + "assume china_values_capital with probability 0.3\nassume offer(US, China) in [low, high]\nfact price(China) = high\n" +
            "rule deal: if china_values_capital and offer(US, China) >= price(China) then deal(US, China)\n" +
            "expect deal(US, China) in some scenario\nexpect not deal(US, China) in all scenarios\n");
        report.Expectations[0].Passed.Should().BeTrue();
        report.Expectations[0].Detail.Should().Be("holds in 1 of 4 scenarios");
        report.Expectations[1].Passed.Should().BeFalse();
        report.Diagnostics.Should().ContainSingle(d => d.Code == "PD0051").Which.Message.Should()
            .Contain("holds in 0 of 4 scenarios");
    }

    [Fact]
    public void Why_traces_a_conclusion_down_to_its_cited_premises()
    {
        var report = Check(Vocabulary + "fact offer(US, Russia) = low\nfact price(Russia) = vital\n" +
            "rule no_bargain(x: actor): if offer(US, x) < price(x) then no_deal(US, x)\nrule tension: if no_deal(US, Russia) then rising_tension\n");
        var explainer = new Explainer(report.Base!);
        var proof = explainer.Why(Plane.True(report.Program!.AtomNamed("rising_tension")!.Value))!;
        ProofText.Render(proof).Should().Be(
            "rising_tension  [rule tension; t.policy:6:6]\n" +
            "└─ no_deal(US, Russia)  [rule no_bargain with x = Russia; t.policy:5:6]\n" +
            "   ├─ offer(US, Russia) = low  [premise; t.policy:3:1]\n" +
            "   └─ price(Russia) = vital  [premise; t.policy:4:1]\n");
    }

    [Fact]
    public void Why_not_names_the_condition_that_failed_or_is_unknown_for_each_rule()
    {
        var report = Check(Vocabulary + "fact offer(US, China) = high\nfact price(China) = vital\nassume xi_agrees\n" +
            "rule r1: if offer(US, China) >= price(China) then deal\nrule r2: if xi_agrees then deal\n");
        var text = ProofText.Render(new Explainer(report.Base!).WhyNot(Plane.True(report.Program!.AtomNamed("deal")!.Value)));
        text.Should().Contain("deal is not true (it is unknown)")
            .And.Contain("rule r1 does not apply  [its condition is false")
            .And.Contain("offer(US, China) >= price(China) is false  [high >= vital is false]")
            .And.Contain("rule r2 does not apply  [its condition is unknown")
            .And.Contain("xi_agrees is an open premise");
    }

    [Fact]
    public void Reports_are_deterministic()
    {
        const string text = Vocabulary + "fact offer(US, Russia) = low\nfact price(Russia) = vital\nfact a\n" +
            "rule no_bargain(x: actor): if offer(US, x) < price(x) then no_deal(US, x)\nrule p: if a then q\nrule n: if a then not q\n";
        var first = JsonReports.Evaluation(Check(text));
        first.Should().Contain("\"atom\": \"no_deal(US, Russia)\"").And.Contain("PD0050");
        JsonReports.Evaluation(Check(text)).Should().Be(first);
    }
}
