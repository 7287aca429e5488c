using System.Collections.Immutable;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;

namespace PolicyDsl.Evaluator.Grounding;

/// <summary>
/// What identifies a ground atom: its relation and its argument values, compared as values. Atoms are found by
/// this key (or passed by id), never by the text a report prints for them.
/// </summary>
public readonly struct GroundAtomKey : IEquatable<GroundAtomKey>
{
    private readonly Value[] arguments;

    private GroundAtomKey(RelationSymbol relation, Value[] arguments)
    {
        Relation = relation;
        this.arguments = arguments;
    }

    public RelationSymbol Relation { get; }

    public IReadOnlyList<Value> Arguments => arguments;

    /// <summary>The key of an atom whose variables take the given values.</summary>
    public static GroundAtomKey Of(BoundAtom atom, ImmutableArray<Value> bindings)
    {
        var values = atom.Arguments.IsEmpty ? [] : new Value[atom.Arguments.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = AtomKey.Resolve(atom.Arguments[i], bindings);
        }

        return new GroundAtomKey(atom.Relation, values);
    }

    /// <summary>The key of a ground atom: the same atom in two programs (before and after a what-if) has the same key.</summary>
    public static GroundAtomKey Of(GroundAtom atom) => new(atom.Relation, [.. atom.Arguments]);

    public bool Equals(GroundAtomKey other) => ReferenceEquals(Relation, other.Relation) && arguments.AsSpan().SequenceEqual(other.arguments);

    public override bool Equals(object? obj) => obj is GroundAtomKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Relation.Index);
        foreach (var value in arguments)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(GroundAtomKey left, GroundAtomKey right) => left.Equals(right);

    public static bool operator !=(GroundAtomKey left, GroundAtomKey right) => !left.Equals(right);
}

/// <summary>An atom with every argument a value: <c>no_deal(US, Russia)</c>.</summary>
public sealed record GroundAtom(int Id, RelationSymbol Relation, ImmutableArray<Value> Arguments, string Display)
{
    public bool IsValued => Relation.IsValued;

    public override string ToString() => Display;
}

/// <summary>One instance of a rule, its variables replaced by constants.</summary>
public sealed record GroundRule(
    int Id,
    RuleSymbol Rule,
    ImmutableArray<Value> Bindings,
    int Head,
    bool Negated,
    GroundCondition Condition,
    GroundCondition? Unless,
    GroundValue? Value)
{
    /// <summary>Instances of stronger rules (<c>overrides</c>) with the same conclusion atom.</summary>
    public ImmutableArray<int> OverriddenBy { get; init; } = [];

    public string Describe()
    {
        // An unnamed rule is shown by its text, which says more than its position.
        var name = Rule.IsNamed ? $"rule {Rule.Name}" : $"rule \"{Shorten(Rule.Text)}\"";
        return Bindings.IsEmpty ? name : $"{name} with {string.Join(", ", Rule.Variables.Select((v, i) => $"{v.Name} = {Bindings[i]}"))}";
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

}

/// <summary>A ground condition; evaluated to a pair of planes (holds, fails), which is Kleene logic when nothing conflicts.</summary>
public abstract record GroundCondition;

public sealed record GroundTruth(int Atom) : GroundCondition;

public sealed record GroundNot(GroundCondition Operand) : GroundCondition;

public sealed record GroundAnd(GroundCondition Left, GroundCondition Right) : GroundCondition;

public sealed record GroundOr(GroundCondition Left, GroundCondition Right) : GroundCondition;

public sealed record GroundCompare(BinaryOperator Operator, GroundValue Left, GroundValue Right) : GroundCondition;

/// <summary>A condition that could not be bound (already reported); always unknown.</summary>
public sealed record GroundUnknown : GroundCondition
{
    public static readonly GroundUnknown Instance = new();
}

public abstract record GroundValue(DataType Type);

public sealed record GroundAtomValue(int Atom, DataType AtomType) : GroundValue(AtomType);

public sealed record GroundLiteral(Value Value) : GroundValue(Value.Type);

public sealed record GroundArithmetic(BinaryOperator Operator, GroundValue Left, GroundValue Right, DataType ResultType) : GroundValue(ResultType);

public sealed record GroundNegate(GroundValue Operand) : GroundValue(Operand.Type);

/// <summary>A value that could not be bound (already reported), or an atom no statement mentions; never known.</summary>
public sealed record GroundUnknownValue() : GroundValue(DataType.Error)
{
    public static readonly GroundUnknownValue Instance = new();
}

/// <summary>
/// The argument compiled for evaluation: every atom numbered, every rule instantiated over the declared types,
/// premises attached to atoms. Built once per model; evaluations (base, named scenarios, sweeps) share it.
/// </summary>
public sealed class GroundProgram
{
    internal GroundProgram(Model model, GroundParts parts, IReadOnlyList<int[]> strata, bool[] readsItself, bool[] viable)
    {
        Model = model;
        Atoms = parts.Atoms;
        index = parts.Index;
        Rules = parts.Rules;
        Strata = strata;
        ReadsItself = readsItself;
        Viable = viable;
        var byHead = new List<int>?[parts.Atoms.Count];
        foreach (var rule in parts.Rules)
        {
            if (viable[rule.Id])
            {
                (byHead[rule.Head] ??= []).Add(rule.Id);
            }
        }

        RulesByHead = byHead;
    }

    public Model Model { get; }

    public IReadOnlyList<GroundAtom> Atoms { get; }

    private readonly Dictionary<GroundAtomKey, int> index;

    public IReadOnlyList<GroundRule> Rules { get; }

    /// <summary>For each atom, the rule instances that conclude it and could ever fire (null if none).</summary>
    public IReadOnlyList<IReadOnlyList<int>?> RulesByHead { get; }

    /// <summary>Rule instances that could ever fire: those whose condition some premises could make hold.</summary>
    public IReadOnlyList<bool> Viable { get; }

    /// <summary>Evaluation order: strongly connected groups of atoms, each after everything it depends on.</summary>
    public IReadOnlyList<int[]> Strata { get; }

    /// <summary>For each atom, whether a rule concluding it also reads it: a one-atom group that must be iterated.</summary>
    public IReadOnlyList<bool> ReadsItself { get; }

    /// <summary>
    /// What every evaluator runs, in order (the engine, the symbolic run of supports, the sweep): per group of
    /// <see cref="Strata"/> that some viable rule concludes into, its rule instances, and whether it must be iterated
    /// to a fixpoint (recursive). Built once, when first asked for.
    /// </summary>
    public IReadOnlyList<(GroundRule[] Rules, bool Iterate)> EvaluationGroups => evaluationGroups ??= [.. Strata
        .Select(g => (Rules: g.SelectMany(a => RulesByHead[a] ?? []).Select(id => Rules[id]).ToArray(), Iterate: g.Length > 1 || ReadsItself[g[0]]))
        .Where(g => g.Rules.Length > 0)];

    private (GroundRule[] Rules, bool Iterate)[]? evaluationGroups;

    /// <summary>The id of the atom whose variables take the given values, if the program has it.</summary>
    public int? FindAtom(BoundAtom atom, ImmutableArray<Value> bindings) => index.TryGetValue(GroundAtomKey.Of(atom, bindings), out var id) ? id : null;

    /// <summary>The id of the atom with this key (the same atom in another program of the same model), if this program has it.</summary>
    public int? FindAtom(GroundAtomKey key) => index.TryGetValue(key, out var id) ? id : null;

    /// <summary>The id of a ground atom (one with no variables), if the program has it.</summary>
    public int? FindAtom(BoundAtom atom) => FindAtom(atom, []);

    /// <summary>
    /// Compiles a bound condition (an expectation, a query) against this program's atoms, with the given values for
    /// its variables. Atoms that no statement mentions are unknown; nothing new is added to the program.
    /// </summary>
    public GroundCondition Compile(BoundExpression expression, ImmutableArray<Value> bindings) => expression switch
    {
        BoundTruth t => new GroundTruth(FindAtom(t.Atom, bindings) ?? -1),
        BoundAtomValue a => FindAtom(a.Atom, bindings) is { } id ? HasValue(id, a.Type) : GroundUnknown.Instance,
        BoundNot n => new GroundNot(Compile(n.Operand, bindings)),
        BoundBinary { Operator: BinaryOperator.And } b => new GroundAnd(Compile(b.Left, bindings), Compile(b.Right, bindings)),
        BoundBinary { Operator: BinaryOperator.Or } b => new GroundOr(Compile(b.Left, bindings), Compile(b.Right, bindings)),
        BoundBinary b => new GroundCompare(b.Operator, CompileValue(b.Left, bindings), CompileValue(b.Right, bindings)),
        _ => GroundUnknown.Instance,
    };

    /// <summary>
    /// A valued atom asked about on its own means "it has a value", the same in every verb: compiled as <c>x = x</c>,
    /// which holds where x has a value and also fails where it has two (a conflict), in the engine and the sweep alike.
    /// </summary>
    private static GroundCompare HasValue(int atom, DataType type) => new GroundCompare(BinaryOperator.Equal, new GroundAtomValue(atom, type), new GroundAtomValue(atom, type));

    public GroundValue CompileValue(BoundExpression expression, ImmutableArray<Value> bindings) => expression switch
    {
        BoundAtomValue a => FindAtom(a.Atom, bindings) is { } id ? new GroundAtomValue(id, a.Type) : GroundUnknownValue.Instance,
        BoundLiteral l => new GroundLiteral(l.Value),
        BoundVariable v => new GroundLiteral(bindings[v.Variable.Index]),
        BoundNegate n => new GroundNegate(CompileValue(n.Operand, bindings)),
        BoundBinary b => new GroundArithmetic(b.Operator, CompileValue(b.Left, bindings), CompileValue(b.Right, bindings), b.Type),
        _ => GroundUnknownValue.Instance,
    };

    /// <summary>
    /// Whether the argument mentions the ground atom: the program has it, or some rule reads or concludes an atom of
    /// its relation that it fits (an instance grounding left out because it could not fire).
    /// </summary>
    public bool Mentions(BoundAtom atom) => FindAtom(atom) is not null || RulePatterns.Mentions(Model, atom);

    public IEnumerable<GroundRule> RulesConcluding(int atom) => RulesByHead[atom]?.Select(i => Rules[i]) ?? [];

    /// <summary>Every instance concluding the atom, those that can never fire included (explanations name them too).</summary>
    public IEnumerable<GroundRule> AllRulesConcluding(int atom) => Rules.Where(r => r.Head == atom);
}

/// <summary>What grounding has built before the program is assembled: the numbered atoms and the rule instances.</summary>
internal sealed class GroundParts
{
    public List<GroundAtom> Atoms { get; } = [];

    public Dictionary<GroundAtomKey, int> Index { get; } = [];

    public List<GroundRule> Rules { get; } = [];

    public int? FindAtom(BoundAtom atom) => Index.TryGetValue(GroundAtomKey.Of(atom, []), out var id) ? id : null;
}
