using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyDsl.Dsl.Diagnostics;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>Diagnostics as SARIF 2.1.0, so CI systems can annotate the lines of the argument files.</summary>
public static class SarifReport
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };

    /// <summary>
    /// A SARIF log for a run that failed inside PolicyDsl: no results, the invocation marked as unsuccessful with the
    /// reason, so a CI tool reading it sees a valid log that says the check did not complete.
    /// </summary>
    public static string InternalFailure(string message, string version)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            WriteRunStart(w, version);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("invocations");
            w.WriteStartObject();
            w.WriteBoolean("executionSuccessful", false);
            w.WriteNumber("exitCode", 3);
            w.WriteStartArray("toolExecutionNotifications");
            w.WriteStartObject();
            w.WriteString("level", "error");
            w.WriteStartObject("message");
            w.WriteString("text", message);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("results");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The log's header and its one run's tool driver, left open for the driver's rules.</summary>
    private static void WriteRunStart(Utf8JsonWriter w, string version)
    {
        w.WriteStartObject();
        w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "policydsl");
        w.WriteString("version", version);
    }

    public static string Write(IReadOnlyList<Diagnostic> diagnostics, string version)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            WriteRunStart(w, version);
            w.WriteStartArray("rules");
            foreach (var descriptor in DiagnosticCatalog.All)
            {
                w.WriteStartObject();
                w.WriteString("id", descriptor.Code);
                w.WriteStartObject("shortDescription");
                w.WriteString("text", descriptor.Title);
                w.WriteEndObject();
                w.WriteStartObject("defaultConfiguration");
                w.WriteString("level", Level(descriptor.Severity));
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("results");
            foreach (var d in diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("ruleId", d.Code);
                w.WriteString("level", Level(d.Severity));
                w.WriteStartObject("message");
                w.WriteString("text", d.Message);
                w.WriteEndObject();
                w.WriteStartArray("locations");
                WriteLocation(w, d.Path, d.Start.Line, d.Start.Column, d.End.Line, d.End.Column, null);
                w.WriteEndArray();
                if (d.Related.Count > 0)
                {
                    w.WriteStartArray("relatedLocations");
                    foreach (var r in d.Related)
                    {
                        var start = r.Source.GetPosition(r.Span.Start);
                        var end = r.Source.GetPosition(r.Span.End);
                        WriteLocation(w, r.Source.Path, start.Line, start.Column, end.Line, end.Column, r.Message);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteLocation(Utf8JsonWriter w, string path, int line, int column, int endLine, int endColumn, string? message)
    {
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", path);
        w.WriteEndObject();
        if (line > 0)
        {
            w.WriteStartObject("region");
            w.WriteNumber("startLine", line);
            w.WriteNumber("startColumn", column);
            w.WriteNumber("endLine", Math.Max(line, endLine));
            w.WriteNumber("endColumn", Math.Max(endLine > line ? 1 : column + 1, endColumn));
            w.WriteEndObject();
        }

        w.WriteEndObject();
        if (message is not null)
        {
            w.WriteStartObject("message");
            w.WriteString("text", message);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}
