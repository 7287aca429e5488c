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
    /// <summary>Without the bit-parallel sweep (valued open premises), scenarios are enumerated one by one up to this many.</summary>
    private const long ScalarLimit = 1 << 16;

    /// <summary>At most this many witness scenarios are evaluated in full to explain conflicts.</summary>
    private const int WitnessEvaluations = 64;

    public static IEnumerable<ExpectationOutcome> Check(GroundProgram program, Evaluation baseEvaluation, IReadOnlyList<ExpectConflictSymbol> acknowledged, DiagnosticBag diagnostics, CancellationToken cancellation)
    {
        var premises = baseEvaluation.Premises;
        var inBase = baseEvaluation.Conflicts().Select(c => c.Atom.Id).ToHashSet();
        var witnesses = new Dictionary<int, (Evaluation Evaluation, string Scenario)>();
        var explored = false;
        if (premises.Open.Count > 0 && BitSweep.Supports(program, premises))
        {
            var sweep = BitSweep.Run(program, premises, cancellation);
            var wanted = Enumerable.Range(0, program.Atoms.Count).Where(a => sweep.Conflicting[a] > 0 && !inBase.Contains(a)).ToHashSet();
            foreach (var scenario in sweep.ConflictScenarios().Take(WitnessEvaluations))
            {
                if (wanted.Count == 0)
                {
                    break;
                }

                var assignment = sweep.Open.Select((atom, i) => (atom, (Value?)null, ((scenario >> i) & 1) == 1)).ToList();
                var name = string.Join(", ", assignment.Select(a => a.Item3 ? program.Atoms[a.atom].Display : "not " + program.Atoms[a.atom].Display));
                var evaluation = FixpointEngine.Evaluate(program, premises.With(name, assignment), cancellation);
                foreach (var conflict in evaluation.Conflicts().Where(c => wanted.Remove(c.Atom.Id)))
                {
                    witnesses[conflict.Atom.Id] = (evaluation, name);
                }
            }

            explored = true;
        }
        else if (premises.Open.Count > 0)
        {
            var space = new ScenarioSpace(program, premises);
            if (space.Count > ScalarLimit)
            {
                // Never a silent cut: say that this check did not run.
                var first = premises.Open.Values.OrderBy(a => a.Location.Source.Path, StringComparer.Ordinal).ThenBy(a => a.Location.Span.Start).First();
                diagnostics.Report(DiagnosticCatalog.ScenariosNotExplored, first.Location.Source, first.Location.Span,
                    $"the {space.Open.Count} open premises make more than {ScalarLimit:N0} scenarios, and some have listed values, so conflicts across scenarios were not checked; " +
                    "true/false open premises are swept exhaustively up to 2^30 scenarios");
            }
            else
            {
                foreach (var (choices, evaluation) in space.Enumerate(cancellation))
                {
                    foreach (var conflict in evaluation.Conflicts().Where(c => !inBase.Contains(c.Atom.Id) && !witnesses.ContainsKey(c.Atom.Id)))
                    {
                        witnesses[conflict.Atom.Id] = (evaluation, space.Describe(choices));
                    }
                }

                explored = true;
            }
        }

        var expected = acknowledged.Select(e => e.Atom.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var (atom, (evaluation, scenario)) in witnesses.OrderBy(w => w.Key))
        {
            var conflict = evaluation.Conflicts().First(c => c.Atom.Id == atom);
            ArgumentChecker.ReportConflict(evaluation, conflict, $" in the scenario where {scenario}", expected.Contains(conflict.Atom.Display),
                DiagnosticCatalog.ConflictInScenario, " in some scenario", diagnostics);
        }

        foreach (var expectation in acknowledged)
        {
            var id = program.FindAtom(expectation.Atom.ToString());
            var found = id is { } a && (witnesses.TryGetValue(a, out _) || baseEvaluation.Conflicts().Any(c => c.Atom.Id == a));
            if (!found)
            {
                diagnostics.Report(DiagnosticCatalog.ExpectedConflictMissing, expectation.Location.Source, expectation.Location.Span, explored
                    ? $"expected {expectation.Atom} to be in conflict in some scenario, but it is not in any; if the texts no longer disagree, remove this expectation"
                    : $"expected {expectation.Atom} to be in conflict in some scenario, but the scenarios are too many to explore here");
            }

            var proof = found && witnesses.TryGetValue(id!.Value, out var witness)
                ? new ProofNode($"{expectation.Atom} is in conflict", $"in the scenario where {witness.Scenario}", null, null, [])
                : null;
            yield return new ExpectationOutcome(expectation.Text, expectation.Label, expectation.Location, null, ScenarioQuantifier.Some, found, found ? "conflict in some scenario" : "no conflict", proof);
        }
    }
}
