using System.Collections.Immutable;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>One row of a query's answer: the values of its variables, and the truth or value there.</summary>
public sealed record QueryRow(string Bindings, string Answer)
{
    public override string ToString() => Bindings.Length == 0 ? Answer : $"{Bindings}: {Answer}";
}

public sealed partial class ArgumentAnalysis
{
    /// <summary>
    /// Why a claim holds (<paramref name="whyNot"/> false) or does not: an atom (<c>p</c>), its negation
    /// (<c>not p</c>), a valued atom (<c>price(Russia)</c>: its values, or why it has none), or any condition.
    /// </summary>
    public ProofNode Explain(string claim, bool whyNot, string? scenario = null, bool allSupports = false) =>
        Explain(claim, whyNot, scenario, allSupports, ProofBounds.None);

    /// <summary>
    /// As <see cref="Explain(string, bool, string?, bool)"/>, within the bounds of a reader that proves many claims at
    /// once (a report): past a number of steps a conclusion proved in its own row is referred to, and only so many
    /// proofs are drawn from their smallest support (each needs an evaluation of its own).
    /// </summary>
    internal ProofNode Explain(string claim, bool whyNot, string? scenario, bool allSupports, ProofBounds bounds)
    {
        var evaluation = Baseline(scenario);
        var query = Bind(claim, "atom").Expression!;
        if (query is BoundAtomValue or BoundTruth or BoundNot { Operand: BoundTruth })
        {
            evaluation = Explaining(evaluation, RulePatterns.Atoms(query).First(), scenario);
        }

        var explainer = new Explainer(evaluation) { StepBudget = bounds.Steps, ProvedElsewhere = bounds.ProvedElsewhere };
        var program = evaluation.Program;
        if (query is BoundAtomValue valued)
        {
            return ExplainValue(explainer, evaluation, valued.Atom, whyNot);
        }

        // A plain atom or its negation asks about one plane; anything else is explained as a condition.
        var (atomExpression, wantFalse) = query switch
        {
            BoundTruth t => (t, false),
            BoundNot { Operand: BoundTruth t } => (t, true),
            _ => (null, false),
        };
        if (atomExpression is null)
        {
            return explainer.WhyCondition(program.Compile(query, ImmutableArray<Value>.Empty), claim);
        }

        if (program.FindAtom(atomExpression.Atom) is not { } atom)
        {
            return new ProofNode($"{atomExpression.Atom} is unknown", "no statement mentions it", null, null, []) { Kind = ProofKind.Missing, Atom = atomExpression.Atom.ToString(), Truth = "unknown" };
        }

        var plane = wantFalse ? Plane.False(atom) : Plane.True(atom);
        if (evaluation.DerivationOf(plane) is null)
        {
            return explainer.WhyNot(plane);
        }

        if (whyNot)
        {
            // It holds: why-not says so, with the proof why would give (the smallest clean support's first).
            var holds = explainer.WhyNot(plane);
            return bounds.BySupport && BySupports(evaluation, plane, all: false, bounds) is { } proof ? holds with { Children = [proof] } : holds;
        }

        return Inconsistency(evaluation, plane, (bounds.BySupport ? BySupports(evaluation, plane, allSupports, bounds) : null) ?? explainer.Why(plane)!);
    }

    /// <summary>The proof, its root saying so when every support of the plane uses premises a violated constraint says cannot all hold.</summary>
    private ProofNode Inconsistency(Evaluation evaluation, Plane plane, ProofNode proof)
    {
        var supports = SupportsOf(evaluation);
        if (supports.NotComputed is not null || evaluation.Program.Model.Constraints.Count == 0)
        {
            return proof;
        }

        var constraints = supports.Nogoods.RestedOnBy(supports.Of(plane));
        return constraints.Count == 0 ? proof : proof with
        {
            Reason = "INCONSISTENT PREMISES: " + Nogoods.Describe(constraints) + (proof.Reason.Length > 0 ? "; " + proof.Reason : string.Empty),
            RestsOnInconsistent = constraints,
        };
    }

    /// <summary>
    /// The proof of a plane drawn from its smallest minimal support (each evaluated from that support's premises
    /// alone, disputes marked as in the evaluation asked about), or from every support; null when supports are not
    /// computed, and the recorded proof is shown instead.
    /// </summary>
    private ProofNode? BySupports(Evaluation evaluation, Plane plane, bool all, ProofBounds bounds)
    {
        var found = SupportsOf(evaluation);
        if (found.NotComputed is not null)
        {
            return null;
        }

        var supports = found.Of(plane);
        if (supports.Supports.Count == 0)
        {
            return null;
        }

        ProofNode ProofOn(Support support)
        {
            var atoms = support.Premises.Select(p => p.Atom).ToHashSet();
            // A support that holds every premise is the evaluation itself: evaluating it again gives the same
            // fixpoint, and in a large argument (a long chain resting on one fact) costs a whole evaluation per proof.
            var premises = evaluation.Premises;
            var alone = premises.Facts.Keys.All(atoms.Contains) && premises.Open.Keys.All(atoms.Contains) && premises.Assigned.Keys.All(atoms.Contains)
                ? evaluation
                : FixpointEngine.Evaluate(evaluation.Program, premises.Keeping("support", atoms.Contains));
            return new Explainer(alone, evaluation) { StepBudget = bounds.Steps, ProvedElsewhere = bounds.ProvedElsewhere }.Why(plane)
                ?? new Explainer(evaluation) { StepBudget = bounds.Steps, ProvedElsewhere = bounds.ProvedElsewhere }.Why(plane)!;
        }

        var count = supports.Supports.Count;
        var more = supports.Truncated ? "+" : string.Empty;
        if (!all)
        {
            var smallest = ProofOn(supports.Supports[0]);
            return count == 1 && !supports.Truncated ? smallest : smallest with
            {
                Reason = smallest.Reason + (smallest.Reason.Length > 0 ? "; " : string.Empty) + $"the smallest {(supports.AlsoContested ? "clean one " : string.Empty)}of {count}{more} minimal supports ('why --all' shows every one)",
            };
        }

        var proofs = supports.Supports.Select((s, i) => ProofOn(s) with
        {
            Reason = $"support {i + 1} of {count}{more}: {s.Premises.Count} premise{(s.Premises.Count == 1 ? string.Empty : "s")}" + (s.Clean ? string.Empty : ", through a conflict"),
        }).ToList();
        var explainer = new Explainer(evaluation);
        var root = new ProofNode($"{explainer.Describe(plane)} holds", $"on {count}{more} minimal support{(count == 1 ? string.Empty : "s")}", null, null, proofs) { Kind = ProofKind.Holds };
        var atom = evaluation.Program.Atoms[plane.Atom];
        return root with
        {
            AtomId = atom.Id,
            Atom = atom.Display,
            Truth = plane.Kind == PlaneKind.True ? "true" : "false",
            InConflict = evaluation.IsConflicted(plane.Atom),
            Contested = evaluation.IsContested(plane),
        };
    }

    /// <summary>
    /// The evaluation to explain an atom in: the one asked of, or, when no instance there concludes the atom but a
    /// rule could, the same premises over a program that also grounds the instances that would conclude it (they
    /// cannot fire, so every state is the same), so the explanation can say what each of them lacks.
    /// </summary>
    private Evaluation Explaining(Evaluation evaluation, BoundAtom atom, string? scenario)
    {
        var program = evaluation.Program;
        if ((program.FindAtom(atom) is { } id && program.AllRulesConcluding(id).Any())
            || !Model.Rules.Any(r => r.Conclusion is { } c && RulePatterns.Fits(c.Atom, atom)))
        {
            return evaluation;
        }

        var (explained, _) = Grounder.TryGround(Model, [.. WhatIfs.Select(w => w.Fact)], [atom]);
        if (explained is null)
        {
            return evaluation;
        }

        var named = scenario is null ? null : Model.Scenarios.First(s => s.Name == scenario);
        var premises = named is null ? PremiseSet.Base(explained) : PremiseSet.ForScenario(explained, named);
        if (!WhatIfs.IsEmpty)
        {
            premises = premises.WithFacts(named?.Name ?? WhatIfName, WhatIfs.Select(w => (explained.FindAtom(w.Fact.Atom)!.Value, w.Fact)));
        }

        return FixpointEngine.Evaluate(explained, premises);
    }

    /// <summary>
    /// A conclusion of <see cref="Conclusions"/> explained as <see cref="Explain(string, bool, string?, bool)"/> would
    /// explain its atom, by its id: a report explains every conclusion, and binding each one's text again as a query
    /// would cost the whole model each time.
    /// </summary>
    internal ProofNode ExplainConclusion(ConclusionRow row, ProofBounds bounds)
    {
        var evaluation = Baseline(null);
        var explainer = new Explainer(evaluation) { StepBudget = bounds.Steps, ProvedElsewhere = bounds.ProvedElsewhere };
        var whyNot = row.Truth != Truth.True && row.Value is null;
        if (row.Atom.IsValued)
        {
            return ExplainValue(explainer, evaluation, row.Atom.Id, row.Atom.Display, whyNot);
        }

        var plane = Plane.True(row.Atom.Id);
        if (evaluation.DerivationOf(plane) is null)
        {
            return explainer.WhyNot(plane);
        }

        if (whyNot)
        {
            // It holds: why-not says so, with the proof why would give (the smallest clean support's first).
            var holds = explainer.WhyNot(plane);
            return bounds.BySupport && BySupports(evaluation, plane, all: false, bounds) is { } proof ? holds with { Children = [proof] } : holds;
        }

        return (bounds.BySupport ? BySupports(evaluation, plane, all: false, bounds) : null) ?? explainer.Why(plane)!;
    }

    /// <summary>A valued atom asked on its own: the proof of each value it has, or why it has none.</summary>
    private static ProofNode ExplainValue(Explainer explainer, Evaluation evaluation, BoundAtom atom, bool whyNot) =>
        evaluation.Program.FindAtom(atom) is { } id
            ? ExplainValue(explainer, evaluation, id, atom.ToString(), whyNot)
            : new ProofNode($"{atom} has no value", "no statement mentions it", null, null, []) { Kind = ProofKind.Missing, Atom = atom.ToString(), Truth = "unknown" };

    private static ProofNode ExplainValue(Explainer explainer, Evaluation evaluation, int id, string atom, bool whyNot)
    {

        var values = evaluation.ValuesOf(id);
        if (values.Count == 0)
        {
            return explainer.WhyNot(Plane.Valued(id, default)) with { Claim = $"{atom} has no value" };
        }

        var proofs = values.Select(v => explainer.Why(Plane.Valued(id, v))).OfType<ProofNode>().ToList();
        if (!whyNot && proofs.Count == 1)
        {
            // One value: its proof is the answer (a heading saying the same above it would print it twice).
            return proofs[0];
        }

        var node = whyNot
            ? new ProofNode($"{atom} has a value", $"it is {string.Join(" / ", values)}", null, null, proofs) { Kind = ProofKind.Holds }
            : new ProofNode($"{atom} = {string.Join(" / ", values)}", string.Empty, null, null, proofs) { Kind = ProofKind.Values };
        return node with { AtomId = id, Atom = atom, Truth = evaluation.TruthOf(id).Text(), Value = values.Count == 1 ? values[0] : null };
    }

    /// <summary>
    /// Answers a query: its truth or value, or for each binding of its variables the truth or value there (every
    /// binding, unknown ones included).
    /// </summary>
    public IReadOnlyList<QueryRow> Query(string text)
    {
        var evaluation = Evaluated;
        var query = Bind(text, "atom", variables: true, computations: true);
        var rows = new List<QueryRow>();
        foreach (var bindings in Assignments(query.Variables))
        {
            var label = string.Join(", ", query.Variables.Select((v, i) => $"{v.Name} = {bindings[i]}"));
            if (query.Expression is BoundAtomValue valued)
            {
                var atom = evaluation.Program.FindAtom(valued.Atom, bindings);
                var values = atom is { } id ? evaluation.ValuesOf(id) : [];
                rows.Add(new QueryRow(label, values.Count == 0 ? "unknown" : string.Join(" / ", values)));
                continue;
            }

            if (query.Expression is { Type.Kind: not (ValueKind.Boolean or ValueKind.Error) } computed)
            {
                // A computation over values: each value it can take (several where an atom is in conflict on its value).
                var values = evaluation.ValuesOf(evaluation.Program.CompileValue(computed, bindings));
                rows.Add(new QueryRow(label, values.Count == 0 ? "unknown" : string.Join(" / ", values)));
                continue;
            }

            // A truth that rests only on a conflict says so: a query never passes it as clean.
            var condition = evaluation.Program.Compile(query.Expression!, bindings);
            rows.Add(new QueryRow(label, evaluation.TruthOf(condition).Text() + (evaluation.IsContested(condition) ? ", contested" : string.Empty)));
        }

        // Every binding, unknown ones included, in every session: "unknown" is an answer, and hiding it depending on
        // what else is known made the same query print different rows before and after a what-if.
        return rows;
    }

    private static IEnumerable<ImmutableArray<Value>> Assignments(IReadOnlyList<VariableSymbol> variables)
    {
        IEnumerable<ImmutableArray<Value>> result = [ImmutableArray<Value>.Empty];
        foreach (var variable in variables)
        {
            var members = variable.Type.Members.Select(m => m.Value).ToList();
            result = result.SelectMany(prefix => members.Select(prefix.Add));
        }

        return result;
    }
}

/// <summary>
/// How far one proof among many goes: <see cref="Steps"/> before a step <see cref="ProvedElsewhere"/> is referred to,
/// and whether it is drawn from the smallest support (an evaluation of its own) or is the recorded one.
/// </summary>
internal sealed record ProofBounds(int Steps, Func<Plane, bool>? ProvedElsewhere, bool BySupport)
{
    public static readonly ProofBounds None = new(int.MaxValue, null, true);
}
