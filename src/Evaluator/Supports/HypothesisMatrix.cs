using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Supports;

/// <summary>How one piece of evidence bears on one hypothesis, read from the supports (Heuer's matrix, computed).</summary>
public enum Bearing
{
    /// <summary>In no minimal support of the hypothesis or of its negation.</summary>
    Neither,

    /// <summary>In some minimal support of the hypothesis.</summary>
    Consistent,

    /// <summary>In some minimal support of the hypothesis's negation.</summary>
    Inconsistent,

    /// <summary>In some support of each.</summary>
    Both,
}

/// <summary>A hypothesis (a column): its name as the report shows it, and the claim.</summary>
public sealed record Hypothesis(string Name, string Claim, GroundCondition Condition);

/// <summary>A piece of evidence (a row): a stated premise, and how it bears on each hypothesis.</summary>
public sealed record EvidenceRow(SupportPremise Premise, IReadOnlyList<Bearing> Cells)
{
    /// <summary>Evidence that bears the same way on every hypothesis does not help to choose between them.</summary>
    public bool IsDiagnostic => Cells.Distinct().Skip(1).Any();
}

/// <summary>
/// The competing-hypotheses matrix of an evaluation: rows the stated premises, columns the hypotheses, each cell
/// whether the premise is in some minimal support of the hypothesis, of its negation, both or neither. The supports
/// range over the stated premises and every choice of every open premise (one choice per open premise at a time),
/// so a hypothesis that holds only in some scenarios is still supported, by the premises and choices that make it
/// hold.
/// </summary>
public sealed class HypothesisMatrix
{
    /// <summary>Minimal sets listed per hypothesis and side; past it the matrix says it is cut (cells may be missing).</summary>
    public const int MaxSets = 256;

    private HypothesisMatrix(IReadOnlyList<Hypothesis> hypotheses, IReadOnlyList<EvidenceRow> rows, IReadOnlyList<bool> cut, string? notComputed)
    {
        Hypotheses = hypotheses;
        Rows = rows;
        Cut = cut;
        NotComputed = notComputed;
    }

    public IReadOnlyList<Hypothesis> Hypotheses { get; }

    /// <summary>The stated premises in file and line order, with their cells.</summary>
    public IReadOnlyList<EvidenceRow> Rows { get; }

    /// <summary>Per hypothesis, whether more minimal sets exist than were read (some cells may then say less than they could).</summary>
    public IReadOnlyList<bool> Cut { get; }

    /// <summary>Null when computed; otherwise why not.</summary>
    public string? NotComputed { get; }

    /// <summary>Heuer's score of a hypothesis: the evidence inconsistent with it (its negation's supports use it). The least inconsistent survives.</summary>
    public int Inconsistent(int hypothesis) => Rows.Count(r => r.Cells[hypothesis] is Bearing.Inconsistent or Bearing.Both);

    public int Consistent(int hypothesis) => Rows.Count(r => r.Cells[hypothesis] is Bearing.Consistent or Bearing.Both);

    /// <summary>The hypotheses by how much evidence is inconsistent with them, least first (Heuer: the one with the least survives); ties in order.</summary>
    public IReadOnlyList<int> Ranking => [.. Enumerable.Range(0, Hypotheses.Count).OrderBy(Inconsistent).ThenBy(h => h)];

    /// <summary>How many premises bear the same way on every hypothesis: they do not help to choose between them.</summary>
    public int NotDiagnostic => Rows.Count(r => !r.IsDiagnostic);

    public static HypothesisMatrix Compute(Evaluation evaluation, IReadOnlyList<Hypothesis> hypotheses, int nodeLimit = DecisionDiagram.DefaultNodeLimit, CancellationToken cancellation = default)
    {
        var premises = SupportAnalysis.PremisesOf(evaluation).Where(p => !p.IsAssumption).ToList();
        var statements = premises.Select(p => StatementOf(p)).ToList();

        // Each choice of each open premise is a variable too; a consistent set takes at most one choice per premise.
        var choiceGroups = new List<int[]>();
        foreach (var (atom, assume) in evaluation.Premises.Open.OrderBy(o => o.Key))
        {
            var group = new List<int>();
            if (assume.IsBoolean)
            {
                group.Add(statements.Count);
                statements.Add((atom, false, null));
                group.Add(statements.Count);
                statements.Add((atom, true, null));
            }
            else
            {
                foreach (var option in assume.Options)
                {
                    group.Add(statements.Count);
                    statements.Add((atom, false, option.Value));
                }
            }

            choiceGroups.Add([.. group]);
        }

        var diagram = new DecisionDiagram(nodeLimit);
        try
        {
            var symbolic = SymbolicEvaluation.Run(diagram, evaluation.Program, statements, cancellation);
            var consistent = DecisionDiagram.True;
            foreach (var group in choiceGroups)
            {
                for (var i = 0; i < group.Length; i++)
                {
                    for (var j = i + 1; j < group.Length; j++)
                    {
                        consistent = diagram.And(consistent, diagram.Not(diagram.And(diagram.Variable(group[i]), diagram.Variable(group[j]))));
                    }
                }
            }

            var cells = premises.Select(_ => new Bearing[hypotheses.Count]).ToArray();
            var cut = new bool[hypotheses.Count];
            for (var h = 0; h < hypotheses.Count; h++)
            {
                cancellation.ThrowIfCancellationRequested();
                var condition = hypotheses[h].Condition;
                var (forIt, cutFor) = UsedIn(diagram, diagram.And(symbolic.HoldsFunction(condition), consistent), premises.Count);
                var (against, cutAgainst) = UsedIn(diagram, diagram.And(symbolic.HoldsFunction(new GroundNot(condition)), consistent), premises.Count);
                cut[h] = cutFor || cutAgainst;
                for (var p = 0; p < premises.Count; p++)
                {
                    cells[p][h] = (forIt[p], against[p]) switch
                    {
                        (true, true) => Bearing.Both,
                        (true, false) => Bearing.Consistent,
                        (false, true) => Bearing.Inconsistent,
                        _ => Bearing.Neither,
                    };
                }
            }

            // Grouped by the claim each cites, groups in the order they first appear, premises in file order within each.
            var rows = premises.Select((p, i) => new EvidenceRow(p, cells[i])).GroupBy(r => GroupOf(r.Premise), StringComparer.Ordinal).SelectMany(g => g);
            return new HypothesisMatrix(hypotheses, [.. rows], cut, null);
        }
        catch (DiagramLimitException limit)
        {
            return new HypothesisMatrix(hypotheses, [], [.. hypotheses.Select(_ => true)],
                $"computing it needs more than {limit.Limit:N0} decision-diagram nodes (the premises and open choices derive the hypotheses in too many ways)");
        }
    }

    /// <summary>The claim a premise cites, as rows are grouped: <c>source#anchor</c>, the analyst, or no source.</summary>
    public static string GroupOf(SupportPremise premise) => premise.Citation switch
    {
        null => "(no source)",
        { IsAnalyst: true } => "analyst",
        var c => c.Reference,
    };

    /// <summary>Which of the first <paramref name="count"/> variables (the stated premises) appear in some minimal set of <paramref name="function"/>.</summary>
    private static (bool[] Used, bool Cut) UsedIn(DecisionDiagram diagram, int function, int count)
    {
        var used = new bool[count];
        var (sets, truncated) = diagram.MinimalSets(diagram.UpwardClosure(function, []), MaxSets, []);
        foreach (var set in sets)
        {
            foreach (var variable in set)
            {
                if (variable < count)
                {
                    used[variable] = true;
                }
            }
        }

        return (used, truncated);
    }

    private static (int Atom, bool Negated, Value? Value) StatementOf(SupportPremise premise) => premise.Symbol switch
    {
        FactSymbol fact => (premise.Atom, fact.Negated, fact.Value),
        _ => throw new InvalidOperationException("a stated premise is a fact"),
    };
}
