using System.Text;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>The <c>eval</c> report: every conclusion with its truth value or value and its sources; premises, conflicts and overrides.</summary>
public static class EvalText
{
    public static void Write(StringBuilder output, Evaluation evaluation, string heading)
    {
        output.Append(heading).Append('\n');
        var rows = ConclusionTable.Of(evaluation);
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
