using System.Text;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Explain;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>The <c>eval</c> report: every conclusion with its truth value or value and its sources; premises, conflicts and overrides.</summary>
public static class EvalText
{
    /// <summary>
    /// What a conclusion rests on: the citations of its smallest support, and when it has several supports or cites
    /// several sources, the sources it needs (in every support) and those it can rest on instead (in some); without
    /// supports, the citations of its one recorded proof.
    /// </summary>
    public static string RestsOn(ConclusionRow row) => Cited(row) + Judged(row) + Inconsistent(row);

    /// <summary>"  [rests on premises the argument says cannot all hold ("label")]" when every support uses a violated constraint's premises.</summary>
    public static string Inconsistent(ConclusionRow row) =>
        row.RestsOnInconsistent.Count == 0 ? string.Empty : $"  [{Supports.Nogoods.Describe(row.RestsOnInconsistent)}]";

    /// <summary>The analyst's own steps a conclusion rests on: "; rests on 2 analyst judgments (rule a, rule b)".</summary>
    public static string Judged(ConclusionRow row) =>
        (row.Judgments.Count == 0 ? string.Empty
            : $"  [rests on {row.JudgmentCount}: {string.Join(", ", row.Judgments.Select(j => j.Step))}{(row.JudgmentsCut ? ", ..." : string.Empty)}]")
        + (row.AlsoJudgments.Count == 0 ? string.Empty
            : $"  [can also rest on {(row.AlsoJudgments.Count == 1 ? "1 analyst judgment" : $"{row.AlsoJudgments.Count} analyst judgments")}: {string.Join(", ", row.AlsoJudgments.Select(j => j.Step))}]");

    private static string Cited(ConclusionRow row)
    {
        if (row.Supports is not { } count)
        {
            return row.Sources.Count > 0 ? "  per " + row.SourceList : string.Empty;
        }

        var text = row.SmallestSupport.Count > 0 ? "  per " + string.Join(", ", row.SmallestSupport) : count > 0 ? "  on premises that cite no source" : string.Empty;
        if (count <= 1 && row.Needs.Count + row.AlsoRestsOn.Count <= 1 && row.CorroboratedBy.Count == 0)
        {
            return text;
        }

        var parts = new List<string>();
        if (row.Needs.Count > 0)
        {
            parts.Add("needs " + string.Join(", ", row.Needs));
        }

        if (row.AlsoRestsOn.Count > 0)
        {
            parts.Add(row.Needs.Count > 0 ? "in some supports also " + string.Join(", ", row.AlsoRestsOn) : "rests on " + string.Join(" or ", row.AlsoRestsOn));
        }

        if (row.CorroboratedBy.Count > 0)
        {
            parts.Add("corroborated by " + string.Join(", ", row.CorroboratedBy));
        }

        var supports = count > 1 ? $"{count}{(row.SupportsCut ? "+" : string.Empty)} supports" : "1 support";
        return text + $"  ({supports}{(parts.Count > 0 ? ": " + string.Join("; ", parts) : string.Empty)})";
    }

    public static void Write(StringBuilder output, Evaluation evaluation, string heading, IReadOnlyList<ConclusionRow>? conclusions = null)
    {
        output.Append(heading).Append('\n');
        var rows = conclusions ?? ConclusionTable.Of(evaluation);
        if (rows.Count == 0)
        {
            output.Append("  no rule concludes anything\n");
        }
        else
        {
            var width = Math.Min(48, rows.Max(r => r.Atom.Display.Length));
            var stateWidth = Math.Min(24, rows.Max(r => r.Marked.Length));
            foreach (var row in rows)
            {
                var line = "  " + row.Atom.Display.PadRight(width) + "  " + row.Marked.PadRight(stateWidth) + RestsOn(row);
                output.Append(line.TrimEnd()).Append('\n');
            }
        }

        var conflicts = evaluation.Conflicts();
        var explainer = new Explainer(evaluation);
        foreach (var conflict in conflicts)
        {
            output.Append("  conflict: ").Append(explainer.Describe(conflict.First)).Append(" versus ").Append(explainer.Describe(conflict.Second)).Append('\n');
        }

        if (rows.Any(r => r.Judgments.Count > 0 || r.AlsoJudgments.Count > 0))
        {
            output.Append("  analyst judgment: a step cited per analyst, which no text states ('policydsl why' shows each with its reason); ")
                .Append("'rests on' one in every support, 'can also rest on' one in some\n");
        }

        if (rows.Any(r => r.Contested || r.AlsoContested))
        {
            output.Append("  contested: true or false only through an atom in conflict; also contested: some of its supports pass through one\n");
        }

        foreach (var (weaker, stronger) in evaluation.Overrides())
        {
            output.Append("  overridden: ").Append(weaker.Describe()).Append(" by ").Append(stronger.Describe()).Append('\n');
        }

    }
}
