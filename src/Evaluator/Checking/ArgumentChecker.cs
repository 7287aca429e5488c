using System.Collections.Immutable;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Checking;

/// <summary>
/// Checks an analysed argument end to end: grounds and evaluates it (base and named scenarios), reports
/// unresolved conflicts with both chains of reasoning, and tests every expectation. Arguments with errors from
/// the earlier stages are not evaluated: their diagnostics are the report.
/// </summary>
public static class ArgumentChecker
{
    public static ArgumentReport Check(Model model, CancellationToken cancellation = default)
    {
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(model.Diagnostics);
        if (model.HasErrors)
        {
            return new ArgumentReport(model, null, null, [], [], diagnostics.ToSortedList());
        }

        var program = Grounder.Ground(model);
        ReportRulesThatNeverFire(program, diagnostics);
        var baseEvaluation = FixpointEngine.Evaluate(program, PremiseSet.Base(program), cancellation);
        var outcomes = new List<ExpectationOutcome>();

        ReportConflicts(baseEvaluation, model.ExpectConflicts.Where(e => e.Scenario is null), null, diagnostics);
        foreach (var expectation in model.Expectations.Where(e => e.Scenario is null))
        {
            outcomes.Add(CheckExpectation(program, baseEvaluation, expectation, diagnostics, cancellation));
        }

        outcomes.AddRange(model.ExpectConflicts.Where(e => e.Scenario is null && e.Quantifier == ScenarioQuantifier.Base).Select(e => CheckExpectedConflict(baseEvaluation, e, diagnostics)));
        outcomes.AddRange(ScenarioConflicts.Check(program, baseEvaluation, model.ExpectConflicts.Where(e => e.Scenario is null && e.Quantifier != ScenarioQuantifier.Base).ToList(), diagnostics, cancellation));

        var scenarios = new List<ScenarioEvaluation>();
        foreach (var scenario in model.Scenarios)
        {
            var evaluation = FixpointEngine.Evaluate(program, PremiseSet.ForScenario(program, scenario), cancellation);
            scenarios.Add(new ScenarioEvaluation(scenario, evaluation));
            ReportConflicts(evaluation, scenario.ExpectConflicts, scenario.Name, diagnostics);
            outcomes.AddRange(scenario.Expectations.Select(e => CheckExpectation(program, evaluation, e, diagnostics, cancellation)));
            outcomes.AddRange(scenario.ExpectConflicts.Select(e => CheckExpectedConflict(evaluation, e, diagnostics)));
        }

        outcomes.Sort((a, b) => Compare(a.Location, b.Location));
        return new ArgumentReport(model, program, baseEvaluation, scenarios, outcomes, diagnostics.ToSortedList());
    }

    /// <summary>
    /// A rule none of whose instances could fire under any premises (stated, open, or in a scenario): its condition
    /// needs something nothing establishes. Usually a typo in a polarity or a premise that was never written down.
    /// </summary>
    private static void ReportRulesThatNeverFire(GroundProgram program, DiagnosticBag diagnostics)
    {
        var firing = program.Rules.Where(r => program.Viable[r.Id]).Select(r => r.Rule).ToHashSet();
        foreach (var rule in program.Model.Rules.Where(r => r.Conclusion is not null && !firing.Contains(r)))
        {
            diagnostics.Report(DiagnosticCatalog.RuleNeverFires, rule.Location.Source, rule.Location.Span,
                $"{(rule.IsNamed ? "rule " + rule.Name : "this rule")} can never fire: whatever the open premises, its condition cannot hold, because something it needs " +
                "(a premise, or the opposite of one) is never stated, assumed or concluded; compare its condition with the premises");
        }
    }

    private static int Compare(SourceLocation a, SourceLocation b)
    {
        var c = string.CompareOrdinal(a.Source.Path, b.Source.Path);
        return c != 0 ? c : a.Span.Start.CompareTo(b.Span.Start);
    }

    internal static void ReportConflicts(Evaluation evaluation, IEnumerable<ExpectConflictSymbol> acknowledged, string? scenario, DiagnosticBag diagnostics)
    {
        var expected = acknowledged.Select(e => e.Atom.ToString()).ToHashSet(StringComparer.Ordinal);
        var where = scenario is null ? string.Empty : $" in scenario \"{scenario}\"";
        foreach (var conflict in evaluation.Conflicts())
        {
            ReportConflict(evaluation, conflict, where, expected.Contains(conflict.Atom.Display), DiagnosticCatalog.UnresolvedConflict, string.Empty, diagnostics);
        }
    }

    /// <summary>
    /// Reports one conflict: as information where the argument expects it, else as <paramref name="unresolved"/> with
    /// the advice to resolve it or to state the expectation (with <paramref name="quantifier"/>, e.g. " in some scenario").
    /// </summary>
    internal static void ReportConflict(Evaluation evaluation, Conflict conflict, string where, bool acknowledged, DiagnosticDescriptor unresolved, string quantifier, DiagnosticBag diagnostics)
    {
        var (versus, at, related) = DescribeConflict(evaluation, conflict);
        if (acknowledged)
        {
            diagnostics.Report(DiagnosticCatalog.AcknowledgedConflict, at.Source, at.Span,
                $"{conflict.Atom} is in conflict{where}, as the argument expects: {versus}", related);
            return;
        }

        diagnostics.Report(unresolved, at.Source, at.Span,
            $"{conflict.Atom} is derived both ways{where}: {versus}; " +
            $"decide with 'overrides' or an 'unless' exception, or state 'expect conflict on {conflict.Atom}{quantifier}' if the texts really disagree", related);
    }

    /// <summary>Both sides of a conflict on one line ("p (rule r, from a, b) versus not p (...)"), where to report it, and each side's location.</summary>
    private static (string Versus, SourceLocation At, RelatedLocation[] Related) DescribeConflict(Evaluation evaluation, Conflict conflict)
    {
        var explainer = new Explainer(evaluation);
        var first = Chain(explainer, conflict.First, conflict.FirstBy);
        var second = Chain(explainer, conflict.Second, conflict.SecondBy);
        var at = LocationOf(conflict.SecondBy) ?? LocationOf(conflict.FirstBy)!.Value;
        var related = new[] { first, second }.Where(r => r.Location is not null).Select(r => new RelatedLocation(r.Location!.Value.Source, r.Location.Value.Span, r.Text)).ToArray();
        return ($"{explainer.Describe(conflict.First)} ({first.Text}) versus {explainer.Describe(conflict.Second)} ({second.Text})", at, related);
    }

    private static SourceLocation? LocationOf(Derivation derivation) => derivation switch
    {
        PremiseDerivation p => p.Fact.Location,
        AssumptionDerivation a => a.Assume.Location,
        RuleDerivation r => r.Rule.Rule.Location,
        _ => null,
    };

    /// <summary>One side of a conflict as a line: the reason and the premises it rests on.</summary>
    private static (string Text, SourceLocation? Location) Chain(Explainer explainer, Plane plane, Derivation derivation)
    {
        var premises = explainer.Premises(plane, ChainPremises, out var more);
        var reason = derivation switch
        {
            PremiseDerivation => "a premise",
            AssumptionDerivation a => $"assumed in {a.Scenario}",
            RuleDerivation r => r.Rule.Describe() + (premises.Count > 0 ? ", from " + string.Join(", ", premises) + (more ? " and more (see why)" : string.Empty) : string.Empty),
            _ => "?",
        };
        return (reason, LocationOf(derivation));
    }

    /// <summary>How many premises a conflict's one-line chain names; `why` shows the rest.</summary>
    private const int ChainPremises = 12;

    private static ExpectationOutcome CheckExpectation(GroundProgram program, Evaluation evaluation, ExpectationSymbol expectation, DiagnosticBag diagnostics, CancellationToken cancellation)
    {
        var condition = program.Compile(expectation.Claim, ImmutableArray<Value>.Empty);
        var claimText = ClaimText(expectation);
        var explainer = new Explainer(evaluation);
        if (expectation.Quantifier == ScenarioQuantifier.Base)
        {
            var truth = evaluation.TruthOf(condition);
            var passed = truth == Truth.True;
            var explanation = explainer.WhyCondition(condition, claimText);
            if (!passed)
            {
                var hint = truth switch
                {
                    Truth.Unknown => "it is unknown: something it needs is neither established nor refuted (see why-not)",
                    Truth.Conflict => "it is in conflict: the argument derives it both ways",
                    _ => "it is false",
                };
                Fail(diagnostics, expectation.Location, $"expected {claimText}{In(expectation.Scenario)}, but {hint}");
            }

            return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, expectation.Quantifier, passed, truth.Text(), explanation);
        }

        var space = new ScenarioSpace(program, evaluation.Premises);
        if (!space.IsExhaustible)
        {
            diagnostics.Report(DiagnosticCatalog.TooManyScenarios, expectation.Location.Source, expectation.Location.Span,
                $"the {space.Open.Count} open premises make more than {ScenarioSpace.Limit:N0} scenarios, too many to explore exhaustively; fix some premises, or split the argument");
            return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, expectation.Quantifier, false, "not explored", null);
        }

        long holding = 0;
        int[]? witness = null;
        Evaluation? witnessEvaluation = null;
        foreach (var (choices, scenarioEvaluation) in space.Enumerate(cancellation))
        {
            var holds = scenarioEvaluation.TruthOf(condition) == Truth.True;
            holding += holds ? 1 : 0;
            var isWitness = expectation.Quantifier == ScenarioQuantifier.All ? !holds : holds;
            if (isWitness && witness is null)
            {
                witness = choices;
                witnessEvaluation = scenarioEvaluation;
            }
        }

        var ok = expectation.Quantifier == ScenarioQuantifier.All ? holding == space.Count : holding > 0;
        var detail = $"holds in {holding} of {space.Count} scenarios";
        ProofNode? proof = witnessEvaluation is null ? null : new Explainer(witnessEvaluation).WhyCondition(condition, claimText) with { Reason = $"in the scenario where {space.Describe(witness!)}" };
        if (!ok)
        {
            var message = expectation.Quantifier == ScenarioQuantifier.All
                ? $"expected {claimText} in all scenarios{In(expectation.Scenario)}, but it {detail}; it fails for example where {space.Describe(witness!)}"
                : $"expected {claimText} in some scenario{In(expectation.Scenario)}, but it holds in none of the {space.Count} scenarios";
            Fail(diagnostics, expectation.Location, message);
        }

        return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, expectation.Quantifier, ok, detail, proof);
    }

    private static ExpectationOutcome CheckExpectedConflict(Evaluation evaluation, ExpectConflictSymbol expectation, DiagnosticBag diagnostics)
    {
        var atom = evaluation.Program.FindAtom(expectation.Atom.ToString());
        var conflict = atom is { } id ? evaluation.Conflicts().FirstOrDefault(c => c.Atom.Id == id) : null;
        var truth = atom is { } a ? evaluation.TruthOf(a) : Truth.Unknown;
        if (conflict is null)
        {
            diagnostics.Report(DiagnosticCatalog.ExpectedConflictMissing, expectation.Location.Source, expectation.Location.Span,
                $"expected {expectation.Atom} to be in conflict{In(expectation.Scenario)}, but it is {truth.Text()}; if the texts no longer disagree, remove this expectation");
            return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, ScenarioQuantifier.Base, false, truth.Text(), null);
        }

        var explainer = new Explainer(evaluation);
        var children = new[] { explainer.Why(conflict.First), explainer.Why(conflict.Second) }.OfType<ProofNode>().ToList();
        var proof = new ProofNode($"{expectation.Atom} is in conflict", "derived both ways", null, null, children);
        return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, expectation.Scenario, ScenarioQuantifier.Base, true, "conflict", proof);
    }

    private static void Fail(DiagnosticBag diagnostics, SourceLocation location, string message) =>
        diagnostics.Report(DiagnosticCatalog.ExpectationFailed, location.Source, location.Span, message);

    private static string In(string? scenario) => scenario is null ? string.Empty : $" in scenario \"{scenario}\"";

    private static string ClaimText(ExpectationSymbol expectation) => expectation.Claim.ToString() ?? expectation.Text;
}
