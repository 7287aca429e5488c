using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Checking;

/// <summary>
/// The <c>never</c> constraints: violated by the premises of an evaluation (an error naming, for each side, the
/// premises it follows from, unless the argument expects it), and holding in some of the scenarios, which are then
/// impossible (a warning with a witness, unless expected).
/// </summary>
internal static class ConstraintChecks
{
    /// <summary>How many premise sets that together violate a constraint a message lists.</summary>
    private const int ListedNogoods = 3;

    /// <summary>
    /// The constraints an evaluation violates. <paramref name="except"/> leaves out those the base argument already
    /// violates (a named scenario inherits them; they are reported once, for the argument).
    /// </summary>
    public static IEnumerable<ExpectationOutcome> Check(Evaluation evaluation, IReadOnlyList<ExpectViolationSymbol> expected, string? scenario, DiagnosticBag diagnostics,
        Func<ConstraintSymbol, bool>? except = null)
    {
        var program = evaluation.Program;
        var where = scenario is null ? string.Empty : $" in scenario \"{scenario}\"";
        var outcomes = new List<ExpectationOutcome>();
        var violated = new HashSet<ConstraintSymbol>();
        SupportAnalysis? supports = null;
        foreach (var constraint in program.Model.Constraints)
        {
            var condition = program.Compile(constraint.Condition, []);
            if (!evaluation.Violates(condition) || except?.Invoke(constraint) == true)
            {
                continue;
            }

            violated.Add(constraint);
            supports ??= SupportAnalysis.Compute(evaluation);
            var (text, related) = Describe(supports, constraint);
            if (expected.FirstOrDefault(e => e.Constraint == constraint) is { } acknowledgement)
            {
                diagnostics.Report(DiagnosticCatalog.AcknowledgedViolation, acknowledgement.Location.Source, acknowledgement.Location.Span,
                    $"constraint {constraint.Name} is violated{where}, as the argument expects: {text}", related);
                outcomes.Add(new ExpectationOutcome(acknowledgement.Text, acknowledgement.Label, acknowledgement.Location, scenario, ScenarioQuantifier.Base, true, "violated", null));
                continue;
            }

            diagnostics.Report(DiagnosticCatalog.ConstraintViolated, constraint.Location.Source, constraint.Location.Span,
                $"constraint {constraint.Name} is violated{where}: {text}; " +
                (scenario is null ? "the premises contradict each other, so withdraw or correct one side, " : "the scenario is impossible as written, so change what it fixes, ") +
                (constraint.Label is null
                    ? "or label the constraint and state 'expect violation of \"label\"' if the texts really contradict each other"
                    : $"or state 'expect violation of \"{constraint.Label}\"' if the texts really contradict each other"),
                related);
        }

        foreach (var expectation in expected.Where(e => e.Quantifier == ScenarioQuantifier.Base && !violated.Contains(e.Constraint)))
        {
            var truth = evaluation.TruthOf(program.Compile(expectation.Constraint.Condition, []));
            var already = except?.Invoke(expectation.Constraint) == true;
            if (already)
            {
                outcomes.Add(new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, scenario, ScenarioQuantifier.Base, true, "violated", null));
                continue;
            }

            diagnostics.Report(DiagnosticCatalog.ExpectedViolationMissing, expectation.Location.Source, expectation.Location.Span,
                $"expected constraint {expectation.Constraint.Name} to be violated{where}, but its condition is {truth.Text()}; if the texts no longer contradict each other, remove this expectation");
            outcomes.Add(new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, scenario, ScenarioQuantifier.Base, false, truth.Text(), null));
        }

        return outcomes;
    }

    /// <summary>
    /// The constraints that hold in some of the explored scenarios: those scenarios are impossible. Reported with the
    /// first such scenario and the premises that violate the constraint there, as information where the argument
    /// expects it (<c>expect violation of "label" in some scenario</c>).
    /// </summary>
    public static IEnumerable<ExpectationOutcome> CheckScenarios(GroundProgram program, ScenarioExploration? exploration, IReadOnlyList<ExpectViolationSymbol> expected, DiagnosticBag diagnostics,
        CancellationToken cancellation)
    {
        var outcomes = new List<ExpectationOutcome>();
        var reported = new HashSet<ConstraintSymbol>();
        if (exploration is not null && exploration.NotExplored is null)
        {
            var total = exploration.Scenarios + exploration.Excluded;
            for (var c = 0; c < exploration.Space.Constraints.Count; c++)
            {
                if (exploration.Violations[c] == 0 || exploration.FirstViolation[c] is not { } witness)
                {
                    continue;
                }

                var constraint = exploration.Space.Constraints[c].Constraint;
                reported.Add(constraint);
                var evaluation = FixpointEngine.Evaluate(program, exploration.Space.PremisesOf(witness), cancellation);
                var (text, related) = Describe(SupportAnalysis.Compute(evaluation, cancellation: cancellation), constraint);
                var counts = $"it holds in {exploration.Violations[c]:N0} of the {total:N0} scenarios, which are impossible and left out " +
                    $"({exploration.Excluded:N0} excluded by the constraints, {exploration.Scenarios:N0} possible)";
                var example = $"for example where {exploration.Space.Describe(witness)}: {text}";
                if (expected.FirstOrDefault(e => e.Constraint == constraint && e.Quantifier == ScenarioQuantifier.Some) is { } acknowledgement)
                {
                    diagnostics.Report(DiagnosticCatalog.AcknowledgedViolation, acknowledgement.Location.Source, acknowledgement.Location.Span,
                        $"constraint {constraint.Name} is violated in some scenarios, as the argument expects: {counts}; {example}", related);
                    outcomes.Add(new ExpectationOutcome(acknowledgement.Text, acknowledgement.Label, acknowledgement.Location, null, ScenarioQuantifier.Some, true,
                        $"violated in {exploration.Violations[c]:N0} of {total:N0} scenarios", null));
                    continue;
                }

                diagnostics.Report(DiagnosticCatalog.ScenariosExcluded, constraint.Location.Source, constraint.Location.Span,
                    $"constraint {constraint.Name}: {counts}; {example}; if the open premises are meant to exclude each other so, state " +
                    $"'expect violation of \"{constraint.Label ?? "label"}\" in some scenario'{(constraint.Label is null ? " (after labelling the constraint)" : string.Empty)}",
                    related);
            }
        }

        foreach (var expectation in expected.Where(e => e.Quantifier == ScenarioQuantifier.Some && !reported.Contains(e.Constraint)))
        {
            var why = exploration?.NotExplored is { } notExplored
                ? $"the scenarios were not explored: {notExplored}"
                : exploration is null ? "nothing is open, so there are no other scenarios" : "it holds in none of the scenarios";
            diagnostics.Report(exploration?.NotExplored is null ? DiagnosticCatalog.ExpectedViolationMissing : DiagnosticCatalog.TooManyScenarios,
                expectation.Location.Source, expectation.Location.Span,
                $"expected constraint {expectation.Constraint.Name} to be violated in some scenario, but {why}" +
                (exploration?.NotExplored is null ? "; if the texts no longer contradict each other there, remove this expectation" : string.Empty));
            outcomes.Add(new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, null, ScenarioQuantifier.Some, false, "not violated", null));
        }

        return outcomes;
    }

    /// <summary>
    /// A violation in words: each side of the constraint (its top-level 'and' parts) with the citations of the
    /// smallest set of premises it follows from, then the minimal sets of premises that together violate it.
    /// </summary>
    public static (string Text, RelatedLocation[] Related) Describe(SupportAnalysis supports, ConstraintSymbol constraint)
    {
        var program = supports.Evaluation.Program;
        var sides = Sides(constraint.Condition).ToList();
        if (supports.NotComputed is not null)
        {
            return ($"{constraint.Condition} holds (the premises behind it were not computed: {supports.NotComputed})", []);
        }

        var parts = sides.Select(side =>
        {
            var found = supports.OfCondition(program.Compile(side, []));
            return found.Supports.Count == 0 ? $"{side} holds"
                : found.Supports[0].Premises is [var only] && only.Statement == side.ToString()
                    ? $"{side} is {(only.IsAssumption ? "assumed there" : "stated")}{(only.Citation is { } c ? $" ({CitationText(c)})" : string.Empty)}"
                : $"{side} follows from {Premises(found.Supports[0])}";
        });
        var nogoods = supports.OfCondition(program.Compile(constraint.Condition, []));
        var text = string.Join("; ", parts);
        if (sides.Count > 1 && nogoods.Supports.Count > 0)
        {
            var listed = nogoods.Supports.Take(ListedNogoods).Select(n => "{" + string.Join(", ", n.Premises.Select(p => p.Statement)) + "}");
            var more = nogoods.Supports.Count - ListedNogoods;
            text += $"; together violated by {string.Join(" or ", listed)}" +
                (more > 0 || nogoods.Truncated ? $" and {(nogoods.Truncated ? "more" : more.ToString(System.Globalization.CultureInfo.InvariantCulture))} other sets" : string.Empty);
        }

        var related = nogoods.Supports.Take(1).SelectMany(n => n.Premises)
            .Select(p => new RelatedLocation(p.Location.Source, p.Location.Span, $"{p.Statement}{(p.Citation is { } c ? ", " + c.Reference : string.Empty)}"))
            .ToArray();
        return (text, related);
    }

    /// <summary>The premises of one support with their citations: "fact a (per src#c1), b (per analyst: reason)".</summary>
    private static string Premises(Support support) => string.Join(", ", support.Premises.Select(Premise));

    private static string Premise(SupportPremise premise)
    {
        var notes = new List<string>();
        if (premise.IsAssumption)
        {
            notes.Add("assumed there");
        }

        if (premise.Citation is { } citation)
        {
            notes.Add(CitationText(citation));
        }

        return notes.Count == 0 ? premise.Statement : $"{premise.Statement} ({string.Join("; ", notes)})";
    }

    private static string CitationText(Dsl.Semantics.Citation citation) =>
        citation.IsAnalyst ? $"the analyst's judgment: {citation.Quote}" : "per " + citation.Reference;

    private static IEnumerable<BoundExpression> Sides(BoundExpression condition) => condition is BoundBinary { Operator: BinaryOperator.And } and
        ? Sides(and.Left).Concat(Sides(and.Right))
        : [condition];
}
