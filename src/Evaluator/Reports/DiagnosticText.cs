using System.Text;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Text;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>Diagnostics as compilers print them: the coded line, the source line with a caret under the span, and notes.</summary>
public static class DiagnosticText
{
    public static void Write(StringBuilder output, Diagnostic diagnostic)
    {
        output.Append(diagnostic).Append('\n');
        if (ShowsLine(diagnostic) is { } source)
        {
            var start = diagnostic.Start;
            var end = diagnostic.End;
            var line = source.GetLineText(start.Line);
            var lastColumn = end.Line == start.Line ? Math.Max(end.Column, start.Column + 1) : line.Length + 1;
            var (shown, caretStart, caretEnd) = Excerpt(line, start.Column - 1, lastColumn - 1);
            var number = start.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var gutter = new string(' ', number.Length);
            output.Append("  ").Append(number).Append(" | ").Append(shown).Append('\n');
            output.Append("  ").Append(gutter).Append(" | ").Append(new string(' ', caretStart)).Append(new string('^', Math.Max(1, caretEnd - caretStart))).Append('\n');
        }

        foreach (var related in diagnostic.Related)
        {
            var position = related.Source.GetPosition(related.Span.Start);
            output.Append("  note: ").Append(DisplayText.Escape(related.Source.Path)).Append('(').Append(position.Line).Append(',').Append(position.Column)
                .Append("): ").Append(DisplayText.Escape(related.Message)).Append('\n');
        }
    }

    /// <summary>
    /// The text whose lines a report may show under a diagnostic, or null. Only argument files (and typed text: a
    /// query, a REPL input) are shown line by line: any other file a diagnostic is about (a document, a file named by
    /// mistake) is named, never printed. Every reporter that shows lines asks here.
    /// </summary>
    public static Dsl.Text.SourceText? ShowsLine(Diagnostic diagnostic) =>
        diagnostic.Source is { } source && source.Text.Length > 0 && (source.FullPath is null || source.FullPath.EndsWith(Dsl.Semantics.Workspace.PolicyFileExtension, StringComparison.Ordinal))
            ? source
            : null;

    /// <summary>Past this many characters a source line is cut, with "..."; minified or generated lines would flood the log.</summary>
    private const int MaxExcerptWidth = 160;

    /// <summary>
    /// A source line as shown under a diagnostic (tabs as spaces, control characters escaped, cut at
    /// <see cref="MaxExcerptWidth"/>), with the shown columns of the span [from, to) so the carets stay under it.
    /// </summary>
    private static (string Shown, int CaretStart, int CaretEnd) Excerpt(string line, int from, int to)
    {
        var shown = new StringBuilder();
        int caretStart = -1, caretEnd = -1;
        for (var i = 0; i < line.Length && shown.Length < MaxExcerptWidth; i++)
        {
            if (i == from)
            {
                caretStart = shown.Length;
            }

            if (i == to)
            {
                caretEnd = shown.Length;
            }

            if (line[i] == '\t')
            {
                shown.Append(' ');
            }
            else
            {
                DisplayText.AppendEscaped(shown, line, ref i);
            }
        }

        var cut = shown.Length >= MaxExcerptWidth && shown.Length < DisplayText.Escape(line).Length;
        caretStart = caretStart < 0 ? shown.Length : caretStart;
        caretEnd = caretEnd < 0 ? shown.Length : caretEnd;
        if (cut)
        {
            shown.Append("...");
        }

        return (shown.ToString(), caretStart, Math.Max(caretEnd, caretStart + 1));
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
        var errors = DiagnosticBag.Total(diagnostics, Severity.Error);
        var warnings = DiagnosticBag.Total(diagnostics, Severity.Warning);
        return $"checked {Plural(files, "file")}: {Plural(errors, "error")}, {Plural(warnings, "warning")}";
    }

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
