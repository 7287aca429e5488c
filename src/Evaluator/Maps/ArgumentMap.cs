using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Maps;

/// <summary>What a node of the map stands for.</summary>
public enum MapNodeKind
{
    Premise,
    OpenPremise,
    Rule,
    Conclusion,
    Expectation,
    Constraint,
}

/// <summary>What an edge of the map says.</summary>
public enum MapEdgeKind
{
    /// <summary>The rule reads the atom as it stands (true, or its value).</summary>
    Condition,

    /// <summary>The rule needs the atom false.</summary>
    NegatedCondition,

    /// <summary>The rule's exception: where the atom is established, the rule does not apply.</summary>
    Unless,

    /// <summary>The rule concludes the atom (true or a value).</summary>
    Concludes,

    /// <summary>The rule concludes the atom false.</summary>
    ConcludesNot,

    /// <summary>The stronger rule overrides the weaker one.</summary>
    Overrides,

    /// <summary>An expectation or a constraint names the atom.</summary>
    Names,

    /// <summary>The atom is derived both ways: the two rules in conflict, marked on their edge.</summary>
    Conflict,
}

/// <summary>
/// One node: its id (stable for the same input), kind, label, state in the evaluation mapped (true, false, unknown,
/// conflict, contested, open, pass, fail, violated, holds), file and line, and the citation and quotation of a premise.
/// </summary>
public sealed record MapNode(string Id, MapNodeKind Kind, string Label, string State, string File, int Line)
{
    public Citation? Citation { get; init; }

    /// <summary>Further citations: other texts that state the same premise or step (corroboration).</summary>
    public IReadOnlyList<Citation> AlsoCited { get; init; } = [];

    /// <summary>Whether the atom's state varies with the open premises (it reads one, directly or through rules) and is unknown here.</summary>
    public bool DependsOnOpen { get; init; }
}

public sealed record MapEdge(string From, string To, MapEdgeKind Kind);

/// <summary>
/// The argument as a graph: premises, open premises, rule instances, conclusions, expectations and constraints, with
/// the edges from conditions to rules and from rules to conclusions, overrides, conflicts, and what expectations and
/// constraints name; each node with its state in one evaluation (the base argument or a named scenario).
/// </summary>
public sealed class ArgumentMap
{
    private ArgumentMap(string title, string? scenario, IReadOnlyList<MapNode> nodes, IReadOnlyList<MapEdge> edges)
    {
        Title = title;
        Scenario = scenario;
        Nodes = nodes;
        Edges = edges;
    }

    public string Title { get; }

    public string? Scenario { get; }

    /// <summary>The nodes, by file then line then id: the same input gives the same order.</summary>
    public IReadOnlyList<MapNode> Nodes { get; }

    public IReadOnlyList<MapEdge> Edges { get; }

    public static ArgumentMap Of(string title, Evaluation evaluation, ArgumentReport? report, string? scenario)
    {
        var program = evaluation.Program;
        var model = program.Model;
        var nodes = new Dictionary<string, MapNode>(StringComparer.Ordinal);
        var edges = new List<MapEdge>();
        var open = evaluation.Premises.Open.Keys.ToHashSet();
        var dependsOnOpen = DependsOnOpen(program, open);

        string AtomNode(int atom)
        {
            var ground = program.Atoms[atom];
            var id = "a" + atom.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (nodes.ContainsKey(id))
            {
                return id;
            }

            SourceLocation? at = null;
            Citation? citation = null;
            IReadOnlyList<Citation> alsoCited = [];
            var kind = MapNodeKind.Conclusion;
            var label = ground.Display;
            if (evaluation.Premises.Facts.TryGetValue(atom, out var fact))
            {
                kind = MapNodeKind.Premise;
                at = fact.Location;
                citation = fact.Citation;
                alsoCited = [.. fact.Citations.Skip(1)];
                // The label is the atom; its state (true, false, = value) says what the premise states of it.
            }
            else if (evaluation.Premises.Open.TryGetValue(atom, out var assume))
            {
                kind = MapNodeKind.OpenPremise;
                at = assume.Location;
                citation = assume.Citation;
                alsoCited = [.. assume.Citations.Skip(1)];
            }
            else if (evaluation.Premises.Assigned.TryGetValue(atom, out var assigned))
            {
                // An open premise the scenario fixes: still drawn apart, with the value the scenario gives it.
                kind = MapNodeKind.OpenPremise;
                at = assigned.Assume.Location;
                citation = assigned.Assume.Citation;
                alsoCited = [.. assigned.Assume.Citations.Skip(1)];
            }
            else if (program.RulesByHead[atom] is { Count: > 0 } heads)
            {
                at = program.Rules[heads[0]].Rule.Location;
            }

            var state = evaluation.IsConflicted(atom) ? "conflict"
                : evaluation.IsContested(atom) ? "contested"
                : ground.IsValued ? (evaluation.ValuesOf(atom) is { Count: > 0 } values ? "= " + string.Join(" / ", values) : "unknown")
                : evaluation.TruthOf(atom) switch { Truth.True => "true", Truth.False => "false", _ => open.Contains(atom) ? "open" : "unknown" };
            nodes[id] = new MapNode(id, kind, label, state, at?.Source.Path ?? string.Empty, at?.Start.Line ?? 0)
            {
                Citation = citation,
                AlsoCited = alsoCited,
                DependsOnOpen = state == "unknown" && dependsOnOpen[atom],
            };
            return id;
        }

        foreach (var rule in program.Rules.Where(r => program.Viable[r.Id]))
        {
            var id = "r" + rule.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var outcome = evaluation.OutcomeOf(rule) switch
            {
                RuleOutcome.Fired => "applies",
                RuleOutcome.Excepted => "excepted",
                RuleOutcome.Overridden => "overridden",
                RuleOutcome.ConditionFalse => "does not apply",
                _ => "unknown",
            };
            nodes[id] = new MapNode(id, MapNodeKind.Rule, rule.Describe(), outcome, rule.Rule.Location.Source.Path, rule.Rule.Location.Start.Line) { Citation = rule.Rule.Citation, AlsoCited = [.. rule.Rule.Citations.Skip(1)] };
            foreach (var (atom, negated) in Literals(rule.Condition, false))
            {
                edges.Add(new MapEdge(AtomNode(atom), id, negated ? MapEdgeKind.NegatedCondition : MapEdgeKind.Condition));
            }

            if (rule.Unless is { } unless)
            {
                foreach (var (atom, _) in Literals(unless, false))
                {
                    edges.Add(new MapEdge(AtomNode(atom), id, MapEdgeKind.Unless));
                }
            }

            if (rule.Value is { } value)
            {
                foreach (var atom in Stratifier.Atoms(value).Where(a => a >= 0))
                {
                    edges.Add(new MapEdge(AtomNode(atom), id, MapEdgeKind.Condition));
                }
            }

            var head = AtomNode(rule.Head);
            var conflicted = evaluation.IsConflicted(rule.Head) && outcome == "applies";
            edges.Add(new MapEdge(id, head, conflicted ? MapEdgeKind.Conflict : rule.Negated ? MapEdgeKind.ConcludesNot : MapEdgeKind.Concludes));
            foreach (var stronger in rule.OverriddenBy)
            {
                edges.Add(new MapEdge("r" + stronger.ToString(System.Globalization.CultureInfo.InvariantCulture), id, MapEdgeKind.Overrides));
            }
        }

        // Premises no rule reads still belong on the map: they are what the argument states.
        foreach (var atom in evaluation.Premises.Facts.Keys.Concat(evaluation.Premises.Open.Keys).Concat(evaluation.Premises.Assigned.Keys).Order())
        {
            AtomNode(atom);
        }

        var expectations = report?.Expectations.Where(e => e.Scenario == scenario).ToList() ?? [];
        var index = 0;
        foreach (var expectation in model.Expectations.Concat(model.Scenarios.Where(s => s.Name == scenario).SelectMany(s => s.Expectations)).Where(e => e.Scenario == scenario))
        {
            var id = "e" + (index++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var outcome = expectations.FirstOrDefault(o => o.Location == expectation.Location);
            nodes[id] = new MapNode(id, MapNodeKind.Expectation, expectation.Label ?? expectation.Claim.ToString()!, outcome is null ? "unchecked" : outcome.Passed ? "pass" : "fail",
                expectation.Location.Source.Path, expectation.Location.Start.Line);
            // An atom nothing states or concludes is compiled as no atom (-1): there is nothing to draw an edge from.
            foreach (var atom in Stratifier.Atoms(program.Compile(expectation.Claim, [])).Where(a => a >= 0).Distinct())
            {
                edges.Add(new MapEdge(AtomNode(atom), id, MapEdgeKind.Names));
            }
        }

        index = 0;
        foreach (var constraint in model.Constraints)
        {
            var id = "c" + (index++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var condition = program.Compile(constraint.Condition, []);
            nodes[id] = new MapNode(id, MapNodeKind.Constraint, constraint.Label ?? constraint.Condition.ToString()!, evaluation.Violates(condition) ? "violated" : "holds",
                constraint.Location.Source.Path, constraint.Location.Start.Line)
            { Citation = constraint.Citations.FirstOrDefault() };
            foreach (var atom in Stratifier.Atoms(condition).Where(a => a >= 0).Distinct())
            {
                edges.Add(new MapEdge(AtomNode(atom), id, MapEdgeKind.Names));
            }
        }

        var ordered = nodes.Values.OrderBy(n => n.File, StringComparer.Ordinal).ThenBy(n => n.Line).ThenBy(n => n.Kind).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
        return new ArgumentMap(title, scenario, ordered, [.. edges.Distinct()]);
    }

    /// <summary>The atoms a condition reads, each with whether it is read negated (inside an odd number of 'not').</summary>
    private static IEnumerable<(int Atom, bool Negated)> Literals(GroundCondition condition, bool negated) => condition switch
    {
        GroundTruth { Atom: < 0 } => [],
        GroundTruth t => [(t.Atom, negated)],
        GroundNot n => Literals(n.Operand, !negated),
        GroundAnd a => Literals(a.Left, negated).Concat(Literals(a.Right, negated)),
        GroundOr o => Literals(o.Left, negated).Concat(Literals(o.Right, negated)),
        _ => Stratifier.Atoms(condition).Where(a => a >= 0).Select(a => (a, false)),
    };

    /// <summary>Per atom, whether some open premise reaches it through the rules (its state can vary with the scenario).</summary>
    private static bool[] DependsOnOpen(GroundProgram program, HashSet<int> open)
    {
        var reached = new bool[program.Atoms.Count];
        foreach (var atom in open)
        {
            reached[atom] = true;
        }

        bool changed;
        do
        {
            changed = false;
            foreach (var rule in program.Rules)
            {
                if (!reached[rule.Head] && (Stratifier.Atoms(rule.Condition).Any(a => a >= 0 && reached[a]) || (rule.Unless is { } u && Stratifier.Atoms(u).Any(a => a >= 0 && reached[a]))))
                {
                    reached[rule.Head] = true;
                    changed = true;
                }
            }
        }
        while (changed);
        return reached;
    }
}
