using System.Collections.Immutable;
using PolicyDsl.Dsl.Semantics;

namespace PolicyDsl.Evaluator.Explain;

/// <summary>What a line of an explanation says.</summary>
public enum ProofKind
{
    /// <summary>A premise stated in a file (in the base argument or a named scenario).</summary>
    Premise,

    /// <summary>A premise fixed by a what-if.</summary>
    WhatIf,

    /// <summary>An open premise fixed by the scenario being evaluated.</summary>
    Assumed,

    /// <summary>Concluded by a rule instance; its children are what its condition rested on.</summary>
    Rule,

    /// <summary>Explained higher up in the same tree.</summary>
    ShownAbove,

    /// <summary>A conclusion with its own row where the reader is (a report): past a size the tree refers to it there.</summary>
    ProvedElsewhere,

    /// <summary>A condition, expectation or claim, with its truth; its children are the atoms that decide it.</summary>
    Condition,

    /// <summary>A comparison of values, with the values compared.</summary>
    Comparison,

    /// <summary>An atom that has values (a valued atom asked about on its own).</summary>
    Values,

    /// <summary>Something that does not hold (why-not), with its state; its children say why.</summary>
    NotHolding,

    /// <summary>It does hold: see its proof (a why-not on something true).</summary>
    Holds,

    /// <summary>An open premise, unknown until a scenario fixes it.</summary>
    Open,

    /// <summary>The argument derives the opposite, or another value.</summary>
    Opposite,

    /// <summary>A rule instance that does not apply: its condition is false or unknown.</summary>
    RuleNotApplied,

    /// <summary>A rule instance whose <c>unless</c> exception is established.</summary>
    RuleExcepted,

    /// <summary>A rule instance that a stronger rule overrides.</summary>
    RuleOverridden,

    /// <summary>A rule instance that applies but whose value is unknown.</summary>
    RuleWithoutValue,

    /// <summary>Nothing states or concludes it, or it names nothing the argument has.</summary>
    Missing,

    /// <summary>The why-not stops here; asking about this node goes further.</summary>
    Truncated,

    /// <summary>Derived both ways: its children are the two chains.</summary>
    Conflict,

    /// <summary>A rule that applied had an <c>unless</c> exception, checked and not established; its children say what it lacks.</summary>
    ExceptionChecked,

    /// <summary>An override checked for a rule that applied: a stronger rule that did not apply (and why), or a weaker rule it overrode.</summary>
    OverrideChecked,
}

/// <summary>
/// One line of an explanation, as data: what kind of step it is, the ground atom it is about (id and display),
/// its truth or value, the rule instance and its bindings, the citation of a premise, where it is written, and
/// the steps it rests on. <see cref="Claim"/> and <see cref="Reason"/> are the same step in words, for text
/// reports; JSON carries the fields.
/// </summary>
public sealed record ProofNode(string Claim, string Reason, SourceLocation? Location, Citation? Citation, IReadOnlyList<ProofNode> Children)
{
    public ProofKind Kind { get; init; } = ProofKind.Condition;

    /// <summary>The step's further citations, after <see cref="Citation"/>: other texts that state the same premise or reasoning.</summary>
    public IReadOnlyList<Citation> AlsoCited { get; init; } = [];

    /// <summary>How many texts (not the analyst) state the step: more than one when it is corroborated.</summary>
    public int StatedBy => Citation.SourcesOf(Citation is { } first ? [first, .. AlsoCited] : AlsoCited).Count();

    /// <summary>At a proof's root: the violated constraints whose premises every support of the claim uses (issue 25).</summary>
    public IReadOnlyList<string> RestsOnInconsistent { get; init; } = [];

    /// <summary>The ground atom's id in its program, when the step is about one atom.</summary>
    public int? AtomId { get; init; }

    /// <summary>The ground atom as reports print it.</summary>
    public string? Atom { get; init; }

    /// <summary>"true", "false", "unknown" or "conflict" when the step states a truth.</summary>
    public string? Truth { get; init; }

    /// <summary>The value, when the step states one.</summary>
    public Value? Value { get; init; }

    /// <summary>The rule, for a rule step.</summary>
    public string? Rule { get; init; }

    /// <summary>The rule instance's variables and their values.</summary>
    public ImmutableArray<(string Variable, Value Value)> Bindings { get; init; } = [];

    /// <summary>The named scenario a premise belongs to, or that fixed an open premise.</summary>
    public string? Scenario { get; init; }

    /// <summary>The atom is derived both ways (or with two values) in the evaluation asked about: the other side is among the children.</summary>
    public bool InConflict { get; init; }

    /// <summary>Derived only through an atom in conflict: no clean chain holds it up.</summary>
    public bool Contested { get; init; }

    /// <summary>True where the same statement was already explained higher up in the tree.</summary>
    public bool SeeAbove => Kind == ProofKind.ShownAbove;

    /// <summary>All citations the tree rests on, without repeats, in order of first appearance.</summary>
    /// <summary>
    /// The analyst's own judgments the proof rests on (rules and premises cited <c>per analyst</c>), each once, in
    /// the order the proof shows them.
    /// </summary>
    public IReadOnlyList<AnalystJudgment> Judgments()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<ProofNode>([this]);
        var found = new List<AnalystJudgment>();
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node.Kind is ProofKind.ExceptionChecked or ProofKind.OverrideChecked)
            {
                // What was checked and did not apply is not what the conclusion rests on.
                continue;
            }

            if (node.Citation is { IsAnalyst: true } c && node.Location is { } location)
            {
                var step = node.Kind == ProofKind.Rule && node.Rule is { } rule ? $"rule {rule}" : $"premise {node.Claim}";
                if (seen.Add(step + "@" + location))
                {
                    found.Add(new AnalystJudgment(step, c.Quote ?? string.Empty, location));
                }
            }

            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                pending.Push(node.Children[i]);
            }
        }

        return found;
    }

    /// <summary>The citations of texts the proof rests on, premises' and rules' alike, each once; the analyst's own judgments are not among them.</summary>
    public IEnumerable<Citation> Citations()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<ProofNode>([this]);
        var ordered = new List<Citation>();
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node.Kind is ProofKind.ExceptionChecked or ProofKind.OverrideChecked)
            {
                continue;
            }

            foreach (var c in node.Citation is { } first ? [first, .. node.AlsoCited] : node.AlsoCited)
            {
                if (!c.IsAnalyst && seen.Add(c.ToString()))
                {
                    ordered.Add(c);
                }
            }

            for (var i = node.Children.Count - 1; i >= 0; i--)
            {
                pending.Push(node.Children[i]);
            }
        }

        return ordered;
    }
}

/// <summary>A step the analyst added (<c>per analyst "reason"</c>): the rule or premise, the reason given, and where it is written.</summary>
public sealed record AnalystJudgment(string Step, string Reason, SourceLocation Location)
{
    public override string ToString() => $"{Step} (\"{Reason}\", {Location})";
}
