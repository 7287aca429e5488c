using System.Text;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Grounding;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>A conclusion of an evaluation: an atom some rule concludes, what is known of it and the sources it rests on.</summary>
public sealed record ConclusionRow(GroundAtom Atom, Truth Truth, string State, IReadOnlyList<string> Sources);

/// <summary>The <c>eval</c> report: every conclusion with its truth value or value and its sources; premises, conflicts and overrides.</summary>
public static class EvalText
{
    public static IReadOnlyList<ConclusionRow> Conclusions(Evaluation evaluation)
    {
        var explainer = new Explainer(evaluation);
        var rows = new List<ConclusionRow>();
        foreach (var atom in evaluation.Program.Atoms)
        {
            if (evaluation.Program.RulesByHead[atom.Id] is null)
            {
                continue;
            }

            var truth = evaluation.TruthOf(atom.Id);
            var planes = new List<Plane>();
            string state;
            if (atom.IsValued)
            {
                var values = evaluation.ValuesOf(atom.Id);
                planes.AddRange(values.Select(v => Plane.Valued(atom.Id, v)));
                state = values.Count == 0 ? "unknown" : values.Count == 1 ? $"= {values[0]}" : "conflict: " + string.Join(" / ", values);
            }
            else
            {
                if (evaluation.Holds(atom.Id))
                {
                    planes.Add(Plane.True(atom.Id));
                }

                if (evaluation.Fails(atom.Id))
                {
                    planes.Add(Plane.False(atom.Id));
                }

                state = truth.Text();
            }

            var sources = planes.Select(explainer.Why).OfType<ProofNode>().SelectMany(p => p.Citations()).Select(Cite).Distinct().ToList();
            rows.Add(new ConclusionRow(atom, truth, state, sources));
        }

        return rows;
    }

    public static string Cite(Citation citation) => citation.SourceName + (citation.Anchor is null ? string.Empty : "#" + citation.Anchor);

    public static void Write(StringBuilder output, Evaluation evaluation, string heading)
    {
        output.Append(heading).Append('\n');
        var rows = Conclusions(evaluation);
        if (rows.Count == 0)
        {
            output.Append("  no rule concludes anything\n");
        }
        else
        {
            var width = Math.Min(48, rows.Max(r => r.Atom.Display.Length));
            var stateWidth = Math.Min(16, rows.Max(r => r.State.Length));
            foreach (var row in rows)
            {
                var line = "  " + row.Atom.Display.PadRight(width) + "  " + row.State.PadRight(stateWidth)
                    + (row.Sources.Count > 0 ? "  per " + string.Join(", ", row.Sources) : string.Empty);
                output.Append(line.TrimEnd()).Append('\n');
            }
        }

        var conflicts = evaluation.Conflicts();
        var explainer = new Explainer(evaluation);
        foreach (var conflict in conflicts)
        {
            output.Append("  conflict: ").Append(explainer.Describe(conflict.First)).Append(" versus ").Append(explainer.Describe(conflict.Second)).Append('\n');
        }

        foreach (var (weaker, stronger) in evaluation.Overrides())
        {
            output.Append("  overridden: ").Append(weaker.Describe()).Append(" by ").Append(stronger.Describe()).Append('\n');
        }

    }
}
