using System.Collections.Immutable;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Syntax;
using PolicyDsl.Dsl.Text;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Analysis;

/// <summary>A premise fixed by a what-if: the atom (by its id in the ground program), and the premise stated on it.</summary>
public sealed record WhatIfPremise(GroundAtomKey Atom, FactSymbol Fact, string Text)
{
    public override string ToString() => Text;
}

public sealed partial class ArgumentAnalysis
{
    /// <summary>
    /// This analysis with one more premise fixed (<c>p</c>, <c>not p</c> or <c>p = value</c>): it replaces any
    /// what-if on the same atom, and any premise, stated or open, the argument has on it.
    /// </summary>
    public ArgumentAnalysis WithWhatIf(string premise)
    {
        var fixedPremise = BindWhatIf(premise);
        return WithWhatIfs(WhatIfs.RemoveAll(w => w.Atom == fixedPremise.Atom).Add(fixedPremise));
    }

    /// <summary>This analysis with several premises fixed, in order (a later one on the same atom wins).</summary>
    public ArgumentAnalysis WithWhatIfs(IEnumerable<string> premises) => premises.Aggregate(this, (analysis, premise) => analysis.WithWhatIf(premise));

    /// <summary>This analysis without the what-if on the premise's atom.</summary>
    public ArgumentAnalysis WithoutWhatIf(string premise)
    {
        var atom = AtomOf(premise.Trim());
        if (!WhatIfs.Any(w => w.Atom == atom))
        {
            throw new QuestionException(QuestionFailure.BadQuestion, $"'{premise.Trim()}' is not set; :set shows what is");
        }

        return WithWhatIfs(WhatIfs.RemoveAll(w => w.Atom == atom));
    }

    /// <summary>
    /// The conclusions whose state differs from <paramref name="before"/> in this analysis (within a named scenario),
    /// each with what its new state rests on, from its supports: the texts, the analyst judgments it needs or can rest
    /// on, and the what-if premises among its premises.
    /// </summary>
    public IReadOnlyList<ConclusionChange> ChangesFrom(Evaluation? before, string? scenario = null)
    {
        var after = Baseline(scenario);
        return ConclusionTable.Differences(before, after, SupportsOf(after), p => p.Symbol is FactSymbol f && WhatIfs.Any(w => w.Fact == f));
    }

    /// <summary>The conclusions whose state the what-ifs change, against the argument without them.</summary>
    public IReadOnlyList<ConclusionChange> WhatIfChanges() => WhatIfs.IsEmpty ? [] : ChangesFrom(Base);

    /// <summary>Conflicts that the what-ifs produce (those the argument acknowledges included, as information).</summary>
    public IReadOnlyList<Diagnostic> WhatIfConflicts()
    {
        if (WhatIfs.IsEmpty || Current is null)
        {
            return [];
        }

        var diagnostics = new DiagnosticBag();
        ArgumentChecker.ReportConflicts(Current, Model.ExpectConflicts.Where(e => e.Scenario is null), WhatIfName, diagnostics);
        return diagnostics.ToSortedList();
    }

    /// <summary>
    /// The conflicts the what-ifs create: in conflict with them, not in the argument as written (by atom, as the
    /// programs may differ). Unacknowledged ones are errors: a what-if that makes the texts contradict each other
    /// must not pass as clean.
    /// </summary>
    public IReadOnlyList<Diagnostic> WhatIfNewConflicts()
    {
        if (WhatIfs.IsEmpty || Current is null || Base is null)
        {
            return [];
        }

        var before = Base.Conflicts().Select(c => GroundAtomKey.Of(c.Atom)).ToHashSet();
        var diagnostics = new DiagnosticBag();
        ArgumentChecker.ReportConflicts(Current, Model.ExpectConflicts.Where(e => e.Scenario is null), WhatIfName, diagnostics, c => !before.Contains(GroundAtomKey.Of(c.Atom)));
        return diagnostics.ToSortedList();
    }

    private ArgumentAnalysis WithWhatIfs(ImmutableArray<WhatIfPremise> whatIfs) =>
        WithWhatIfs(whatIfs, Scenario is null ? null : Model.Scenarios.First(s => s.Name == Scenario));

    /// <summary>The analysis with these what-ifs, over the base premises or, in a named scenario, over the scenario's.</summary>
    private ArgumentAnalysis WithWhatIfs(ImmutableArray<WhatIfPremise> whatIfs, ScenarioSymbol? scenario)
    {
        var baseProgram = Program ?? throw NotEvaluated();
        var ordered = whatIfs.Sort((a, b) => string.CompareOrdinal(a.Fact.Atom.ToString(), b.Fact.Atom.ToString()));
        if (ordered.IsEmpty && scenario is not null)
        {
            return new ArgumentAnalysis(Model, Program, baseEvaluation, report, ordered, baseProgram, PremiseSet.ForScenario(baseProgram, scenario),
                new Lazy<Evaluation>(() => ScenarioEvaluation(scenario)))
            { WrittenModel = WrittenModel, Withdrawn = Withdrawn, Scenario = scenario.Name };
        }

        if (ordered.IsEmpty)
        {
            return new ArgumentAnalysis(Model, Program, baseEvaluation, report, ordered, baseProgram, PremiseSet.Base(baseProgram), baseEvaluation) { WrittenModel = WrittenModel, Withdrawn = Withdrawn };
        }

        // Grounded again with the what-ifs among the premises, so that the rule instances they make possible (a
        // polarity no file states) can fire; the atoms keep their numbers, as they are interned in the same order.
        var (program, limit) = Grounder.TryGround(Model, [.. ordered.Select(w => w.Fact)]);
        if (program is null)
        {
            throw new QuestionException(QuestionFailure.CannotAnswer, $"with these what-ifs, {Grounder.Explain(limit!)}");
        }

        var premises = (scenario is null ? PremiseSet.Base(program) : PremiseSet.ForScenario(program, scenario))
            .WithFacts(scenario?.Name ?? WhatIfName, ordered.Select(w => (program.FindAtom(w.Fact.Atom)!.Value, w.Fact)));
        var current = new Lazy<Evaluation>(() => FixpointEngine.Evaluate(program, premises));
        return new ArgumentAnalysis(Model, Program, baseEvaluation, report, ordered, program, premises, current) { WrittenModel = WrittenModel, Withdrawn = Withdrawn, Scenario = scenario?.Name };
    }

    /// <summary>Binds a what-if premise against the model and finds its atom in the program; a premise the argument cannot have is refused.</summary>
    private WhatIfPremise BindWhatIf(string premise)
    {
        var text = string.Join(' ', premise.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        var program = Program ?? throw NotEvaluated();
        var query = Bind(text, "premise").Expression!;
        var (atom, negated, value) = query switch
        {
            BoundTruth t => (t.Atom, false, (Value?)null),
            BoundNot { Operand: BoundTruth t } => (t.Atom, true, null),
            BoundBinary { Operator: BinaryOperator.Equal, Left: BoundAtomValue a, Right: BoundLiteral v } => (a.Atom, false, v.Value),
            BoundAtomValue a => throw new QuestionException(QuestionFailure.BadQuestion, $"{a.Atom} holds a value; give it one: {a.Atom} = ..."),
            _ => throw new QuestionException(QuestionFailure.BadQuestion, $"'{text}' is not a premise; a what-if fixes one: 'p', 'not p' or 'p = value'"),
        };

        // A what-if changes something the argument has: a misspelt premise would otherwise change nothing, silently.
        if (!program.Mentions(atom))
        {
            throw new QuestionException(QuestionFailure.BadQuestion, $"no statement of the argument mentions {atom}; a what-if fixes a premise the argument has");
        }

        var location = new SourceLocation(new SourceText("<" + WhatIfName + ">", text), new TextSpan(0, text.Length));
        return new WhatIfPremise(GroundAtomKey.Of(atom, []), new FactSymbol(atom, negated, value, null, location, WhatIfName) { IsWhatIf = true }, text);
    }

    /// <summary>The atom a premise is about ("not p" and "p = v" are about p).</summary>
    private GroundAtomKey AtomOf(string premise)
    {
        var text = premise.StartsWith("not ", StringComparison.Ordinal) ? premise[4..] : premise;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var program = Program ?? throw NotEvaluated();
        var query = Analyzer.BindQuery(Model, equals < 0 ? text : text[..equals]);
        var atom = query.HasErrors ? null : query.Expression switch
        {
            BoundTruth t => t.Atom,
            BoundAtomValue a => a.Atom,
            _ => null,
        };
        return atom is not null && program.Mentions(atom)
            ? GroundAtomKey.Of(atom, [])
            : throw new QuestionException(QuestionFailure.BadQuestion, $"'{premise}' is not set; :set shows what is");
    }
}
