using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Tests.Semantics;

/// <summary>
/// An atom's state in the words of a case file, read from each evaluator: <c>true</c>, <c>false</c>,
/// <c>unknown</c>, <c>conflict</c>, <c>true (contested)</c>, <c>false (contested)</c>; for a valued atom
/// <c>= 3</c>, <c>= 3 (contested)</c>, <c>= 3 | 4 (conflict)</c> or <c>unknown</c>.
/// </summary>
public static class States
{
    public static string Of(Evaluation evaluation, GroundAtom atom)
    {
        var contested = evaluation.IsContested(atom.Id) ? " (contested)" : string.Empty;
        if (atom.IsValued)
        {
            return Valued(evaluation.ValuesOf(atom.Id), contested);
        }

        return evaluation.TruthOf(atom.Id) switch
        {
            Truth.Unknown => "unknown",
            Truth.Conflict => "conflict",
            var truth => truth.Text() + contested,
        };
    }

    /// <summary>
    /// From the decision diagrams: whether each plane holds with every premise present, and whether all its supports
    /// pass through a conflict. A valued atom's candidates are the values the fixpoint found (the sweep and brute force
    /// catch a value it lacks).
    /// </summary>
    public static string Of(SupportAnalysis supports, GroundAtom atom, IReadOnlyList<Value> candidates)
    {
        int[] all = [.. Enumerable.Range(0, supports.Premises.Count)];
        if (atom.IsValued)
        {
            var values = candidates.Where(v => supports.HoldsOn(Plane.Valued(atom.Id, v), all)).ToList();
            var contested = values.Count == 1 && supports.Of(Plane.Valued(atom.Id, values[0])).Contested ? " (contested)" : string.Empty;
            return Valued(values, contested);
        }

        var holds = supports.HoldsOn(Plane.True(atom.Id), all);
        var fails = supports.HoldsOn(Plane.False(atom.Id), all);
        return (holds, fails) switch
        {
            (true, true) => "conflict",
            (false, false) => "unknown",
            _ => (holds ? "true" : "false") + (supports.Of(holds ? Plane.True(atom.Id) : Plane.False(atom.Id)).Contested ? " (contested)" : string.Empty),
        };
    }

    /// <summary>From the explanation a user gets for <c>why ATOM</c> (and <c>why not ATOM</c> when it is false).</summary>
    public static string Of(ArgumentAnalysis analysis, GroundAtom atom, string? scenario)
    {
        var root = analysis.Explain(atom.Display, whyNot: false, scenario);
        if (atom.IsValued)
        {
            return root.Kind == ProofKind.Values
                ? "= " + string.Join(" | ", root.Children.Select(c => c.Value?.ToString() ?? "?").Order(StringComparer.Ordinal)) + (root.Truth == "conflict" ? " (conflict)" : $" ({root.Truth})")
                : root.Value is { } value ? $"= {value}" + (root.Contested ? " (contested)" : string.Empty) : root.Truth ?? $"no truth on a {root.Kind} step";
        }

        if (root.Truth == "false")
        {
            // 'why p' on a false atom says why p does not hold; its proof is asked as 'why not p'.
            root = analysis.Explain("not " + atom.Display, whyNot: false, scenario);
        }

        // An atom in conflict: 'why p' shows the chain to p, marked as in conflict, with the other side beside it.
        return root.Truth switch
        {
            "true" or "false" when root.InConflict => "conflict",
            "true" or "false" => root.Truth + (root.Contested ? " (contested)" : string.Empty),
            null => $"no truth on a {root.Kind} step",
            var truth => truth,
        };
    }

    private static string Valued(IReadOnlyList<Value> values, string contested) => values.Count switch
    {
        0 => "unknown",
        1 => $"= {values[0]}{contested}",
        _ => "= " + string.Join(" | ", values.Select(v => v.ToString()).Order(StringComparer.Ordinal)) + " (conflict)",
    };

    /// <summary>
    /// From the sweep: in how many scenarios the atom is in each state (true, false, contested, conflict, unknown;
    /// for a valued atom each value it takes, as <c>= 3</c>, beside contested, conflict and unknown).
    /// </summary>
    public static Dictionary<string, long> Counts(SweepResult sweep, GroundAtom atom)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var id = atom.Id;
        var conflict = sweep.Conflicting[id];
        var contested = sweep.ContestedIn(id);
        var clean = sweep.TrueIn(id) + sweep.FalseIn(id);
        if (atom.IsValued)
        {
            foreach (var tally in sweep.ValuesOf(id))
            {
                counts["= " + tally.Value] = tally.TrueIn;
            }
        }
        else
        {
            counts["true"] = sweep.TrueIn(id);
            counts["false"] = sweep.FalseIn(id);
        }

        counts["contested"] = contested;
        counts["conflict"] = conflict;
        counts["unknown"] = sweep.Scenarios - clean - contested - conflict;
        return counts;
    }
}

/// <summary>The sweep's figures by brute force: the fixpoint engine on every scenario of the open premises.</summary>
public sealed class BruteForce
{
    private readonly Dictionary<string, double>[] weights;
    private readonly double possible;

    private BruteForce(long scenarios, long excluded, Dictionary<string, long>[] counts, Dictionary<string, double>[] weights, double possible)
    {
        Scenarios = scenarios;
        Excluded = excluded;
        Counts = counts;
        this.weights = weights;
        this.possible = possible;
    }

    public long Scenarios { get; }

    public long Excluded { get; }

    /// <summary>Per atom id, the scenarios in each state (as <see cref="States.Counts"/> names them).</summary>
    public IReadOnlyList<Dictionary<string, long>> Counts { get; }

    /// <summary>The probability of a state (true, contested, conflict) over the scenarios no constraint excludes.</summary>
    public double Probability(int atom, string state) => possible == 0 ? 0 : weights[atom].GetValueOrDefault(state) / possible;

    public static BruteForce Of(ScenarioSpace space)
    {
        var program = space.Program;
        var n = program.Atoms.Count;
        var counts = Enumerable.Range(0, n).Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();
        var weights = Enumerable.Range(0, n).Select(_ => new Dictionary<string, double>(StringComparer.Ordinal)).ToArray();
        long scenarios = 0, excluded = 0;
        double possible = 0;
        var open = space.Open;
        var choice = new int[open.Count];
        while (true)
        {
            var assignment = open.Select((p, i) => (p.Atom, p.Choices[choice[i]].Value, p.Choices[choice[i]].Holds)).ToList();
            var weight = open.Select((p, i) => (double)p.Choices[choice[i]].Probability).Aggregate(1.0, (a, b) => a * b);
            var evaluation = FixpointEngine.Evaluate(program, space.Premises.With("brute force", assignment));
            if (space.Constraints.Any(c => evaluation.Violates(c.Condition)))
            {
                excluded++;
            }
            else
            {
                scenarios++;
                possible += weight;
                foreach (var atom in program.Atoms)
                {
                    foreach (var state in StatesIn(evaluation, atom))
                    {
                        // A valued atom's clean single value is counted by its value; its weight is P(true).
                        if (!(atom.IsValued && state == "true"))
                        {
                            counts[atom.Id][state] = counts[atom.Id].GetValueOrDefault(state) + 1;
                        }

                        weights[atom.Id][state] = weights[atom.Id].GetValueOrDefault(state) + weight;
                    }
                }
            }

            var k = 0;
            while (k < choice.Length && ++choice[k] == open[k].Choices.Count)
            {
                choice[k++] = 0;
            }

            if (k == choice.Length)
            {
                break;
            }
        }

        return new BruteForce(scenarios, excluded, counts, weights, possible);
    }

    /// <summary>The categories one scenario counts an atom in (a valued atom: its state, and its value when that is its one clean value).</summary>
    private static IEnumerable<string> StatesIn(Evaluation evaluation, GroundAtom atom)
    {
        var state = States.Of(evaluation, atom);
        if (atom.IsValued)
        {
            // A value is counted where it is the atom's one value cleanly; a conflict or a contested value is counted as that.
            var values = evaluation.ValuesOf(atom.Id);
            var category = values.Count == 0 ? "unknown" : values.Count > 1 ? "conflict" : state.EndsWith("(contested)", StringComparison.Ordinal) ? "contested" : "true";
            if (category == "true")
            {
                yield return "= " + values[0];
            }

            yield return category;
            yield break;
        }

        yield return state switch
        {
            "true (contested)" or "false (contested)" => "contested",
            _ => state,
        };
    }
}
