using System.Collections.Immutable;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>
/// What a withdrawn name names: a source (its premises and rules), one claim of a source (the premises and rules
/// citing it), one premise, one rule, or the analyst's own judgments (every premise and rule cited per analyst).
/// </summary>
public enum WithdrawnKind
{
    Source,
    Claim,
    Premise,
    Rule,
    Analyst,
}

/// <summary>
/// A name given to withdraw (<c>--without</c>, <c>:without</c>), as it was resolved: its kind, how many premises it
/// withdraws, and the rules it withdraws by name (every report says which rules went).
/// </summary>
public sealed record WithdrawnName(string Name, WithdrawnKind Kind, int Statements)
{
    /// <summary>The names of the rules the name withdraws, in the order the argument writes them.</summary>
    public ImmutableArray<string> Rules { get; init; } = [];

    /// <summary>Premises and rules that cite it but stay, because another text (or the analyst) states them too.</summary>
    public int Kept { get; init; }

    /// <summary>The kind as JSON and SARIF write it: source, claim, premise, rule or analyst.</summary>
    public string KindCode => Kind.ToString().ToLowerInvariant();

    public string KindText => Kind switch
    {
        WithdrawnKind.Source => "source",
        WithdrawnKind.Claim => "claim",
        WithdrawnKind.Rule => "rule",
        WithdrawnKind.Analyst => "analyst judgments",
        _ => "premise",
    };

    public override string ToString()
    {
        var name = Kind == WithdrawnKind.Rule ? Name : $"{KindText} {Name}";
        if (Kind == WithdrawnKind.Analyst)
        {
            name = "the analyst's judgments";
        }

        var parts = new List<string>();
        if (Statements > 0 || (Rules.IsEmpty && Kept == 0))
        {
            parts.Add($"{Statements} statement{(Statements == 1 ? string.Empty : "s")}");
        }

        if (!Rules.IsEmpty && Kind != WithdrawnKind.Rule)
        {
            parts.Add($"{Rules.Length} rule{(Rules.Length == 1 ? string.Empty : "s")}: {string.Join(", ", Rules)}");
        }

        if (Kept > 0)
        {
            parts.Add($"{Kept} kept: stated by another text too");
        }

        return parts.Count == 0 ? name : $"{name} ({string.Join("; ", parts)})";
    }

    // Records compare arrays by reference; two names are the same when they say the same.
    public bool Equals(WithdrawnName? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Statements == other.Statements && Kept == other.Kept && Rules.SequenceEqual(other.Rules, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, Kind, Statements, Rules.Length);
}

/// <summary>
/// What a question was asked about, resolved once from the host's options and carried in every answer: the named
/// scenario (null: the base argument), the premises withdrawn, and the what-ifs (premises fixed for the question).
/// Every report states it (a line in text, <c>context</c> in JSON, run properties in SARIF, the map's and the
/// report's titles), so no answer can be mistaken for one about the argument as written.
/// </summary>
public sealed record QuestionContext(string? Scenario, ImmutableArray<WithdrawnName> Withdrawn, ImmutableArray<string> WhatIfs)
{
    public bool IsAsWritten => Scenario is null && Withdrawn.IsEmpty && WhatIfs.IsEmpty;

    /// <summary>
    /// The context in words, for a text report's first line and a title: <c>in scenario "X"; without claim enlist#c3
    /// (1 statement); what if fact a</c>. Empty for the argument as written.
    /// </summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Scenario is not null)
        {
            parts.Add($"in scenario \"{Scenario}\"");
        }

        if (!Withdrawn.IsEmpty)
        {
            parts.Add("without " + string.Join(", ", Withdrawn));
        }

        if (!WhatIfs.IsEmpty)
        {
            parts.Add("what if " + string.Join(", ", WhatIfs));
        }

        return string.Join("; ", parts);
    }

    /// <summary>A title (the map's, the report's) with the context in words, when it is not the argument as written.</summary>
    public string Title(string title) => IsAsWritten ? title : $"{title} ({Describe()})";

    // Records compare arrays by reference; two contexts are the same when they say the same.
    public bool Equals(QuestionContext? other) =>
        other is not null && Scenario == other.Scenario && Withdrawn.SequenceEqual(other.Withdrawn) && WhatIfs.SequenceEqual(other.WhatIfs, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Scenario, Withdrawn.Length, WhatIfs.Length);
}
