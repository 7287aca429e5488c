using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Evaluator.Analysis;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>Diagnostics as SARIF 2.1.0, so CI systems can annotate the lines of the argument files.</summary>
public static class SarifReport
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };

    /// <summary>
    /// A SARIF log for a run that failed inside PolicyDsl: no results, the invocation marked as unsuccessful with the
    /// reason, so a CI tool reading it sees a valid log that says the check did not complete.
    /// </summary>
    public static string InternalFailure(string message, string version, int exitCode = 3)
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
            w.WriteNumber("exitCode", exitCode);
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

    /// <param name="diagnostics">what check found</param>
    /// <param name="version">the tool's version</param>
    /// <param name="docsUrl">where docs/language.md is published, if it is: each rule then links its code's anchor there</param>
    /// <param name="context">what the check answered about (a scenario, withdrawn premises), as the run's property <c>context</c></param>
    public static string Write(IReadOnlyList<Diagnostic> diagnostics, string version, Uri? docsUrl = null, QuestionContext? context = null)
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
                w.WriteString("name", Name(descriptor.Title));
                w.WriteStartObject("shortDescription");
                w.WriteString("text", descriptor.Title);
                w.WriteEndObject();
                if (DiagnosticDescriptions.ByCode.TryGetValue(descriptor.Code, out var full))
                {
                    w.WriteStartObject("fullDescription");
                    w.WriteString("text", full);
                    w.WriteEndObject();
                    if (docsUrl is not null)
                    {
                        w.WriteString("helpUri", new UriBuilder(docsUrl) { Fragment = descriptor.Code.ToLowerInvariant() }.Uri.AbsoluteUri);
                    }

                    w.WriteStartObject("help");
                    w.WriteString("text", $"{descriptor.Code}: {full}. The message says what to do; docs/language.md, section Diagnostics, lists every code.");
                    w.WriteEndObject();
                }

                w.WriteStartObject("defaultConfiguration");
                w.WriteString("level", Level(descriptor.Severity));
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();

            // Paths are relative to the folder policydsl ran in; code scanning resolves them against the checkout.
            w.WriteStartObject("originalUriBaseIds");
            w.WriteStartObject(SourceRoot);
            w.WriteStartObject("description");
            w.WriteString("text", "the folder policydsl ran in (the repository root in CI)");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("invocations");
            w.WriteStartObject();
            w.WriteBoolean("executionSuccessful", true);
            w.WriteEndObject();
            w.WriteEndArray();
            if (context is not null)
            {
                // A run's property bag (SARIF 2.1.0, 3.8): what the diagnostics were found in, for a reader of the log.
                w.WriteStartObject("properties");
                JsonReports.WriteContext(w, context);
                w.WriteEndObject();
            }

            w.WriteStartArray("results");
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var d in diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("ruleId", d.Code);
                w.WriteNumber("ruleIndex", RuleIndex(d.Code));
                w.WriteString("level", Level(d.Severity));
                w.WriteStartObject("message");
                w.WriteString("text", d.Message);
                w.WriteEndObject();
                w.WriteStartObject("partialFingerprints");
                w.WriteString("primaryLocationLineHash", Fingerprint(d, seen));
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
        // A URI reference: each segment percent-encoded (a space, '#', '%' or a control character in a name), a
        // full path as a file URI, a relative one against the source root.
        var encoded = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        w.WriteString("uri", Path.IsPathRooted(path) ? "file://" + encoded : encoded);
        if (!Path.IsPathRooted(path))
        {
            w.WriteString("uriBaseId", SourceRoot);
        }

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

    private const string SourceRoot = "%SRCROOT%";

    private static int RuleIndex(string code)
    {
        for (var i = 0; i < DiagnosticCatalog.All.Count; i++)
        {
            if (DiagnosticCatalog.All[i].Code == code)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A rule's name: its title in PascalCase ("Unresolved conflict" is UnresolvedConflict).</summary>
    private static string Name(string title) =>
        string.Concat(title.Split([' ', '-', '\'', '(', ')', '/'], StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    /// <summary>
    /// What identifies a result across runs when lines move: the code, the file and the text of the line it is on
    /// (white space collapsed), not the line number; a count tells identical results on identical lines apart.
    /// Hex of the first 8 bytes of SHA-256, then ':' and the count, as GitHub's own fingerprints are written.
    /// </summary>
    private static string Fingerprint(Diagnostic d, Dictionary<string, int> seen)
    {
        var line = d.Source is { } source && d.Start.Line > 0 ? LineText(source.Text, d.Span.Start) : string.Empty;
        var key = $"{d.Code}\n{d.Path}\n{string.Join(' ', line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 8));
        seen[hash] = seen.GetValueOrDefault(hash) + 1;
        return $"{hash}:{seen[hash]}";
    }

    private static string LineText(string text, int position)
    {
        position = Math.Clamp(position, 0, text.Length);
        var start = position == 0 ? 0 : text.LastIndexOf('\n', Math.Max(0, position - 1)) + 1;
        var end = text.IndexOf('\n', position);
        return text[start..(end < 0 ? text.Length : end)].TrimEnd('\r');
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}
