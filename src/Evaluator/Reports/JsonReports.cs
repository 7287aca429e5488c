using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Explain;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>Machine-readable reports. Property order is fixed and output is indented with '\n', so files diff cleanly.</summary>
public static partial class JsonReports
{
    /// <summary>
    /// The version of the JSON output contract, the first property of every document (docs/schemas/ holds a schema per
    /// verb). It changes when a property is removed or changes meaning; added properties keep it.
    /// </summary>
    public const int SchemaVersion = 1;

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };

    public static string Diagnostics(IReadOnlyList<Diagnostic> diagnostics, int files, QuestionContext? context = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        w.WriteNumber("files", files);
        w.WriteNumber("errors", DiagnosticBag.Total(diagnostics, Severity.Error));
        w.WriteNumber("warnings", DiagnosticBag.Total(diagnostics, Severity.Warning));
        WriteDiagnostics(w, diagnostics);
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

    /// <summary>
    /// The eval report; <paramref name="conclusions"/> gives each evaluation's rows (with supports), and
    /// <paramref name="more"/> adds diagnostics found while computing them.
    /// </summary>
    /// <param name="report">the checked argument</param>
    /// <param name="conclusions">each evaluation's conclusion rows (supports included); by default computed here</param>
    /// <param name="more">diagnostics beyond the report's (supports left out)</param>
    /// <param name="onlyScenario">eval --scenario: <c>conclusions</c> are that scenario's (named in <c>scenario</c>), and no other scenario is listed.</param>
    /// <param name="context">what the evaluation answered about, written as <c>context</c> (left out when null)</param>
    public static string Evaluation(ArgumentReport report, Func<Engine.Evaluation, IReadOnlyList<ConclusionRow>>? conclusions = null, IReadOnlyList<Diagnostic>? more = null, string? onlyScenario = null, QuestionContext? context = null) =>
        Write(w => WriteEvaluation(w, report, conclusions, more, onlyScenario, context));

    /// <summary>As <see cref="Evaluation(ArgumentReport, Func{Engine.Evaluation, IReadOnlyList{ConclusionRow}}?, IReadOnlyList{Diagnostic}?, string?, QuestionContext?)"/>, written to <paramref name="output"/> as it is made.</summary>
    public static void Evaluation(TextWriter output, ArgumentReport report, Func<Engine.Evaluation, IReadOnlyList<ConclusionRow>>? conclusions = null, IReadOnlyList<Diagnostic>? more = null, string? onlyScenario = null, QuestionContext? context = null) =>
        WriteTo(output, w => WriteEvaluation(w, report, conclusions, more, onlyScenario, context));

    private static void WriteEvaluation(Utf8JsonWriter w, ArgumentReport report, Func<Engine.Evaluation, IReadOnlyList<ConclusionRow>>? conclusions, IReadOnlyList<Diagnostic>? more, string? onlyScenario, QuestionContext? context)
    {
        conclusions ??= e => ConclusionTable.Of(e);
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        w.WriteString("argument", report.Model.DisplayName);
        w.WriteString("file", report.Model.Workspace.Root?.Source.Path);
        if (onlyScenario is not null && report.Scenarios.FirstOrDefault(s => s.Scenario.Name == onlyScenario) is { } only)
        {
            w.WriteString("scenario", onlyScenario);
            WriteConclusions(w, "conclusions", conclusions(only.Evaluation));
            w.WriteStartArray("scenarios");
            w.WriteEndArray();
        }
        else if (report.Base is { } evaluation)
        {
            WriteConclusions(w, "conclusions", conclusions(evaluation));
            w.WriteStartArray("scenarios");
            foreach (var scenario in report.Scenarios)
            {
                w.WriteStartObject();
                w.WriteString("name", scenario.Scenario.Name);
                WriteConclusions(w, "conclusions", conclusions(scenario.Evaluation));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        WriteDiagnostics(w, more is null ? report.Diagnostics : DiagnosticBag.Sort(report.Diagnostics.Concat(more)));
        w.WriteEndObject();
    }

    private static void WriteConclusions(Utf8JsonWriter w, string name, IReadOnlyList<ConclusionRow> rows)
    {
        w.WriteStartArray(name);
        foreach (var row in rows)
        {
            w.WriteStartObject();
            w.WriteString("atom", row.Atom.Display);
            w.WriteString("truth", row.Truth.ToString().ToLowerInvariant());
            w.WriteString("state", row.State);
            w.WriteBoolean("contested", row.Contested);
            w.WriteBoolean("alsoContested", row.AlsoContested);
            WriteStrings(w, "sources", row.Sources);
            if (row.SourcesCut)
            {
                w.WriteBoolean("sourcesCut", true);
            }

            WriteJudgments(w, row.Judgments);
            if (row.JudgmentsCut)
            {
                w.WriteBoolean("judgmentsCut", true);
            }

            WriteJudgments(w, row.AlsoJudgments, "alsoAnalystJudgments");
            WriteStrings(w, "restsOnInconsistentPremises", row.RestsOnInconsistent);

            FlushEarly(w);
            if (row.Supports is { } count)
            {
                WriteStrings(w, "needs", row.Needs);
                WriteStrings(w, "alsoRestsOn", row.AlsoRestsOn);
                WriteStrings(w, "corroboratedBy", row.CorroboratedBy);
                w.WriteNumber("supports", count);
                w.WriteBoolean("supportsCut", row.SupportsCut);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    internal static void WriteStrings(Utf8JsonWriter w, string? name, IEnumerable<string> values)
    {
        if (name is null)
        {
            w.WriteStartArray();
        }
        else
        {
            w.WriteStartArray(name);
        }

        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// The test run: every expectation, and every file that could not be evaluated (with the errors that stop it),
    /// counted as failed, as the text report counts it, so the counts agree with the exit code.
    /// </summary>
    public static string Tests(IReadOnlyList<TestedArgument> reports, IReadOnlyList<Diagnostic>? problems = null, CoverageReport? coverage = null, QuestionContext? context = null) => Write(w =>
    {
        var unevaluated = reports.Where(r => !r.Evaluated).ToList();
        var invocation = (problems ?? []).Where(p => p.IsError).ToList();
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        w.WriteNumber("passed", reports.Sum(r => r.Passed));
        w.WriteNumber("failed", reports.Sum(r => r.Failed) + unevaluated.Count + invocation.Count);
        w.WriteStartArray("notEvaluated");
        foreach (var report in unevaluated)
        {
            w.WriteStartObject();
            w.WriteString("file", report.File);
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
            if (outcome.Finding is { } finding)
            {
                w.WriteString("code", finding.Code);
            }

            if (outcome.RestsOnInconsistent.Count > 0)
            {
                WriteStrings(w, "restsOnInconsistentPremises", outcome.RestsOnInconsistent);
            }

            if (outcome.Warnings.Count > 0)
            {
                w.WriteStartArray("warnings");
                foreach (var warning in outcome.Warnings)
                {
                    WriteDiagnostic(w, warning);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (coverage is not null)
        {
            WriteCoverage(w, coverage);
        }

        w.WriteEndObject();
    });

    private static void WriteCoverage(Utf8JsonWriter w, CoverageReport coverage)
    {
        static void Part(Utf8JsonWriter w, string name, Covered covered)
        {
            w.WriteStartObject(name);
            w.WriteNumber("covered", covered.Count);
            w.WriteNumber("total", covered.Total);
            w.WriteNumber("percent", Math.Round(covered.Percent, 1));
            w.WriteEndObject();
        }

        w.WriteStartObject("coverage");
        Part(w, "rules", coverage.Rules);
        Part(w, "instances", coverage.Instances);
        Part(w, "premises", coverage.Premises);
        w.WriteStartArray("files");
        foreach (var file in coverage.Files)
        {
            w.WriteStartObject();
            w.WriteString("file", file.File);
            Part(w, "rules", file.Rules);
            Part(w, "instances", file.Instances);
            Part(w, "premises", file.Premises);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("unexercisedRules");
        foreach (var rule in coverage.Unexercised)
        {
            w.WriteStartObject();
            w.WriteString("rule", rule.Name);
            WriteLocation(w, rule.Location);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// A proof as one JSON object. A step <see cref="ProofText.FoldDepth"/> levels below the top is written as
    /// <c>{"continuation": k}</c>, the step itself (folded again in turn) being the root's <c>continuations[k]</c>:
    /// JSON readers refuse deep nesting (System.Text.Json at 64 levels by default), and a chain of reasoning can be
    /// thousands of steps deep.
    /// </summary>
    public static string Proof(ProofNode node, QuestionContext? context = null) => Write(w => WriteProofDocument(w, node, context));

    /// <summary>As <see cref="Proof(ProofNode, QuestionContext?)"/>, written to <paramref name="output"/> as it is made.</summary>
    public static void Proof(ProofNode node, TextWriter output, QuestionContext? context = null) => WriteTo(output, w => WriteProofDocument(w, node, context));

    private static void WriteProofDocument(Utf8JsonWriter w, ProofNode node, QuestionContext? context)
    {
        var folded = new List<ProofNode>();
        WriteProof(w, node, root: true, depth: 0, folded, context);
        if (folded.Count > 0)
        {
            w.WriteStartArray("continuations");
            for (var i = 0; i < folded.Count; i++)
            {
                WriteProof(w, folded[i], root: false, depth: 0, folded);
                w.WriteEndObject();
                FlushEarly(w);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>The supports of a claim: per plane, each minimal support with its premises and their citations.</summary>
    public static string Support(SupportAnswer answer, QuestionContext? context = null) => Write(w =>
    {
        var explainer = new Explainer(answer.Analysis.Evaluation);
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        w.WriteString("claim", answer.Claim);
        w.WriteString("state", answer.State);
        WriteAcross(w, answer.AcrossScenarios);
        if (answer.Analysis.NotComputed is { } why)
        {
            w.WriteString("notComputed", why);
        }

        w.WriteStartArray("planes");
        foreach (var plane in answer.Planes)
        {
            w.WriteStartObject();
            w.WriteString("holds", explainer.Describe(plane.Plane));
            w.WriteBoolean("contested", plane.Contested);
            w.WriteBoolean("alsoContested", plane.AlsoContested);
            w.WriteBoolean("truncated", plane.Truncated);
            WriteStrings(w, "needs", plane.NeededSources);
            WriteStrings(w, "alsoRestsOn", plane.AlsoSources);
            WriteStrings(w, "corroboratedBy", plane.CorroboratingSources);
            w.WriteStartArray("supports");
            foreach (var support in plane.Supports)
            {
                w.WriteStartObject();
                w.WriteBoolean("clean", support.Clean);
                WriteStrings(w, "sources", support.Sources);
                WritePremises(w, "premises", support.Premises);
                if (support.Rules is { } rules)
                {
                    // The cited rules it passes through: without each, these premises no longer derive it.
                    w.WriteStartArray("rules");
                    foreach (var rule in rules)
                    {
                        w.WriteStartObject();
                        w.WriteString("rule", rule.Name);
                        WriteCitation(w, rule.Citation!);
                        WriteAlsoCited(w, rule.Citations);
                        WriteLocation(w, rule.Location);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                WriteJudgments(w, support.Judgments);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteJudgments(w, answer.Judgments);
        WriteJudgments(w, answer.AlsoJudgments, "alsoAnalystJudgments");
        WriteDiagnostics(w, answer.Diagnostics);
        w.WriteEndObject();
    });

    private static void WriteJudgments(Utf8JsonWriter w, IReadOnlyList<Explain.AnalystJudgment> judgments, string name = "analystJudgments")
    {
        w.WriteStartArray(name);
        foreach (var judgment in judgments)
        {
            w.WriteStartObject();
            w.WriteString("step", judgment.Step);
            w.WriteString("reason", judgment.Reason);
            WriteLocation(w, judgment.Location);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static string Retract(RetractAnswer answer, QuestionContext? context = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        WriteStrings(w, "withdrawn", answer.Withdrawal.Names);
        WritePremises(w, "premises", answer.Withdrawn);
        w.WriteStartArray("rules");
        foreach (var rule in answer.Withdrawal.Rules)
        {
            w.WriteStartObject();
            w.WriteString("rule", rule.Name);
            if (rule.Citation is { } c)
            {
                WriteCitation(w, c);
            }

            WriteAlsoCited(w, rule.Citations);
            WriteLocation(w, rule.Location);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        void Rows(string name, IReadOnlyList<RetractRow> rows)
        {
            w.WriteStartArray(name);
            foreach (var row in rows)
            {
                w.WriteStartObject();
                w.WriteString("atom", row.Atom.Display);
                w.WriteString("before", row.Before);
                w.WriteString("after", row.After);
                if (row.Remaining.Count > 0)
                {
                    // The first remaining support, as before, then every one (clean first, each group smallest first).
                    WritePremises(w, "remainingSupport", row.Remaining[0].Premises);
                    w.WriteStartArray("remainingSupports");
                    foreach (var support in row.Remaining)
                    {
                        w.WriteStartObject();
                        w.WriteBoolean("clean", support.Clean);
                        WritePremises(w, "premises", support.Premises);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteBoolean("remainingCut", row.RemainingCut);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        Rows("lost", answer.Lost);
        Rows("nowContested", answer.NowContested);
        Rows("changed", answer.Changed);
        Rows("kept", answer.Kept);
        w.WriteStartObject("scenarios");
        w.WriteNumber("before", answer.ScenarioCounts.Before);
        w.WriteNumber("after", answer.ScenarioCounts.After);
        if (answer.ScenariosNotCompared is { } why)
        {
            w.WriteString("notCompared", why);
        }

        w.WriteStartArray("changed");
        foreach (var row in answer.Scenarios)
        {
            w.WriteStartObject();
            w.WriteString("atom", row.Atom);
            w.WriteString("before", row.Before);
            w.WriteString("after", row.After);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteNumber("unaffected", answer.Unaffected);
        w.WriteEndObject();
    });

    /// <summary>The map: its nodes (kind, label, state, where, citation) and edges, for other tools to draw or read.</summary>
    public static string Map(Maps.ArgumentMap map, QuestionContext? context = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        w.WriteString("argument", map.Title);
        if (map.Scenario is { } scenario)
        {
            w.WriteString("scenario", scenario);
        }

        w.WriteStartArray("nodes");
        foreach (var node in map.Nodes)
        {
            w.WriteStartObject();
            w.WriteString("id", node.Id);
            w.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(node.Kind.ToString()));
            w.WriteString("label", node.Label);
            w.WriteString("state", node.State);
            w.WriteBoolean("dependsOnOpen", node.DependsOnOpen);
            w.WriteString("file", node.File);
            w.WriteNumber("line", node.Line);
            if (node.Citation is { } citation)
            {
                WriteCitation(w, citation);
            }

            WriteFurtherCitations(w, node.AlsoCited);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var edge in map.Edges)
        {
            w.WriteStartObject();
            w.WriteString("from", edge.From);
            w.WriteString("to", edge.To);
            w.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(edge.Kind.ToString()));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The competing-hypotheses matrix: hypotheses, evidence rows with one cell per hypothesis, and the scores.</summary>
    public static string Matrix(string argument, Supports.HypothesisMatrix matrix, QuestionContext? context = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        w.WriteString("argument", argument);
        if (matrix.NotComputed is { } why)
        {
            w.WriteString("notComputed", why);
        }

        w.WriteStartArray("hypotheses");
        for (var h = 0; h < matrix.Hypotheses.Count; h++)
        {
            w.WriteStartObject();
            w.WriteString("id", $"H{h + 1}");
            w.WriteString("name", matrix.Hypotheses[h].Name);
            w.WriteString("claim", matrix.Hypotheses[h].Claim);
            w.WriteNumber("inconsistent", matrix.Inconsistent(h));
            w.WriteNumber("consistent", matrix.Consistent(h));
            w.WriteBoolean("cut", matrix.Cut[h]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("evidence");
        foreach (var row in matrix.Rows)
        {
            w.WriteStartObject();
            w.WriteString("premise", row.Premise.Statement);
            w.WriteString("group", Supports.HypothesisMatrix.GroupOf(row.Premise));
            if (row.Premise.Citation is { } citation)
            {
                WriteCitation(w, citation);
            }

            WriteLocation(w, row.Premise.Location);
            w.WriteBoolean("diagnostic", row.IsDiagnostic);
            w.WriteStartArray("cells");
            foreach (var cell in row.Cells)
            {
                w.WriteStringValue(JsonNamingPolicy.CamelCase.ConvertName(cell.ToString()));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static string Critical(CriticalAnswer answer, QuestionContext? context = null) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteContext(w, context);
        WriteCritical(w, answer);
        if (answer.Sides.Count > 0)
        {
            w.WriteStartArray("sides");
            foreach (var side in answer.Sides)
            {
                w.WriteStartObject();
                WriteCritical(w, side);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        var scenarios = answer.InScenarios;
        w.WriteStartObject("scenarios");
        w.WriteNumber("possible", scenarios.Possible);
        w.WriteString("standing", scenarios.Standing);
        if (scenarios.NotCompared is { } why)
        {
            w.WriteString("notCompared", why);
        }

        w.WriteStartArray("fallsWithout");
        foreach (var row in scenarios.Rows)
        {
            w.WriteStartObject();
            w.WriteString("withdrawn", row.Withdrawn);
            if (row.Premise is { } premise)
            {
                WritePremise(w, "premise", premise);
            }
            else
            {
                w.WriteString("source", row.Source);
            }

            w.WriteBoolean("criticalInEvaluation", row.CriticalInEvaluation);
            w.WriteString("before", row.Before);
            w.WriteString("after", row.After);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>For a claim that holds only in some scenarios: in how many of the possible ones (its answer is across them).</summary>
    private static void WriteAcross(Utf8JsonWriter w, (long HoldsIn, long Of)? across)
    {
        if (across is var (holdsIn, of))
        {
            w.WriteStartObject("acrossScenarios");
            w.WriteNumber("holdsIn", holdsIn);
            w.WriteNumber("of", of);
            w.WriteEndObject();
        }
    }

    private static void WriteCritical(Utf8JsonWriter w, CriticalAnswer answer)
    {
        w.WriteString("claim", answer.Claim);
        w.WriteString("state", answer.State);
        w.WriteString("measure", answer.Cleanly ? "holdsCleanly" : "derived");
        WriteAcross(w, answer.AcrossScenarios);
        w.WriteStartArray("criticalSets");
        foreach (var set in answer.Sets)
        {
            WritePremises(w, null, set);
        }

        w.WriteEndArray();
        w.WriteStartArray("contestedSets");
        foreach (var set in answer.ContestedSets)
        {
            WritePremises(w, null, set);
        }

        w.WriteEndArray();
        w.WriteNumber("candidates", answer.Candidates);
        w.WriteBoolean("searchCut", answer.Cut);
        WriteStrings(w, "criticalSources", answer.Sources);
        WriteStrings(w, "contestedSources", answer.ContestedSources);
        WritePremises(w, "negationBreaks", answer.Negations);
    }

    private static void WritePremises(Utf8JsonWriter w, string? name, IEnumerable<Supports.SupportPremise> premises)
    {
        if (name is null)
        {
            w.WriteStartArray();
        }
        else
        {
            w.WriteStartArray(name);
        }

        foreach (var premise in premises)
        {
            WritePremise(w, null, premise);
        }

        w.WriteEndArray();
    }

    private static void WritePremise(Utf8JsonWriter w, string? name, Supports.SupportPremise premise)
    {
        if (name is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }

        w.WriteString("premise", premise.Statement);
        w.WriteBoolean("open", premise.IsAssumption);
        if (premise.Scenario is { } scenario)
        {
            w.WriteString("scenario", scenario);
        }

        if (premise.Citation is { } c)
        {
            WriteCitation(w, c);
        }

        WriteAlsoCited(w, premise.Citations);

        WriteLocation(w, premise.Location);
        w.WriteEndObject();
    }

    /// <summary>A corroborated statement's further citations (after the first), when it has any.</summary>
    private static void WriteAlsoCited(Utf8JsonWriter w, IReadOnlyList<Dsl.Semantics.Citation> citations) => WriteFurtherCitations(w, [.. citations.Skip(1)]);

    /// <summary>Citations beyond a statement's first, as <c>alsoCited</c>; nothing when there are none.</summary>
    private static void WriteFurtherCitations(Utf8JsonWriter w, IReadOnlyList<Dsl.Semantics.Citation> further)
    {
        if (further.Count == 0)
        {
            return;
        }

        w.WriteStartArray("alsoCited");
        foreach (var also in further)
        {
            WriteCitationValue(w, also);
        }

        w.WriteEndArray();
    }

    private static void WriteCitation(Utf8JsonWriter w, Dsl.Semantics.Citation citation)
    {
        w.WritePropertyName("citation");
        WriteCitationValue(w, citation);
    }

    private static void WriteCitationValue(Utf8JsonWriter w, Dsl.Semantics.Citation citation)
    {
        w.WriteStartObject();
        w.WriteString("source", citation.SourceName);
        if (citation.IsAnalyst)
        {
            w.WriteBoolean("analyst", true);
        }

        if (citation.Anchor is { } anchor)
        {
            w.WriteString("anchor", anchor);
        }

        if (citation.Quote is { } quote)
        {
            w.WriteString("quote", quote);
        }

        w.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter w, Dsl.Semantics.SourceLocation location)
    {
        w.WriteStartObject("location");
        w.WriteString("file", location.Source.Path);
        w.WriteNumber("line", location.Start.Line);
        w.WriteNumber("column", location.Start.Column);
        w.WriteEndObject();
    }

    internal static void WriteDiagnostics(Utf8JsonWriter w, IEnumerable<Diagnostic> diagnostics)
    {
        w.WriteStartArray("diagnostics");
        foreach (var d in diagnostics)
        {
            WriteDiagnostic(w, d);
        }

        w.WriteEndArray();
    }

    /// <summary>What a JSON report is when PolicyDsl fails inside: an error object (never empty or partial output).</summary>
    public static string InternalFailure(string message) => Failure("internal", message, 3);

    /// <summary>The error document of an invocation that is wrong before any question is asked (an option the verb does not have): badQuestion, exit 2.</summary>
    public static string UsageFailure(string message) => Failure("badQuestion", message, 2);

    private static string Failure(string kind, string message, int exitCode) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        w.WriteStartObject("error");
        w.WriteString("kind", kind);
        w.WriteString("message", message);
        w.WriteNumber("exitCode", exitCode);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>
    /// What a JSON report is when the question cannot be answered (issue 23: one JSON document every time): the
    /// argument has errors (notEvaluated, exit 1), the question is wrong (badQuestion, exit 2) or past reach
    /// (cannotAnswer, exit 1), with the diagnostics that say why.
    /// </summary>
    public static string QuestionFailure(Analysis.QuestionException problem, int exitCode) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        w.WriteStartObject("error");
        w.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(problem.Failure.ToString()));
        w.WriteString("message", problem.Failure == Analysis.QuestionFailure.NotEvaluated ? "not evaluated: the argument has errors (the diagnostics); fix them first" : problem.Message);
        w.WriteNumber("exitCode", exitCode);
        w.WriteEndObject();
        WriteDiagnostics(w, problem.Diagnostics);
        w.WriteEndObject();
    });

    /// <summary>A proof step as fields (kind, atom, truth, value, rule and bindings, citation, location), with the sentence too.</summary>
    // Writes the step's object without closing it, so the root can add its continuations.
    private static void WriteProof(Utf8JsonWriter w, ProofNode node, bool root, int depth, List<ProofNode> folded, QuestionContext? context = null)
    {
        w.WriteStartObject();
        if (root)
        {
            w.WriteNumber("schemaVersion", SchemaVersion);
            WriteContext(w, context);
        }

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
            WriteCitation(w, c);
        }

        // A corroborated step: every further text that states it.
        WriteFurtherCitations(w, node.AlsoCited);

        if (node.Location is { } l)
        {
            WriteLocation(w, l);
        }

        if (node.InConflict)
        {
            w.WriteBoolean("inConflict", true);
        }

        if (node.Contested)
        {
            w.WriteBoolean("contested", true);
        }

        if (node.RestsOnInconsistent.Count > 0)
        {
            WriteStrings(w, "restsOnInconsistentPremises", node.RestsOnInconsistent);
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
                if (depth + 1 == ProofText.FoldDepth)
                {
                    w.WriteStartObject();
                    w.WriteNumber("continuation", folded.Count);
                    w.WriteEndObject();
                    folded.Add(child);
                    continue;
                }

                WriteProof(w, child, root: false, depth + 1, folded);
                w.WriteEndObject();
                FlushEarly(w);
            }

            w.WriteEndArray();
        }
    }

    /// <summary>
    /// Writes a document to <paramref name="output"/> as it is made: the body flushes (<see cref="FlushEarly"/>)
    /// inside its long lists, so what is held at once is a chunk, not the document.
    /// </summary>
    internal static void WriteTo(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using (var stream = new TextWriterStream(output))
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            body(writer);
        }

        output.Write('\n');
    }

    /// <summary>Hands what the writer holds to its stream once it is more than a chunk (a no-op cost for a small document).</summary>
    private static void FlushEarly(Utf8JsonWriter w)
    {
        if (w.BytesPending > 1 << 16)
        {
            w.Flush();
        }
    }

    /// <summary>
    /// What the document answered about (<see cref="QuestionContext"/>), right after its version: the named scenario
    /// (null for the base), each withdrawn name with its kind and the statements it withdrew, the what-ifs.
    /// </summary>
    internal static void WriteContext(Utf8JsonWriter w, QuestionContext? context)
    {
        if (context is null)
        {
            return;
        }

        w.WriteStartObject("context");
        w.WriteString("scenario", context.Scenario);
        w.WriteStartArray("withdrawn");
        foreach (var name in context.Withdrawn)
        {
            w.WriteStartObject();
            w.WriteString("name", name.Name);
            w.WriteString("kind", name.KindCode);
            w.WriteNumber("statements", name.Statements);
            w.WriteNumber("kept", name.Kept);
            w.WriteStartArray("rules");
            foreach (var rule in name.Rules)
            {
                w.WriteStringValue(rule);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("whatIfs");
        foreach (var premise in context.WhatIfs)
        {
            w.WriteStringValue(premise);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
