using System.Text;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>
/// A text table: named columns, each as wide as its widest cell (the header included), separated by two spaces and
/// indented; a row may instead be a line of its own (a group's heading). Lines carry no trailing spaces. Reporters
/// build their tables with it, so a short name or a long one never shifts a column (issue 25).
/// </summary>
public sealed class TextTable(string indent, params string[] headers)
{
    private readonly List<string[]?> rows = [];
    private readonly List<string> lines = [];

    /// <summary>A row of cells, one per column (fewer leave the rest empty).</summary>
    public TextTable Row(params string[] cells)
    {
        rows.Add(cells);
        lines.Add(string.Empty);
        return this;
    }

    /// <summary>A line of its own between rows (not in a column), as given.</summary>
    public TextTable Line(string line)
    {
        rows.Add(null);
        lines.Add(line);
        return this;
    }

    public void WriteTo(StringBuilder text)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in rows.OfType<string[]>())
        {
            for (var c = 0; c < Math.Min(row.Length, widths.Length); c++)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        void Write(IReadOnlyList<string> cells)
        {
            var line = new StringBuilder(indent);
            for (var c = 0; c < widths.Length; c++)
            {
                var cell = c < cells.Count ? cells[c] : string.Empty;
                line.Append(c == widths.Length - 1 ? cell : cell.PadRight(widths[c] + 2));
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }

        Write(headers);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is { } cells)
            {
                Write(cells);
            }
            else
            {
                text.Append(lines[i].TrimEnd()).Append('\n');
            }
        }
    }
}
