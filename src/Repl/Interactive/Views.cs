using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Reports;

namespace PolicyDsl.Repl.Interactive;

/// <summary>
/// A premise as C# in the REPL sees it: <see cref="Value"/> typed (a number, percentage, amount of money, date,
/// level, constant or text) that compares and computes by the language's units rule (<c>before.Value -
/// after.Value</c> is a percentage when both are), <see cref="Number"/> the same value as a plain number (money in
/// dollars, a percentage in percent, a level by its rank), and the citation with its quotation.
/// </summary>
public sealed record FactView(string Atom, string Relation, IReadOnlyList<string> Arguments, Value? Value, decimal? Number, bool Negated, string? Source, string? Quote, string Location)
{
    public override string ToString() => (Negated ? "not " : string.Empty) + Atom + (Value is null ? string.Empty : " = " + Value);

    /// <summary>A value as a number C# can compute with: numbers, money (dollars), percentages (percent) and levels (their rank); else null.</summary>
    internal static decimal? NumberOf(Value? value) =>
        value is { Kind: ValueKind.Number or ValueKind.Money or ValueKind.Percent or ValueKind.Level } v ? v.Number : null;

    internal static FactView From(FactSymbol fact) => new(
        fact.Atom.ToString(), fact.Atom.Relation.Name, [.. fact.Atom.Arguments.Select(a => a.ToString()!)], fact.Value, NumberOf(fact.Value), fact.Negated,
        fact.Citation is { } c ? ConclusionTable.Cite(c) : null, fact.Citation?.Quote, fact.Location.ToString());
}

/// <summary>A rule as C# in the REPL sees it.</summary>
public sealed record RuleView(string Name, string Text, string Location)
{
    public override string ToString() => Text;
}

/// <summary>A relation as C# in the REPL sees it.</summary>
public sealed record RelationView(string Name, string Signature, string Location)
{
    public override string ToString() => Signature;
}

/// <summary>An expectation as C# in the REPL sees it: its text, whether it passed, and how it came out.</summary>
public sealed record ExpectationView(string Text, bool Passed, string Detail, string Location)
{
    public override string ToString() => (Passed ? "PASS  " : "FAIL  ") + Text;
}

/// <summary>A conclusion: an atom some rule concludes, with what is known of it and the sources it rests on.</summary>
/// <summary>
/// A conclusion as the REPL shows it: its truth or value, whether it is contested (only through a conflict) or also
/// contested (some supports pass through one), the sources it needs (in every minimal support) and those it can
/// rest on instead, and the citations of its recorded proof.
/// </summary>
public sealed record ConclusionView(string Atom, string Relation, string Truth, Value? Value, decimal? Number, bool Contested, bool AlsoContested, IReadOnlyList<string> Needs, IReadOnlyList<string> AlsoRestsOn, IReadOnlyList<string> Sources)
{
    /// <summary>The analyst's own steps (<c>per analyst</c>) its proof rests on, each as "rule name" with its reason.</summary>
    public IReadOnlyList<string> AnalystJudgments { get; init; } = [];

    /// <summary>Its proof cites more texts than <see cref="Sources"/> lists (the first 50).</summary>
    public bool SourcesCut { get; init; }

    /// <summary>Its proof rests on more analyst judgments than <see cref="AnalystJudgments"/> lists.</summary>
    public bool JudgmentsCut { get; init; }

    public override string ToString() => Atom + "  " + (Value is null ? Truth : "= " + Value) + (Contested ? ", contested" : AlsoContested ? ", also contested" : string.Empty);

    internal static ConclusionView From(ConclusionRow row) => new(
        row.Atom.Display, row.Atom.Relation.Name, row.Truth.Text(), row.Atom.IsValued ? row.Value : null,
        row.Atom.IsValued && row.Truth == Evaluator.Engine.Truth.True ? FactView.NumberOf(row.Value) : null, row.Contested, row.AlsoContested, row.Needs, row.AlsoRestsOn, row.Sources)
    {
        AnalystJudgments = [.. row.Judgments.Select(j => $"{j.Step}: {j.Reason}")],
        SourcesCut = row.SourcesCut,
        JudgmentsCut = row.JudgmentsCut,
    };
}

/// <summary>An explanation that prints as a tree.</summary>
public sealed record ProofView(ProofNode Root)
{
    public override string ToString() => ProofText.Render(Root).TrimEnd('\n');
}

