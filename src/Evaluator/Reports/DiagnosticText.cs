using System.Text;
using PolicyDsl.Dsl.Diagnostics;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>Diagnostics as compilers print them: the coded line, the source line with a caret under the span, and notes.</summary>
public static class DiagnosticText
{
    public static void Write(StringBuilder output, Diagnostic diagnostic)
    {
        output.Append(diagnostic).Append('\n');
        if (diagnostic.Source is { } source && source.Text.Length > 0)
        {
            var start = diagnostic.Start;
            var line = source.GetLineText(start.Line).Replace('\t', ' ');
            var number = start.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var gutter = new string(' ', number.Length);
            var end = diagnostic.End;
            var width = end.Line == start.Line ? Math.Max(1, end.Column - start.Column) : Math.Max(1, line.Length - start.Column + 1);
            var shown = line.Length > 160 ? line[..160] + "..." : line;
            width = Math.Min(width, Math.Max(1, shown.Length - start.Column + 1));
            output.Append("  ").Append(number).Append(" | ").Append(shown).Append('\n');
            output.Append("  ").Append(gutter).Append(" | ").Append(new string(' ', Math.Max(0, Math.Min(start.Column - 1, shown.Length)))).Append(new string('^', width)).Append('\n');
        }

        foreach (var related in diagnostic.Related)
        {
            var position = related.Source.GetPosition(related.Span.Start);
            output.Append("  note: ").Append(related.Source.Path).Append('(').Append(position.Line).Append(',').Append(position.Column).Append("): ").Append(related.Message).Append('\n');
        }
    }

    /// <summary>What every verb says of an argument whose errors stop evaluation, after the diagnostics that say why.</summary>
    public const string NotEvaluated = Analysis.QuestionException.NotEvaluatedMessage;

    /// <summary>The diagnostics that stop evaluation, then <see cref="NotEvaluated"/>: the one way a verb reports it.</summary>
    public static void WriteNotEvaluated(StringBuilder output, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Write(output, diagnostic);
        }

        output.Append(NotEvaluated).Append('\n');
    }

    public static string Summary(IReadOnlyCollection<Diagnostic> diagnostics, int files)
    {
        var errors = diagnostics.Count(d => d.Severity == Severity.Error);
        var warnings = diagnostics.Count(d => d.Severity == Severity.Warning);
        return $"checked {Plural(files, "file")}: {Plural(errors, "error")}, {Plural(warnings, "warning")}";
    }

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
