using System.Collections.Immutable;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Semantics;

/// <summary>Where something was written: a file and a span in it.</summary>
public readonly record struct SourceLocation(SourceText Source, TextSpan Span)
{
    public LinePosition Start => Source.GetPosition(Span.Start);

    public override string ToString() => $"{Source.Path}:{Start.Line}:{Start.Column}";
}

public sealed class TypeSymbol(string name, SourceLocation location)
{
    private FreezableList<ConstantSymbol> members;

    public string Name { get; } = name;

    public SourceLocation Location { get; } = location;

    public IReadOnlyList<ConstantSymbol> Members => members.Items;

    internal void AddMember(ConstantSymbol constant) => members.Add(constant);

    internal void Freeze() => members.Freeze();

    public DataType DataType => new(ValueKind.Constant, Name);
}

public sealed record ConstantSymbol(string Name, string? Adjective, TypeSymbol Type, SourceLocation Location)
{
    public Value Value => Value.OfConstant(Type.Name, Name);
}

public sealed class ScaleSymbol(string name, SourceLocation location)
{
    private FreezableList<LevelSymbol> levels;

    public string Name { get; } = name;

    public SourceLocation Location { get; } = location;

    public IReadOnlyList<LevelSymbol> Levels => levels.Items;

    internal void AddLevel(LevelSymbol level) => levels.Add(level);

    internal void Freeze() => levels.Freeze();

    public DataType DataType => new(ValueKind.Level, Name);
}

public sealed record LevelSymbol(string Name, int Ordinal, ScaleSymbol Scale, SourceLocation Location)
{
    public Value Value => Value.OfLevel(Scale.Name, Ordinal, Name);
}

/// <summary>A relation, with the signature inferred from its first definition: argument types and, if valued, the value type.</summary>
public sealed class RelationSymbol(string name, ImmutableArray<DataType> parameters, SourceLocation location, int index)
{
    public string Name { get; } = name;

    /// <summary>The relation's number in its model, in order of first definition.</summary>
    public int Index { get; } = index;

    public ImmutableArray<DataType> Parameters { get; } = parameters;

    public int Arity => Parameters.Length;

    private DataType? valueType;
    private bool frozen;

    /// <summary>Null for a relation that is simply true or false; an error type until a definition gives it one.</summary>
    public DataType? ValueType
    {
        get => valueType;
        internal init => valueType = value;
    }

    /// <summary>While binding: the value type a later definition settles (the first gave none that could be known).</summary>
    internal void SettleValueType(DataType type)
    {
        valueType = frozen ? throw Frozen.Error() : type;
    }

    internal void Freeze() => frozen = true;

    public bool IsValued => ValueType is not null;

    public SourceLocation Location { get; } = location;

    public string Signature => Name + (Arity == 0 ? string.Empty : "(" + string.Join(", ", Parameters) + ")") + (ValueType is { } v ? " = " + v : string.Empty);
}

/// <summary>A source document: the path as written, and where it was found (null when the path was refused).</summary>
public sealed record SourceSymbol(string Name, string DeclaredPath, string? ResolvedPath, SourceLocation Location);

public sealed record VariableSymbol(string Name, TypeSymbol Type, int Index);

/// <summary>An argument of an atom: a value, or a rule variable.</summary>
public abstract record Term;

public sealed record ConstantTerm(Value Value) : Term
{
    public override string ToString() => Value.ToString();
}

public sealed record VariableTerm(VariableSymbol Variable) : Term
{
    public override string ToString() => Variable.Name;
}

public sealed record BoundAtom(RelationSymbol Relation, ImmutableArray<Term> Arguments, SourceLocation Location)
{
    public bool IsGround => Arguments.All(a => a is ConstantTerm);

    public ImmutableArray<Value> GroundArguments => [.. Arguments.Select(a => ((ConstantTerm)a).Value)];

    public override string ToString() => Relation.Name + (Arguments.IsEmpty ? string.Empty : "(" + string.Join(", ", Arguments) + ")");
}

public sealed record Citation(SourceSymbol? Source, string SourceName, string? Anchor, string? Quote, SourceLocation Location)
{
    /// <summary>True for <c>per analyst "reason"</c>: the analyst's own judgment, whose <see cref="Quote"/> is the reason given.</summary>
    public bool IsAnalyst => Source is null && SourceName == Syntax.Citation.Analyst;

    /// <summary>The citation as a short reference: <c>source#anchor</c>, or the source alone.</summary>
    public string Reference => Anchor is null ? SourceName : SourceName + "#" + Anchor;

    public override string ToString() =>
        $"per {SourceName}" + (Anchor is null ? string.Empty : "#" + Anchor) + (Quote is null ? string.Empty : $" \"{Quote}\"");

    /// <summary>The texts some of these citations cite, in order, each once (the analyst is not a text).</summary>
    public static IEnumerable<string> SourcesOf(IEnumerable<Citation> citations) =>
        citations.Where(c => !c.IsAnalyst).Select(c => c.SourceName).Distinct(StringComparer.Ordinal);
}

/// <summary>A premise: <c>fact p</c>, <c>fact not p</c> or <c>fact p = v</c>.</summary>
public sealed record FactSymbol(BoundAtom Atom, bool Negated, Value? Value, Citation? Citation, SourceLocation Location, string? Scenario)
{
    /// <summary>Every citation, <see cref="Citation"/> first: several when several texts state the premise (it is corroborated).</summary>
    public ImmutableArray<Citation> Citations { get; init; } = [];

    /// <summary>The texts that state it, in citation order (not the analyst).</summary>
    public IEnumerable<string> SourceNames => Semantics.Citation.SourcesOf(Citations);

    /// <summary>True for a premise a user fixed for a what-if (in the REPL or with <c>whatif</c>), which no file states.</summary>
    public bool IsWhatIf { get; init; }
}

/// <summary>An open premise: true or false, or one of the listed values, each with an optional probability.</summary>
public sealed record AssumeSymbol(BoundAtom Atom, ImmutableArray<AssumeOptionSymbol> Options, decimal? Probability, Citation? Citation, SourceLocation Location, string? Scenario)
{
    /// <summary>Every citation, <see cref="Citation"/> first.</summary>
    public ImmutableArray<Citation> Citations { get; init; } = [];

    public bool IsBoolean => Options.IsEmpty;
}

public sealed record AssumeOptionSymbol(Value Value, decimal? Probability);

public sealed record ConclusionSymbol(BoundAtom Atom, bool Negated, BoundExpression? Value);

public sealed class RuleSymbol(string? name, ImmutableArray<VariableSymbol> variables, SourceLocation location, TextSpan span)
{
    private FreezableList<RuleSymbol> overrides;
    private string? text;
    private BoundExpression condition = BoundError.Instance;
    private ConclusionSymbol? conclusion;
    private BoundExpression? unless;
    private ImmutableArray<Citation> citations;

    /// <summary>The rule's name; a bare <c>if ... then ...</c> is named after its file and line.</summary>
    public string Name => name ?? $"{System.IO.Path.GetFileNameWithoutExtension(Location.Source.Path)}:{Location.Start.Line}";

    /// <summary>False for a bare <c>if ... then ...</c>, whose name is made from its position.</summary>
    public bool IsNamed => name is not null;

    public ImmutableArray<VariableSymbol> Variables { get; } = variables;

    public SourceLocation Location { get; } = location;

    /// <summary>The rule as written, on one line, for reports (made when first asked for: large arguments never print most rules).</summary>
    /// <summary>The whole statement's span in its file.</summary>
    public TextSpan StatementSpan => span;

    public string Text => text ??= string.Join(' ', Location.Source[span].Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    public BoundExpression Condition
    {
        get => condition;
        internal set => condition = overrides.IsFrozen ? throw Frozen.Error() : value;
    }

    public ConclusionSymbol? Conclusion
    {
        get => conclusion;
        internal set => conclusion = overrides.IsFrozen ? throw Frozen.Error() : value;
    }

    public BoundExpression? Unless
    {
        get => unless;
        internal set => unless = overrides.IsFrozen ? throw Frozen.Error() : value;
    }

    /// <summary>What the step rests on: a text's claim, or the analyst's judgment (<see cref="Citation.IsAnalyst"/>); null when it cites nothing. The first of <see cref="Citations"/>.</summary>
    public Citation? Citation => citations.IsDefaultOrEmpty ? null : citations[0];

    /// <summary>Every citation: several when several texts state the same reasoning.</summary>
    public ImmutableArray<Citation> Citations
    {
        get => citations.IsDefault ? [] : citations;
        internal set => citations = overrides.IsFrozen ? throw Frozen.Error() : value;
    }

    /// <summary>The weaker rules this one overrides (<c>overrides</c>).</summary>
    public IReadOnlyList<RuleSymbol> Overrides => overrides.Items;

    internal void AddOverride(RuleSymbol weaker) => overrides.Add(weaker);

    internal void Freeze() => overrides.Freeze();

    public override string ToString() => Name;
}

public sealed record ExpectationSymbol(string? Label, BoundExpression Claim, ScenarioQuantifier Quantifier, SourceLocation Location, string Text, string? Scenario)
{
    /// <summary>The condition of <c>expect q when p</c>: the claim is expected wherever it holds (null for a plain expectation).</summary>
    public BoundExpression? When { get; init; }
}

/// <summary>
/// <c>never ["label":] condition</c>: the condition cannot hold. Premises that make it hold contradict each other (an
/// error unless expected); a scenario in which it holds is impossible, and is left out of every sweep.
/// </summary>
public sealed record ConstraintSymbol(string? Label, BoundExpression Condition, ImmutableArray<Citation> Citations, SourceLocation Location, string Text)
{
    /// <summary>How reports name it: its label, or its file and line.</summary>
    public string Name => Label is { } label ? $"\"{label}\"" : $"never at {Location}";

    public override string ToString() => Name;
}

/// <summary><c>expect ["label":] violation of "constraint" [in some scenario]</c>: the argument states that the texts violate it.</summary>
public sealed record ExpectViolationSymbol(string? Label, ConstraintSymbol Constraint, ScenarioQuantifier Quantifier, SourceLocation Location, string Text, string? Scenario);

public sealed record ExpectConflictSymbol(string? Label, BoundAtom Atom, ScenarioQuantifier Quantifier, SourceLocation Location, string Text, string? Scenario);

public sealed record ScenarioSymbol(string Name, SourceLocation Location, ImmutableArray<FactSymbol> Facts, ImmutableArray<AssumeSymbol> Assumes, ImmutableArray<ExpectationSymbol> Expectations, ImmutableArray<ExpectConflictSymbol> ExpectConflicts)
{
    public ImmutableArray<ExpectViolationSymbol> ExpectViolations { get; init; } = [];
}

/// <summary>
/// A list that symbols fill while binding and that becomes immutable when the model is built. A struct holding
/// nothing until the first item: most rules override nothing, and a 100,000-rule argument has 100,000 of these.
/// </summary>
internal struct FreezableList<T>
{
    private static readonly IReadOnlyList<T> Empty = ImmutableArray<T>.Empty;

    private List<T>? building;

    // Boxed once: Items is read in inner loops (every rule's overrides, every variable's type members).
    private IReadOnlyList<T>? items;

    public readonly bool IsFrozen => items is not null;

    /// <summary>While binding, the list being filled (nothing outside the binder sees it then); after, the frozen copy.</summary>
    public readonly IReadOnlyList<T> Items => items ?? building ?? Empty;

    public void Add(T item)
    {
        if (items is not null)
        {
            throw Frozen.Error();
        }

        (building ??= []).Add(item);
    }

    public void Freeze()
    {
        items ??= building is null ? Empty : building.ToImmutableArray();
        building = null;
    }
}

/// <summary>What a change to a built model is: a defect in PolicyDsl (user input never gets here).</summary>
internal static class Frozen
{
    public static InvalidOperationException Error() => new("the model is built and immutable; this is a bug in PolicyDsl");
}
