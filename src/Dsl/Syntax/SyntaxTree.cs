using System.Collections.Immutable;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Dsl.Syntax;

/// <summary>A parsed argument file: every statement in order (erroneous ones included, as <see cref="ErrorStatement"/>).</summary>
public sealed record SyntaxTree(SourceText Source, ImmutableArray<Statement> Statements);

public abstract record SyntaxNode(TextSpan Span);

public sealed record Identifier(string Name, TextSpan Span) : SyntaxNode(Span)
{
    public override string ToString() => Name;
}

public sealed record StringLiteral(string Value, TextSpan Span) : SyntaxNode(Span);

// ---------------------------------------------------------------- statements

public abstract record Statement(TextSpan Span) : SyntaxNode(Span);

/// <summary><c>argument "Title" [requires sources]</c>.</summary>
public sealed record ArgumentStatement(StringLiteral Title, bool RequiresSources, TextSpan Span) : Statement(Span);

/// <summary><c>source name = "path"</c>.</summary>
public sealed record SourceStatement(Identifier Name, StringLiteral Path, TextSpan Span) : Statement(Span);

/// <summary><c>import "path"</c>.</summary>
public sealed record ImportStatement(StringLiteral Path, TextSpan Span) : Statement(Span);

/// <summary><c>type actor = US | Russia (Russian) | China</c>: a closed enumeration; a member may give an adjective.</summary>
public sealed record TypeStatement(Identifier Name, ImmutableArray<TypeMember> Members, TextSpan Span) : Statement(Span);

public sealed record TypeMember(Identifier Name, Identifier? Adjective, TextSpan Span) : SyntaxNode(Span);

/// <summary><c>scale stake = none &lt; low &lt; high</c>: an ordered enumeration.</summary>
public sealed record ScaleStatement(Identifier Name, ImmutableArray<Identifier> Levels, TextSpan Span) : Statement(Span);

/// <summary>
/// <c>fact [not] atom [= value] [per source["#anchor"] ["quote"]]...</c>: a premise; several citations (on following
/// lines) when several texts state it.
/// </summary>
public sealed record FactStatement(bool Negated, AtomSyntax Atom, Expression? Value, ImmutableArray<Citation> Citations, TextSpan Span) : Statement(Span)
{
    /// <summary>The first citation, or null when it cites nothing.</summary>
    public Citation? Citation => Citations.IsDefaultOrEmpty ? null : Citations[0];
}

/// <summary><c>assume atom [in [v1, v2: p]] [with probability p] [per ...]...</c>: an open premise.</summary>
public sealed record AssumeStatement(AtomSyntax Atom, ImmutableArray<AssumeOption> Options, Expression? Probability, ImmutableArray<Citation> Citations, TextSpan Span) : Statement(Span)
{
    /// <summary>The first citation, or null when it cites nothing.</summary>
    public Citation? Citation => Citations.IsDefaultOrEmpty ? null : Citations[0];
}

public sealed record AssumeOption(Expression Value, Expression? Probability, TextSpan Span) : SyntaxNode(Span);

/// <summary>A rule, named (<c>rule name(x: actor) overrides other: if ... then ... [unless ...]</c>) or bare (<c>if ... then ...</c>).</summary>
public sealed record RuleStatement(
    Identifier? Name,
    ImmutableArray<VariableDeclaration> Variables,
    ImmutableArray<Identifier> Overrides,
    Expression Condition,
    Conclusion Conclusion,
    Expression? Unless,
    TextSpan Span) : Statement(Span)
{
    /// <summary>
    /// What the step rests on: <c>per source#anchor "quote"</c>, or <c>per analyst "reason"</c> for the analyst's own;
    /// several when several texts state the same reasoning.
    /// </summary>
    public ImmutableArray<Citation> Citations { get; init; } = [];

    /// <summary>The first citation, or null when it cites nothing.</summary>
    public Citation? Citation => Citations.IsDefaultOrEmpty ? null : Citations[0];
}

public sealed record VariableDeclaration(Identifier Name, Identifier Type, TextSpan Span) : SyntaxNode(Span);

/// <summary><c>then atom</c>, <c>then not atom</c> or <c>then atom = value</c>.</summary>
public sealed record Conclusion(bool Negated, AtomSyntax Atom, Expression? Value, TextSpan Span) : SyntaxNode(Span);

public enum ScenarioQuantifier
{
    /// <summary>In the base evaluation, where open premises are unknown.</summary>
    Base,
    All,
    Some,

    /// <summary><c>in no scenario</c>: true (cleanly or only through a disputed step) in none of them.</summary>
    None,
}

/// <summary><c>expect ["label":] claim [when condition] [in all scenarios | in some scenario | in no scenario]</c>.</summary>
public sealed record ExpectStatement(StringLiteral? Label, Expression Claim, ScenarioQuantifier Quantifier, TextSpan Span) : Statement(Span)
{
    /// <summary>The condition of a conditional expectation (<c>expect q when p</c>): the claim is expected wherever it holds.</summary>
    public Expression? When { get; init; }
}

/// <summary><c>never ["label":] condition [per ...]...</c>: a constraint, stating that the condition cannot hold; each side may cite its text.</summary>
public sealed record NeverStatement(StringLiteral? Label, Expression Condition, ImmutableArray<Citation> Citations, TextSpan Span) : Statement(Span);

/// <summary><c>expect ["label":] violation of "constraint" [in some scenario]</c>: the author states that the texts violate a constraint.</summary>
public sealed record ExpectViolationStatement(StringLiteral? Label, StringLiteral Constraint, ScenarioQuantifier Quantifier, TextSpan Span) : Statement(Span);

/// <summary><c>expect ["label":] conflict on atom</c>: the author states on purpose that the texts contradict each other here.</summary>
public sealed record ExpectConflictStatement(StringLiteral? Label, AtomSyntax Atom, ScenarioQuantifier Quantifier, TextSpan Span) : Statement(Span);

/// <summary><c>scenario "name" { fact ... assume ... expect ... }</c>.</summary>
public sealed record ScenarioStatement(StringLiteral Name, ImmutableArray<Statement> Body, TextSpan Span) : Statement(Span);

/// <summary>A statement that did not parse; kept so the tree stays complete.</summary>
public sealed record ErrorStatement(TextSpan Span) : Statement(Span);

/// <summary><c>per source[#anchor] ["quote"]</c>; <c>per analyst "reason"</c> is the analyst's own judgment, with its reason.</summary>
public sealed record Citation(Identifier Source, StringLiteral? Anchor, StringLiteral? Quote, TextSpan Span) : SyntaxNode(Span)
{
    /// <summary>The word that marks a step as the analyst's own judgment rather than a text's claim.</summary>
    public const string Analyst = "analyst";

    public bool IsAnalyst => Source.Name == Analyst;
}

// ---------------------------------------------------------------- expressions

public abstract record Expression(TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// An atom, written as <c>relation(args)</c> or in phrase form (<c>US offer</c>, <c>Russian price(Ukraine)</c>,
/// <c>no deal</c>): one or more words and optional arguments. Which word is a subject is decided by the binder.
/// </summary>
public sealed record AtomSyntax(ImmutableArray<Identifier> Words, ImmutableArray<Expression>? Arguments, TextSpan Span) : SyntaxNode(Span)
{
    public bool IsSingleWord => Words.Length == 1 && Arguments is null;

    public override string ToString() =>
        string.Join(' ', Words.Select(w => w.Name)) + (Arguments is { } a ? "(" + string.Join(", ", a) + ")" : string.Empty);
}

public sealed record AtomExpression(AtomSyntax Atom) : Expression(Atom.Span)
{
    public override string ToString() => Atom.ToString();
}

public enum LiteralKind
{
    Number,
    Percent,
    Money,
    Date,
    Text,
}

/// <summary>A literal; <see cref="Number"/> holds numbers, percentages (57 for 57%) and money (in dollars).</summary>
public sealed record LiteralExpression(LiteralKind Kind, decimal Number, DateOnly Date, string Text, TextSpan Span) : Expression(Span)
{
    public override string ToString() => Text;
}

public enum UnaryOperator
{
    Not,
    Minus,
}

public sealed record UnaryExpression(UnaryOperator Operator, Expression Operand, TextSpan Span) : Expression(Span)
{
    public override string ToString() => Operator == UnaryOperator.Not ? $"not {Operand}" : $"-{Operand}";
}

public enum BinaryOperator
{
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
}

public sealed record BinaryExpression(BinaryOperator Operator, Expression Left, Expression Right, TextSpan Span) : Expression(Span)
{
    public override string ToString() => $"{Left} {Operator.Symbol()} {Right}";
}

/// <summary>A parenthesised expression, kept so spans and printing follow what the user wrote.</summary>
public sealed record ParenthesizedExpression(Expression Inner, TextSpan Span) : Expression(Span)
{
    public override string ToString() => $"({Inner})";
}

public static class OperatorText
{
    public static string Symbol(this BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "or",
        BinaryOperator.And => "and",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static bool IsComparison(this BinaryOperator op) => op is >= BinaryOperator.Equal and <= BinaryOperator.GreaterOrEqual;

    public static bool IsArithmetic(this BinaryOperator op) => op >= BinaryOperator.Add;
}
