using System.Text;
using PolicyDsl.Dsl.Diagnostics;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>
/// Diagnostics as GitHub Actions workflow commands (<c>::error file=...,line=...::message</c>), which annotate the
/// lines of a pull request. Values are escaped as the runner reads them, so a message or a file name cannot end the
/// command early or start another one.
/// </summary>
public static class GitHubAnnotations
{
    public static string Write(IReadOnlyList<Diagnostic> diagnostics)
    {
        var output = new StringBuilder();
        foreach (var d in diagnostics.Where(d => d.Severity != Severity.Info))
        {
            output.Append("::").Append(d.Severity == Severity.Error ? "error" : "warning").Append(' ');
            if (d.Source is not null)
            {
                output.Append("file=").Append(Property(d.Path))
                    .Append(",line=").Append(d.Start.Line).Append(",col=").Append(d.Start.Column)
                    .Append(",endLine=").Append(d.End.Line).Append(",endColumn=").Append(d.End.Column).Append(',');
            }

            output.Append("title=").Append(Property($"{d.Code} {d.Descriptor.Title}")).Append("::").Append(Message(d.Message)).Append('\n');
        }

        return output.ToString();
    }

    /// <summary>A command's message: '%', CR and LF escaped.</summary>
    public static string Message(string text) => text.Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A command's property value: as a message, and ':' and ',' too.</summary>
    public static string Property(string text) => Message(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
