using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Evaluator.Tests.AnalysisService;

/// <summary>Issue 24, item 2: an analysis is a value of its model and context, and what a question costs does not depend on the questions asked before it.</summary>
public sealed class AnalysisValueTests
{
    private const string Argument = """
        fact a
        assume b
        rule r: if a and b then c
        expect c in some scenario
        scenario "b holds" {
          fact b
          expect c
        }
        """;

    private static ArgumentAnalysis Analyse() => ArgumentAnalysis.Of(Workspace.FromText(Path.Combine(TestPaths.RepoRoot, "samples", "value.policy"), Argument));

    [Fact]
    public void A_question_in_one_scenario_does_not_force_the_whole_check()
    {
        var analysis = Analyse();
        var inScenario = analysis.Baseline("b holds");
        analysis.IsChecked.Should().BeFalse("one scenario is evaluated on its own, not by checking the argument");
        inScenario.TruthOf(inScenario.Program.FindAtom(Bind(analysis, "c"))!.Value).Should().Be(Truth.True);

        // Asked after the check, the answer is the same.
        var checkedFirst = Analyse();
        _ = checkedFirst.Report;
        var after = checkedFirst.Baseline("b holds");
        States(after).Should().Equal(States(inScenario));
    }

    [Fact]
    public void Withdrawing_and_what_ifs_make_new_values_and_leave_the_analysis_asked_of_as_it_was()
    {
        var analysis = Analyse();
        var withdrawn = analysis.Without(["a"]);
        var whatIf = withdrawn.WithWhatIf("b");
        analysis.Context.IsAsWritten.Should().BeTrue();
        withdrawn.Context.Withdrawn.Select(w => (w.Name, w.Kind, w.Statements)).Should().Equal([("a", WithdrawnKind.Premise, 1)]);
        whatIf.Context.Withdrawn.Should().Equal(withdrawn.Context.Withdrawn, "a what-if keeps what was withdrawn");
        whatIf.Context.WhatIfs.Should().Equal(["b"]);
        withdrawn.Context.WhatIfs.Should().BeEmpty();
        whatIf.ContextIn("b holds").Scenario.Should().Be("b holds");
    }

    [Fact]
    public void In_a_scenario_every_question_without_one_of_its_own_is_answered_there()
    {
        var analysis = Analyse();
        var c = Bind(analysis, "c");
        analysis.Evaluated.TruthOf(analysis.Evaluated.Program.FindAtom(c)!.Value).Should().Be(Truth.Unknown);

        var within = analysis.In("b holds");
        within.Context.Scenario.Should().Be("b holds");
        within.Conclusions().Single(r => r.Atom.Display == "c").Truth.Should().Be(Truth.True);
        within.Explain("c", whyNot: false).Truth.Should().Be("true");
        within.CheckedReport.Expectations.Should().OnlyContain(e => e.Passed, "c holds in the scenario");
        within.WithWhatIf("not a").Context.Scenario.Should().Be("b holds", "a what-if is asked within the scenario it is added to");
        within.WithWhatIf("not a").Conclusions().Single(r => r.Atom.Display == "c").Truth.Should().Be(Truth.Unknown);
        within.Without(["a"]).Context.Scenario.Should().Be("b holds", "a withdrawal keeps the scenario");
        FluentActions.Invoking(() => analysis.In("nosuch")).Should().Throw<QuestionException>().WithMessage("*no scenario is named \"nosuch\"*");
    }

    private static Dsl.Semantics.BoundAtom Bind(ArgumentAnalysis analysis, string atom) => ((BoundTruth)analysis.Bind(atom, "atom").Expression!).Atom;

    private static List<string> States(Evaluation evaluation) =>
        [.. evaluation.Program.Atoms.Select(a => $"{a.Display} {evaluation.TruthOf(a.Id)}")];
}
