using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Explain;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>Machine-readable reports. Property order is fixed and output is indented with '\n', so files diff cleanly.</summary>
public static class JsonReports
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };

    public static string Diagnostics(IReadOnlyList<Diagnostic> diagnostics, int files) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("files", files);
        w.WriteNumber("errors", diagnostics.Count(d => d.Severity == Severity.Error));
        w.WriteNumber("warnings", diagnostics.Count(d => d.Severity == Severity.Warning));
        w.WriteStartArray("diagnostics");
        foreach (var d in diagnostics)
        {
            WriteDiagnostic(w, d);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static void WriteDiagnostic(Utf8JsonWriter w, Diagnostic d)
    {
        w.WriteStartObject();
        w.WriteString("code", d.Code);
        w.WriteString("severity", d.Severity.ToString().ToLowerInvariant());
        w.WriteString("file", d.Path);
        w.WriteNumber("line", d.Start.Line);
        w.WriteNumber("column", d.Start.Column);
        w.WriteNumber("endLine", d.End.Line);
        w.WriteNumber("endColumn", d.End.Column);
        w.WriteString("message", d.Message);
        if (d.Related.Count > 0)
        {
            w.WriteStartArray("related");
            foreach (var r in d.Related)
            {
                var p = r.Source.GetPosition(r.Span.Start);
                w.WriteStartObject();
                w.WriteString("file", r.Source.Path);
                w.WriteNumber("line", p.Line);
                w.WriteNumber("column", p.Column);
                w.WriteString("message", r.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    public static string Evaluation(ArgumentReport report) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("argument", report.Model.DisplayName);
        w.WriteString("file", report.Model.Workspace.Root?.Source.Path);
        if (report.Base is { } evaluation)
        {
            WriteConclusions(w, "conclusions", evaluation);
            w.WriteStartArray("scenarios");
            foreach (var scenario in report.Scenarios)
            {
                w.WriteStartObject();
                w.WriteString("name", scenario.Scenario.Name);
                WriteConclusions(w, "conclusions", scenario.Evaluation);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("diagnostics");
        foreach (var d in report.Diagnostics)
        {
            WriteDiagnostic(w, d);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteConclusions(Utf8JsonWriter w, string name, Engine.Evaluation evaluation)
    {
        w.WriteStartArray(name);
        foreach (var row in ConclusionTable.Of(evaluation))
        {
            w.WriteStartObject();
            w.WriteString("atom", row.Atom.Display);
            w.WriteString("truth", row.Truth.ToString().ToLowerInvariant());
            w.WriteString("state", row.State);
            w.WriteStartArray("sources");
            foreach (var s in row.Sources)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// The test run: every expectation, and every file that could not be evaluated (with the errors that stop it),
    /// counted as failed, as the text report counts it, so the counts agree with the exit code.
    /// </summary>
    public static string Tests(IReadOnlyList<ArgumentReport> reports, IReadOnlyList<Diagnostic>? problems = null) => Write(w =>
    {
        var unevaluated = reports.Where(r => r.Program is null).ToList();
        var invocation = (problems ?? []).Where(p => p.IsError).ToList();
        w.WriteStartObject();
        w.WriteNumber("passed", reports.Sum(r => r.Passed));
        w.WriteNumber("failed", reports.Sum(r => r.Failed) + unevaluated.Count + invocation.Count);
        w.WriteStartArray("notEvaluated");
        foreach (var report in unevaluated)
        {
            w.WriteStartObject();
            w.WriteString("file", report.Model.Workspace.Root?.Source.Path ?? report.Model.Workspace.RootPath);
            w.WriteStartArray("diagnostics");
            foreach (var d in report.Diagnostics.Where(d => d.IsError))
            {
                WriteDiagnostic(w, d);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        foreach (var problem in invocation)
        {
            w.WriteStartObject();
            w.WriteString("file", problem.Path);
            w.WriteStartArray("diagnostics");
            WriteDiagnostic(w, problem);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("expectations");
        foreach (var outcome in reports.SelectMany(r => r.Expectations))
        {
            w.WriteStartObject();
            w.WriteString("file", outcome.Location.Source.Path);
            w.WriteNumber("line", outcome.Location.Start.Line);
            w.WriteString("expectation", outcome.Text);
            if (outcome.Scenario is not null)
            {
                w.WriteString("scenario", outcome.Scenario);
            }

            w.WriteBoolean("passed", outcome.Passed);
            w.WriteString("detail", outcome.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static string Proof(ProofNode node) => Write(w => WriteProof(w, node));

    /// <summary>What a JSON report is when PolicyDsl fails inside: an error object (never empty or partial output).</summary>
    public static string InternalFailure(string message) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("kind", "internal");
        w.WriteString("message", message);
        w.WriteNumber("exitCode", 3);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>A proof step as fields (kind, atom, truth, value, rule and bindings, citation, location), with the sentence too.</summary>
    private static void WriteProof(Utf8JsonWriter w, ProofNode node)
    {
        w.WriteStartObject();
        w.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(node.Kind.ToString()));
        if (node.Atom is { } atom)
        {
            w.WriteString("atom", atom);
        }

        if (node.Truth is { } truth)
        {
            w.WriteString("truth", truth);
        }

        if (node.Value is { } value)
        {
            w.WriteString("value", value.ToString());
        }

        if (node.Rule is { } rule)
        {
            w.WriteStartObject("rule");
            w.WriteString("name", rule);
            if (!node.Bindings.IsEmpty)
            {
                w.WriteStartObject("bindings");
                foreach (var (variable, bound) in node.Bindings)
                {
                    w.WriteString(variable, bound.ToString());
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        if (node.Scenario is { } scenario)
        {
            w.WriteString("scenario", scenario);
        }

        if (node.Citation is { } c)
        {
            w.WriteStartObject("citation");
            w.WriteString("source", c.SourceName);
            if (c.Anchor is { } anchor)
            {
                w.WriteString("anchor", anchor);
            }

            if (c.Quote is { } quote)
            {
                w.WriteString("quote", quote);
            }

            w.WriteEndObject();
        }

        if (node.Location is { } l)
        {
            w.WriteStartObject("location");
            w.WriteString("file", l.Source.Path);
            w.WriteNumber("line", l.Start.Line);
            w.WriteNumber("column", l.Start.Column);
            w.WriteEndObject();
        }

        w.WriteString("claim", node.Claim);
        if (node.Reason.Length > 0)
        {
            w.WriteString("reason", node.Reason);
        }

        if (node.Children.Count > 0)
        {
            w.WriteStartArray("because");
            foreach (var child in node.Children)
            {
                WriteProof(w, child);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
