using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Checking;

/// <summary>
/// Consistency across scenarios: an atom derived both ways in some combination of the open premises, though not
/// in the base evaluation, is an error with that scenario as the witness and both chains of reasoning; the
/// argument may acknowledge it with <c>expect conflict on atom in some scenario</c>.
/// </summary>
internal static class ScenarioConflicts
{
    public static IEnumerable<ExpectationOutcome> Check(GroundProgram program, Evaluation baseEvaluation, ScenarioExploration? exploration, IReadOnlyList<ExpectConflictSymbol> acknowledged, DiagnosticBag diagnostics)
    {
        var inBase = baseEvaluation.Conflicts().Select(c => c.Atom.Id).ToHashSet();
        var witnesses = exploration?.Conflicts.Where(c => !inBase.Contains(c.Key)).ToDictionary() ?? [];
        var explored = exploration is null || exploration.NotExplored is null;
        if (!explored)
        {
            // Never a silent cut: say that this check did not run.
            var premises = baseEvaluation.Premises;
            var first = premises.Open.Values.OrderBy(a => a.Location.Source.Path, StringComparer.Ordinal).ThenBy(a => a.Location.Span.Start).First();
            diagnostics.Report(DiagnosticCatalog.ScenariosNotExplored, first.Location.Source, first.Location.Span,
                $"conflicts across scenarios were not checked: {exploration!.NotExplored}");
        }

        var expected = acknowledged.GroupBy(e => e.Atom.ToString(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (atom, (evaluation, scenario)) in witnesses.OrderBy(w => w.Key))
        {
            var conflict = evaluation.Conflicts().First(c => c.Atom.Id == atom);
            ArgumentChecker.ReportConflict(evaluation, conflict, $" in the scenario where {scenario}", expected.GetValueOrDefault(conflict.Atom.Display),
                DiagnosticCatalog.ConflictInScenario, " in some scenario", diagnostics);
        }

        foreach (var expectation in acknowledged)
        {
            var id = program.FindAtom(expectation.Atom);
            var found = id is { } a && (witnesses.TryGetValue(a, out _) || baseEvaluation.Conflicts().Any(c => c.Atom.Id == a));
            if (!found)
            {
                diagnostics.Report(DiagnosticCatalog.ExpectedConflictMissing, expectation.Location.Source, expectation.Location.Span, explored
                    ? $"expected {expectation.Atom} to be in conflict in some scenario, but it is not in any; if the texts no longer disagree, remove this expectation"
                    : $"expected {expectation.Atom} to be in conflict in some scenario, but the scenarios are too many to explore here");
            }

            var proof = found && witnesses.TryGetValue(id!.Value, out var witness)
                ? new ProofNode($"{expectation.Atom} is in conflict", $"in the scenario where {witness.Scenario}", null, null, [])
                { Kind = ProofKind.Conflict, AtomId = id, Atom = expectation.Atom.ToString(), Truth = "conflict", Scenario = witness.Scenario }
                : null;
            yield return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, null, ScenarioQuantifier.Some, found, found ? "conflict in some scenario" : "no conflict", proof);
        }
    }
}
