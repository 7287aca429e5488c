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
        // Evidence indented under the claim it cites; the longest statement is cut at 60 characters.
        const int MaxStatement = 60;
        var table = new TextTable("  ", ["evidence", .. Enumerable.Range(1, matrix.Hypotheses.Count).Select(h => $"H{h}"), string.Empty]);
        string? group = null;
        foreach (var row in matrix.Rows)
        {
            var cited = HypothesisMatrix.GroupOf(row.Premise);
            if (cited != group)
            {
                group = cited;
                table.Line($"  {cited}");
            }

            var statement = row.Premise.Statement.Length > MaxStatement ? row.Premise.Statement[..(MaxStatement - 1)] + "…" : row.Premise.Statement;
            table.Row(["  " + statement, .. row.Cells.Select(Mark), row.IsDiagnostic ? string.Empty : "(not diagnostic)"]);
        }

        table.Row(["inconsistent", .. Enumerable.Range(0, matrix.Hypotheses.Count).Select(h => $"{matrix.Inconsistent(h)}")]);
        table.Row(["consistent", .. Enumerable.Range(0, matrix.Hypotheses.Count).Select(h => $"{matrix.Consistent(h)}")]);
        table.WriteTo(text);
        text.Append('\n');
        text.Append("C: in some support of the hypothesis (consistent); I: in some support of its negation (inconsistent); C/I: both; -: neither\n");
        var ranked = matrix.Ranking;
        // Hypotheses with the same score are a tie, said as one: Heuer's rule cannot choose between them.
        var ranks = ranked.GroupBy(matrix.Inconsistent).Select(g => g.Count() == 1
            ? $"H{g.First() + 1} ({g.Key})"
            : $"{string.Join(", ", g.SkipLast(1).Select(h => $"H{h + 1}"))} and H{g.Last() + 1} tie ({g.Key} each)");
        text.Append($"least inconsistent evidence first (Heuer: the hypothesis with the least survives): {string.Join(", ", ranks)}\n");
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
