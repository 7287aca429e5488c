using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Engine;

/// <summary>Arithmetic in a rule instance that went past the largest number a value holds, with the operands.</summary>
public sealed record ArithmeticOverflow(GroundRule Rule, GroundArithmetic Expression, Value Left, Value Right);

/// <summary>One atom derived both ways (or with two values), with a reason for each side.</summary>
public sealed record Conflict(GroundAtom Atom, Plane First, Derivation FirstBy, Plane Second, Derivation SecondBy);

public enum RuleOutcome
{
    /// <summary>The condition holds; the conclusion stands.</summary>
    Fired,

    /// <summary>The condition is false.</summary>
    ConditionFalse,

    /// <summary>The condition is unknown: something it needs is neither true nor false.</summary>
    ConditionUnknown,

    /// <summary>The condition holds but its <c>unless</c> exception is established.</summary>
    Excepted,

    /// <summary>The condition holds but a stronger rule concluding the same atom fired.</summary>
    Overridden,
}

/// <summary>The result of evaluating a ground program from one premise set: the state of every atom and why.</summary>
public sealed class Evaluation
{
    internal Evaluation(GroundProgram program, PremiseSet premises, bool[] holds, bool[] fails, List<Value>?[] values,
        Derivation?[] holdsBy, Derivation?[] failsBy, Dictionary<(int, Value), Derivation> valueBy, Evaluation? cleanOf = null)
    {
        IsCleanPart = cleanOf is not null;
        clean = new Lazy<Evaluation>(() => cleanOf is not null ? this : CleanPart());
        Program = program;
        Premises = premises;
        this.holds = holds;
        this.fails = fails;
        this.values = values;
        this.holdsBy = holdsBy;
        this.failsBy = failsBy;
        this.valueBy = valueBy;
    }

    private readonly bool[] holds;
    private readonly bool[] fails;
    private readonly List<Value>?[] values;
    private readonly Derivation?[] holdsBy;
    private readonly Derivation?[] failsBy;
    private readonly Dictionary<(int, Value), Derivation> valueBy;
    private readonly Lazy<Evaluation> clean;
    private bool[]? conflicted;

    public GroundProgram Program { get; }

    /// <summary>Whether this is the clean part of another evaluation (see <see cref="Clean"/>).</summary>
    public bool IsCleanPart { get; }

    /// <summary>
    /// What still follows when every atom in conflict contributes nothing: a conclusion derived here rests on a
    /// chain of reasoning with no disputed step. The evaluation itself when nothing conflicts.
    /// </summary>
    public Evaluation Clean => clean.Value;

    /// <summary>Whether the atom is derived both ways, or with two values.</summary>
    public bool IsConflicted(int atom)
    {
        conflicted ??= ConflictedAtoms();
        return atom >= 0 && conflicted[atom];
    }

    /// <summary>
    /// Whether the plane is derived but only through a disputed step: the atom is itself in conflict, or every
    /// chain that derives it passes through an atom that is.
    /// </summary>
    public bool IsContested(Plane plane) => DerivationOf(plane) is not null && Clean.DerivationOf(plane) is null;

    /// <summary>
    /// Whether the atom is true or false (or has one value), not in conflict itself, but only through atoms that
    /// are: every chain that derives it passes through a disputed step.
    /// </summary>
    public bool IsContested(int atom) => TruthOf(atom) is Truth.True or Truth.False && Clean.TruthOf(atom) != TruthOf(atom);

    /// <summary>Whether the condition is true with no disputed step: true here and in the clean part.</summary>
    public bool HoldsCleanly(GroundCondition condition) => TruthOf(condition) == Truth.True && Clean.TruthOf(condition) == Truth.True;

    /// <summary>Whether the condition is true or false only through a disputed step (not itself in conflict).</summary>
    public bool IsContested(GroundCondition condition) => TruthOf(condition) is Truth.True or Truth.False && Clean.TruthOf(condition) != TruthOf(condition);

    private bool[] ConflictedAtoms()
    {
        var result = new bool[Program.Atoms.Count];
        for (var atom = 0; atom < result.Length; atom++)
        {
            result[atom] = (holds[atom] && fails[atom]) || values[atom] is { Count: > 1 };
        }

        return result;
    }

    private Evaluation CleanPart()
    {
        conflicted ??= ConflictedAtoms();
        return Array.IndexOf(conflicted, true) < 0 ? this : FixpointEngine.EvaluateClean(this, conflicted);
    }

    public PremiseSet Premises { get; }

    public bool Holds(int atom) => atom >= 0 && holds[atom];

    public bool Fails(int atom) => atom >= 0 && fails[atom];

    public IReadOnlyList<Value> ValuesOf(int atom) => atom >= 0 && values[atom] is { } list ? list : [];

    public Truth TruthOf(int atom) => Program.Atoms[atom].IsValued
        ? ValuesOf(atom).Count switch { 0 => Truth.Unknown, 1 => Truth.True, _ => Truth.Conflict }
        : TruthExtensions.FromPlanes(Holds(atom), Fails(atom));

    public Derivation? DerivationOf(Plane plane) => plane.Kind switch
    {
        PlaneKind.True => holdsBy[plane.Atom],
        PlaneKind.False => failsBy[plane.Atom],
        _ => valueBy.GetValueOrDefault((plane.Atom, plane.Value)),
    };

    /// <summary>Evaluates a ground condition on the final state: (holds, fails).</summary>
    public (bool Holds, bool Fails) Evaluate(GroundCondition condition) => ConditionEvaluator.Evaluate(condition, this);

    /// <summary>
    /// Whether a <c>never</c> constraint with this condition is violated: its condition holds, read as a rule's
    /// condition is (a rule with it would fire). An atom in conflict holds on both sides, so <c>never a and p</c> is
    /// violated where p is in conflict, as it is where p is only contested; the sweep and the decision diagrams use
    /// the same rule (the holds plane alone).
    /// </summary>
    public bool Violates(GroundCondition condition) => Evaluate(condition).Holds;

    public Truth TruthOf(GroundCondition condition)
    {
        var (h, f) = Evaluate(condition);
        return TruthExtensions.FromPlanes(h, f);
    }

    public IReadOnlyList<Value> ValuesOf(GroundValue value) => ConditionEvaluator.Values(value, this);

    /// <summary>What became of a rule instance in this evaluation.</summary>
    public RuleOutcome OutcomeOf(GroundRule rule)
    {
        var (h, f) = Evaluate(rule.Condition);
        if (!h)
        {
            return f ? RuleOutcome.ConditionFalse : RuleOutcome.ConditionUnknown;
        }

        if (rule.Unless is not null && Evaluate(rule.Unless).Holds)
        {
            return RuleOutcome.Excepted;
        }

        return rule.OverriddenBy.Any(s => OutcomeOf(Program.Rules[s]) == RuleOutcome.Fired) ? RuleOutcome.Overridden : RuleOutcome.Fired;
    }

    /// <summary>Every atom derived both ways or with two values, in atom order.</summary>
    public IReadOnlyList<Conflict> Conflicts()
    {
        var conflicts = new List<Conflict>();
        for (var atom = 0; atom < Program.Atoms.Count; atom++)
        {
            if (holds[atom] && fails[atom])
            {
                conflicts.Add(new Conflict(Program.Atoms[atom], Plane.True(atom), holdsBy[atom]!, Plane.False(atom), failsBy[atom]!));
            }
            else if (values[atom] is { Count: > 1 } list)
            {
                var first = Plane.Valued(atom, list[0]);
                var second = Plane.Valued(atom, list[1]);
                conflicts.Add(new Conflict(Program.Atoms[atom], first, DerivationOf(first)!, second, DerivationOf(second)!));
            }
        }

        return conflicts;
    }

    /// <summary>
    /// The first arithmetic of each rule instance that overflows on the final state's values. Values only grow
    /// during evaluation, so every overflow met on the way is met here too.
    /// </summary>
    public IReadOnlyList<ArithmeticOverflow> ArithmeticOverflows()
    {
        var found = new List<ArithmeticOverflow>();
        var pending = new Stack<object>();
        foreach (var rule in Program.Rules)
        {
            if (FirstOverflow(rule, pending) is { } overflow)
            {
                found.Add(overflow);
            }
        }

        return found;
    }

    private ArithmeticOverflow? FirstOverflow(GroundRule rule, Stack<object> pending)
    {
        pending.Clear();
        pending.Push(rule.Condition);
        if (rule.Unless is { } unless)
        {
            pending.Push(unless);
        }

        if (rule.Value is { } value)
        {
            pending.Push(value);
        }

        // An arithmetic expression is evaluated once, from its root, with every operand pair checked on the way:
        // checking each node from scratch made a chain of n additions cost n^2.
        ArithmeticOverflow? found = null;
        while (pending.Count > 0 && found is null)
        {
            var node = pending.Pop();
            if (node is GroundArithmetic root)
            {
                ConditionEvaluator.Values(root, ValuesOf, (ar, x, y) =>
                    found ??= ConditionEvaluator.Overflows(ar.Operator, x, y, ar.ResultType) ? new ArithmeticOverflow(rule, ar, x, y) : null);
                continue;
            }

            GroundNodes.PushChildren(node, pending);
        }

        return found;
    }

    /// <summary>Rule instances whose condition held but that a stronger rule overrode, with the rule that did.</summary>
    public IEnumerable<(GroundRule Weaker, GroundRule Stronger)> Overrides() =>
        from rule in Program.Rules
        where rule.OverriddenBy.Length > 0 && OutcomeOf(rule) == RuleOutcome.Overridden
        select (rule, rule.OverriddenBy.Select(s => Program.Rules[s]).First(s => OutcomeOf(s) == RuleOutcome.Fired));
}
