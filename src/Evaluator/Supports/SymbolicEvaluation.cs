using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Supports;

/// <summary>
/// The fixpoint engine run once for every subset of the premises at the same time: each plane of each atom is a
/// decision diagram over the premises, true on exactly the subsets whose evaluation derives it. The steps are the
/// engine's (premises, then each group in order, rules applied in the same order, a group iterated until nothing
/// changes, exceptions and overrides read on the state reached so far), so the diagram of a plane on a subset is
/// what <see cref="FixpointEngine"/> computes from that subset alone, whatever the rules' exceptions and overrides.
/// </summary>
internal sealed class SymbolicEvaluation
{
    private readonly DecisionDiagram diagram;
    private readonly GroundProgram program;
    private readonly int[] holds;
    private readonly int[] fails;
    private readonly List<(Value Value, int Function)>?[] values;
    // Per atom, the subsets on which it is blocked (contributes nothing): null in the evaluation itself.
    private readonly int[]? blocked;
    private readonly SymbolicEvaluation? actual;

    // A rule left out (every instance of it), as if it were not written: what a support needs it for.
    private RuleSymbol? without;

    private SymbolicEvaluation(DecisionDiagram diagram, GroundProgram program, int[]? blocked, SymbolicEvaluation? actual)
    {
        this.diagram = diagram;
        this.program = program;
        this.blocked = blocked;
        this.actual = actual;
        var n = program.Atoms.Count;
        holds = new int[n];
        fails = new int[n];
        values = new List<(Value, int)>?[n];
    }

    /// <summary>Per premise (the variable of its number), its atom, and what it states: truth, falsity or a value.</summary>
    public static SymbolicEvaluation Run(DecisionDiagram diagram, GroundProgram program, IReadOnlyList<(int Atom, bool Negated, Value? Value)> premises,
        CancellationToken cancellation)
    {
        var evaluation = new SymbolicEvaluation(diagram, program, null, null);
        evaluation.Evaluate(premises, cancellation);
        return evaluation;
    }

    /// <summary>
    /// The evaluation, for every subset, of the program without one rule (its every instance, as if it were not
    /// written: it concludes nothing and overrides nothing). A support needs the rule where this does not derive the plane.
    /// </summary>
    public static SymbolicEvaluation RunWithout(DecisionDiagram diagram, GroundProgram program, RuleSymbol rule, IReadOnlyList<(int Atom, bool Negated, Value? Value)> premises,
        CancellationToken cancellation)
    {
        var evaluation = new SymbolicEvaluation(diagram, program, null, null) { without = rule };
        evaluation.Evaluate(premises, cancellation);
        return evaluation;
    }

    /// <summary>
    /// The clean part, for every subset: the atoms in <paramref name="blocked"/> (those in conflict in the full
    /// evaluation) contribute nothing, and a rule concludes where its condition holds on clean planes and it fires in
    /// <paramref name="actual"/>, as <see cref="Evaluation.Clean"/> does for one set of premises.
    /// </summary>
    public static SymbolicEvaluation RunClean(SymbolicEvaluation actual, bool[] blocked, IReadOnlyList<(int Atom, bool Negated, Value? Value)> premises, CancellationToken cancellation)
    {
        var evaluation = new SymbolicEvaluation(actual.diagram, actual.program, [.. blocked.Select(b => b ? DecisionDiagram.True : DecisionDiagram.False)], actual);
        evaluation.Evaluate(premises, cancellation);
        return evaluation;
    }

    /// <summary>
    /// The clean part of each subset's own evaluation: an atom is blocked on exactly the subsets whose evaluation
    /// puts it in conflict, so a plane's diagram is true on a subset when that subset alone derives it with no
    /// disputed step (<see cref="Evaluation.HoldsCleanly"/> of the subset's evaluation). This is what withdrawing
    /// premises asks: without some premises a conflict may vanish, or, through an exception, appear.
    /// </summary>
    public static SymbolicEvaluation RunCleanOfEachSubset(SymbolicEvaluation actual, IReadOnlyList<(int Atom, bool Negated, Value? Value)> premises, CancellationToken cancellation)
    {
        var evaluation = new SymbolicEvaluation(actual.diagram, actual.program, [.. Enumerable.Range(0, actual.program.Atoms.Count).Select(actual.ConflictFunction)], actual);
        evaluation.Evaluate(premises, cancellation);
        return evaluation;
    }

    /// <summary>The subsets on which the atom is in conflict: derived both ways, or with two values.</summary>
    private int ConflictFunction(int atom)
    {
        var conflict = diagram.And(holds[atom], fails[atom]);
        if (values[atom] is { Count: > 1 } list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    conflict = diagram.Or(conflict, diagram.And(list[i].Function, list[j].Function));
                }
            }
        }

        return conflict;
    }

    /// <summary>The subsets of the premises on which the plane is derived.</summary>
    public int FunctionOf(Plane plane) => plane.Kind switch
    {
        PlaneKind.True => holds[plane.Atom],
        PlaneKind.False => fails[plane.Atom],
        _ => values[plane.Atom]?.FirstOrDefault(v => v.Value == plane.Value).Function ?? DecisionDiagram.False,
    };

    /// <summary>The subsets on which a condition holds.</summary>
    public int HoldsFunction(GroundCondition condition) => Condition(condition).Holds;

    private void Evaluate(IReadOnlyList<(int Atom, bool Negated, Value? Value)> premises, CancellationToken cancellation)
    {
        for (var variable = 0; variable < premises.Count; variable++)
        {
            var (atom, negated, value) = premises[variable];
            if (blocked?[atom] == DecisionDiagram.True)
            {
                continue;
            }

            var present = blocked is null ? diagram.Variable(variable) : diagram.AndNot(diagram.Variable(variable), blocked[atom]);
            if (value is { } v)
            {
                AddValue(atom, v, present);
            }
            else if (negated)
            {
                fails[atom] = diagram.Or(fails[atom], present);
            }
            else
            {
                holds[atom] = diagram.Or(holds[atom], present);
            }
        }

        foreach (var (rulesOfGroup, iterate) in program.EvaluationGroups)
        {
            cancellation.ThrowIfCancellationRequested();
            bool changed;
            do
            {
                changed = false;
                foreach (var rule in rulesOfGroup)
                {
                    changed |= Apply(rule);
                }
            }
            while (changed && iterate);
        }
    }

    private bool AddValue(int atom, Value value, int function)
    {
        var list = values[atom] ??= [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Value == value)
            {
                var joined = diagram.Or(list[i].Function, function);
                if (joined == list[i].Function)
                {
                    return false;
                }

                list[i] = (value, joined);
                return true;
            }
        }

        if (function == DecisionDiagram.False)
        {
            return false;
        }

        list.Add((value, function));
        return true;
    }

    private bool Apply(GroundRule rule)
    {
        if (blocked?[rule.Head] == DecisionDiagram.True)
        {
            return false;
        }

        var fire = blocked is null ? Fires(rule) : diagram.AndNot(Fires(rule), blocked[rule.Head]);
        if (fire == DecisionDiagram.False)
        {
            return false;
        }

        if (rule.Value is { } expression)
        {
            var changed = false;
            foreach (var (value, function) in Values(expression))
            {
                changed |= AddValue(rule.Head, value, diagram.And(fire, function));
            }

            return changed;
        }

        var plane = rule.Negated ? fails : holds;
        var next = diagram.Or(plane[rule.Head], fire);
        if (next == plane[rule.Head])
        {
            return false;
        }

        plane[rule.Head] = next;
        return true;
    }

    /// <summary>Where the rule fires: its condition holds, its exception does not, and no stronger rule fires.</summary>
    private int Fires(GroundRule rule)
    {
        if (rule.Rule == without)
        {
            return DecisionDiagram.False;
        }

        var fire = Condition(rule.Condition).Holds;
        if (fire == DecisionDiagram.False)
        {
            return fire;
        }

        if (actual is not null)
        {
            return diagram.And(fire, actual.FiresFinally(rule));
        }

        if (rule.Unless is not null)
        {
            fire = diagram.AndNot(fire, Condition(rule.Unless).Holds);
        }

        foreach (var stronger in rule.OverriddenBy)
        {
            if (fire == DecisionDiagram.False)
            {
                break;
            }

            fire = diagram.AndNot(fire, Fires(program.Rules[stronger]));
        }

        return fire;
    }

    private Dictionary<int, int>? finalFires;

    /// <summary>Where the rule fires on the final state (<see cref="Evaluation.OutcomeOf"/> is Fired there).</summary>
    private int FiresFinally(GroundRule rule)
    {
        finalFires ??= [];
        if (!finalFires.TryGetValue(rule.Id, out var fire))
        {
            fire = Fires(rule);
            finalFires[rule.Id] = fire;
        }

        return fire;
    }

    /// <summary>Kleene's tables on the two planes, as the engine's condition evaluator, on functions.</summary>
    private (int Holds, int Fails) Condition(GroundCondition condition)
    {
        switch (condition)
        {
            case GroundTruth t:
                return t.Atom < 0 ? (DecisionDiagram.False, DecisionDiagram.False) : (holds[t.Atom], fails[t.Atom]);
            case GroundNot n:
                var (h, f) = Condition(n.Operand);
                return (f, h);
            case GroundAnd a:
                var left = Condition(a.Left);
                var right = Condition(a.Right);
                return (diagram.And(left.Holds, right.Holds), diagram.Or(left.Fails, right.Fails));
            case GroundOr o:
                var l = Condition(o.Left);
                var r = Condition(o.Right);
                return (diagram.Or(l.Holds, r.Holds), diagram.And(l.Fails, r.Fails));
            case GroundCompare c:
                var holdsWhere = DecisionDiagram.False;
                var failsWhere = DecisionDiagram.False;
                var rightValues = Values(c.Right);
                foreach (var (x, fx) in Values(c.Left))
                {
                    foreach (var (y, fy) in rightValues)
                    {
                        var both = diagram.And(fx, fy);
                        if (ConditionEvaluator.Compare(c.Operator, x, y))
                        {
                            holdsWhere = diagram.Or(holdsWhere, both);
                        }
                        else
                        {
                            failsWhere = diagram.Or(failsWhere, both);
                        }
                    }
                }

                return (holdsWhere, failsWhere);
            default:
                return (DecisionDiagram.False, DecisionDiagram.False);
        }
    }

    /// <summary>The values an expression can take, each with the subsets on which it takes it.</summary>
    private List<(Value Value, int Function)> Values(GroundValue value)
    {
        switch (value)
        {
            case GroundLiteral l:
                return [(l.Value, DecisionDiagram.True)];
            case GroundAtomValue a:
                return a.Atom < 0 || values[a.Atom] is not { } list ? [] : [.. list];
            case GroundNegate n:
                return Merge(Values(n.Operand).Select(v => (v.Value with { Number = -v.Value.Number }, v.Function)));
            case GroundArithmetic ar:
                var right = Values(ar.Right);
                var pairs = new List<(Value, int)>();
                foreach (var (x, fx) in Values(ar.Left))
                {
                    foreach (var (y, fy) in right)
                    {
                        if (ConditionEvaluator.Arithmetic(ar.Operator, x, y, ar.ResultType) is { } result)
                        {
                            pairs.Add((result, diagram.And(fx, fy)));
                        }
                    }
                }

                return Merge(pairs);
            default:
                return [];
        }
    }

    private List<(Value Value, int Function)> Merge(IEnumerable<(Value Value, int Function)> values)
    {
        var merged = new List<(Value Value, int Function)>();
        foreach (var (value, function) in values)
        {
            var i = merged.FindIndex(m => m.Value == value);
            if (i < 0)
            {
                if (function != DecisionDiagram.False)
                {
                    merged.Add((value, function));
                }
            }
            else
            {
                merged[i] = (value, diagram.Or(merged[i].Function, function));
            }
        }

        return merged;
    }
}
