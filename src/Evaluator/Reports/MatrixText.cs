using System.Text;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>
/// The competing-hypotheses matrix as text: the hypotheses numbered, then one row per premise grouped by the claim
/// it cites, a mark per hypothesis (readable without colour), Heuer's scores, and the evidence that is not diagnostic.
/// </summary>
public static class MatrixText
{
    public static string Write(string argument, HypothesisMatrix matrix)
    {
        var text = new StringBuilder();
        text.Append($"competing hypotheses: {argument}\n");
        for (var h = 0; h < matrix.Hypotheses.Count; h++)
        {
            var hypothesis = matrix.Hypotheses[h];
            text.Append($"  H{h + 1}  {hypothesis.Name}{(hypothesis.Name == hypothesis.Claim ? string.Empty : ": " + hypothesis.Claim)}\n");
        }

        if (matrix.NotComputed is { } why)
        {
            return text.Append($"\nthe matrix was not computed: {why}\n").ToString();
        }

        text.Append('\n');
        var width = Math.Clamp(matrix.Rows.Count == 0 ? 10 : matrix.Rows.Max(r => r.Premise.Statement.Length) + 3, 12, 60);
        text.Append("  " + "evidence".PadRight(width));
        for (var h = 0; h < matrix.Hypotheses.Count; h++)
        {
            text.Append($"H{h + 1}".PadRight(5));
        }

        text.Append('\n');
        string? group = null;
        foreach (var row in matrix.Rows)
        {
            var cited = HypothesisMatrix.GroupOf(row.Premise);
            if (cited != group)
            {
                group = cited;
                text.Append($"  {cited}\n");
            }

            var statement = row.Premise.Statement.Length > width - 3 ? row.Premise.Statement[..(width - 4)] + "…" : row.Premise.Statement;
            text.Append("    " + statement.PadRight(width - 2));
            foreach (var cell in row.Cells)
            {
                text.Append(Mark(cell).PadRight(5));
            }

            text.Append(row.IsDiagnostic ? "\n" : "  (not diagnostic)\n");
        }

        text.Append("  " + "inconsistent".PadRight(width));
        for (var h = 0; h < matrix.Hypotheses.Count; h++)
        {
            text.Append($"{matrix.Inconsistent(h)}".PadRight(5));
        }

        text.Append('\n').Append("  " + "consistent".PadRight(width));
        for (var h = 0; h < matrix.Hypotheses.Count; h++)
        {
            text.Append($"{matrix.Consistent(h)}".PadRight(5));
        }

        text.Append("\n\n");
        text.Append("C: in some support of the hypothesis (consistent); I: in some support of its negation (inconsistent); C/I: both; -: neither\n");
        var ranked = matrix.Ranking;
        text.Append($"least inconsistent evidence first (Heuer: the hypothesis with the least survives): {string.Join(", ", ranked.Select(h => $"H{h + 1} ({matrix.Inconsistent(h)})"))}\n");
        var notDiagnostic = matrix.NotDiagnostic;
        text.Append($"{notDiagnostic} of {matrix.Rows.Count} premises bear the same way on every hypothesis: they do not help to choose between them\n");
        var cut = Enumerable.Range(0, matrix.Hypotheses.Count).Where(h => matrix.Cut[h]).ToList();
        if (cut.Count > 0)
        {
            text.Append($"more than {HypothesisMatrix.MaxSets} minimal supports for {string.Join(", ", cut.Select(h => $"H{h + 1}"))}: their columns are read from the {HypothesisMatrix.MaxSets} smallest, and may miss some marks\n");
        }

        // Columns are padded; lines are not left with trailing spaces.
        return string.Join('\n', text.ToString().Split('\n').Select(line => line.TrimEnd()));
    }

    public static string Mark(Bearing bearing) => bearing switch
    {
        Bearing.Consistent => "C",
        Bearing.Inconsistent => "I",
        Bearing.Both => "C/I",
        _ => "-",
    };
}
