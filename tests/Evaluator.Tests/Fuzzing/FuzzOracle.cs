using System.Text;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Testing;

namespace PolicyDsl.Evaluator.Tests.Fuzzing;

/// <summary>What one input did: fine, or the first broken promise.</summary>
public enum FuzzOutcome
{
    Clean,

    /// <summary>An exception escaped a stage or a reporter.</summary>
    Exception,

    /// <summary>The argument was not evaluated, yet no error says why.</summary>
    Uncoded,

    /// <summary>The same input gave different bytes the second time.</summary>
    Nondeterministic,

    /// <summary>fmt broke a promise: formatting its own output changed it, or changed a word.</summary>
    Unformatted,
}

/// <summary>
/// Runs one input through every stage a user reaches (parse, bind, check, eval, a why and a why-not, a sweep of its
/// scenarios, flips) and every reporter (text, JSON, SARIF), twice, and says whether it kept the promises: no
/// exception escapes, an argument that is not evaluated has an error that says why, the same input gives the same bytes.
/// </summary>
public static class FuzzOracle
{
    /// <summary>Sweeps past this many open premises are not run here: the fuzz is about robustness, not sweep speed.</summary>
    private const int MaxOpenForSweep = 12;

    public static (FuzzOutcome Outcome, string Detail) Run(string text)
    {
        string first;
        try
        {
            first = Render(text);
        }
        catch (Exception e)
        {
            return (FuzzOutcome.Exception, e.ToString());
        }

        if (first.StartsWith("UNCODED", StringComparison.Ordinal))
        {
            return (FuzzOutcome.Uncoded, first);
        }

        try
        {
            if (FormatBroke(text) is { } broken)
            {
                return (FuzzOutcome.Unformatted, broken);
            }
        }
        catch (Exception e)
        {
            return (FuzzOutcome.Exception, "fmt: " + e);
        }

        var second = Render(text);
        return first == second ? (FuzzOutcome.Clean, first.Contains(EvaluatedMark, StringComparison.Ordinal) ? EvaluatedMark : string.Empty) : (FuzzOutcome.Nondeterministic, $"first:\n{first}\nsecond:\n{second}");
    }

    /// <summary>fmt on the input: a second pass changes nothing, and only white space changed (null when it kept its promises or refused).</summary>
    private static string? FormatBroke(string text)
    {
        var once = Dsl.Syntax.PolicyFormatter.Format("fuzz.policy", text);
        if (once.Refused)
        {
            return null;
        }

        var twice = Dsl.Syntax.PolicyFormatter.Format("fuzz.policy", once.Text!);
        if (twice.Text != once.Text)
        {
            return $"not idempotent:\n{once.Text}\n--- then\n{twice.Text}";
        }

        static string Words(string t) => string.Concat(t.Where(c => !char.IsWhiteSpace(c)));
        return Words(once.Text!) == Words(text.Replace("\uFEFF", string.Empty, StringComparison.Ordinal)) ? null : $"changed more than white space:\n{once.Text}";
    }

    /// <summary>Marks the output of an input that was evaluated (not only diagnosed), so the run can say how many were.</summary>
    public const string EvaluatedMark = "\u0001evaluated\n";

    /// <summary>
    /// A JSON or SARIF document as the host writes it, through the one output filter (DisplayText.EscapeOutput):
    /// it must still parse, and hold no raw control or bidirectional character (issue 23). A break throws, which
    /// the run counts as an escaped exception with the document.
    /// </summary>
    private static string Filtered(string document)
    {
        var filtered = Dsl.Text.DisplayText.EscapeOutput(document);
        using (System.Text.Json.JsonDocument.Parse(filtered))
        {
        }

        if (filtered.Any(c => c is not ('\n' or '\t') && (char.IsControl(c) || Dsl.Text.DisplayText.IsBidiControl(c))))
        {
            throw new InvalidOperationException("a raw control character passed the output filter:\n" + filtered);
        }

        return filtered;
    }

    private static string Render(string text)
    {
        var workspace = Workspace.FromText(Path.Combine(TestPaths.RepoRoot, "samples", "fuzz.policy"), text);
        var analysis = ArgumentAnalysis.Of(workspace);
        var report = analysis.Report;
        var output = new StringBuilder();
        foreach (var diagnostic in report.Diagnostics)
        {
            DiagnosticText.Write(output, diagnostic);
        }

        output.Append(Filtered(JsonReports.Diagnostics(report.Diagnostics, 1)));
        output.Append(Filtered(SarifReport.Write(report.Diagnostics, "0.0.0")));
        if (report.Base is null)
        {
            return report.Diagnostics.Any(d => d.IsError) ? output.ToString() : "UNCODED not evaluated, and no error says why\n" + output;
        }

        output.Append(EvaluatedMark).Append(Filtered(JsonReports.Evaluation(report)));
        EvalText.Write(output, report.Base, "conclusions:");
        var conclusions = analysis.Conclusions();
        foreach (var row in conclusions.Take(3))
        {
            output.Append(Asked(() => ProofText.Render(analysis.Explain(row.Atom.Display, whyNot: false))));
            output.Append(Asked(() => ProofText.Render(analysis.Explain(row.Atom.Display, whyNot: true))));
            output.Append(Asked(() => SupportText.Support(analysis.Support(row.Atom.Display))));
        }

        // What conclusions rest on: the first that holds, critical; the first source cited, withdrawn.
        if (conclusions.FirstOrDefault(r => r.Truth is Evaluator.Engine.Truth.True) is { } holding)
        {
            output.Append(Asked(() => SupportText.Critical(analysis.Critical(holding.Atom.Display))));
        }

        // The competing-hypotheses matrix over the argument's expectations (refused, with a reason, when it has none),
        // the map of the argument, and the coverage of its expectations.
        output.Append(Asked(() => MatrixText.Write(analysis.Model.DisplayName, analysis.Matrix([]))));
        output.Append(Asked(() =>
        {
            var map = Evaluator.Maps.ArgumentMap.Of(analysis.Model.DisplayName, analysis.Evaluated, analysis.Report, null);
            return MapDot.Write(map) + Filtered(JsonReports.Map(map));
        }));
        var coverage = new StringBuilder();
        CoverageText.Write(coverage, Evaluator.Checking.CoverageReport.Of([analysis.Report]), 50);
        output.Append(coverage);

        if (analysis.Model.Facts.Select(f => f.Citation?.SourceName).OfType<string>().FirstOrDefault() is { } source)
        {
            output.Append(Asked(() => SupportText.Retract(analysis.Retract([source]))));
        }

        if (analysis.CurrentPremises is { } premises && premises.Open.Count <= MaxOpenForSweep)
        {
            var preparation = analysis.PrepareSweep();
            if (preparation.Plan is { } plan)
            {
                output.Append(ScenarioText.Write(analysis.Model.DisplayName, ScenarioSweep.Run(plan, new SweepOptions())));
                output.Append(Asked(() => FlipsText.Write(analysis.Flips([]))));

                // The HTML report of the argument (its map left undrawn: Graphviz is the host's), every part of it.
                output.Append(HtmlReport.Write([new ReportedArgument("fuzz.policy", analysis.Overview(), null, "not drawn in the fuzz test")], "0.0.0"));
            }
            else
            {
                output.Append(preparation.Refusal);
            }
        }

        return output.ToString();
    }

    /// <summary>A question's answer, or the refusal a user would see (a question the argument cannot answer is not a defect).</summary>
    private static string Asked(Func<string> question)
    {
        try
        {
            return question();
        }
        catch (QuestionException refused)
        {
            return $"refused ({refused.Failure}): {refused.Message}\n";
        }
    }

    /// <summary>Counts of each outcome over many inputs, and the first input of each broken promise.</summary>
    public sealed class Tally
    {
        private readonly long[] counts = new long[Enum.GetValues<FuzzOutcome>().Length];
        private long evaluated;

        public Dictionary<FuzzOutcome, (string Input, string Detail)> Examples { get; } = [];

        /// <summary>The input that took longest, to look at when one was slow.</summary>
        public string? Slowest { get; private set; }

        public long this[FuzzOutcome outcome] => Interlocked.Read(ref counts[(int)outcome]);

        public long Total => counts.Sum();

        /// <summary>An input that takes longer than this is counted as slow (reported, never asserted: the machine may be busy).</summary>
        public static readonly TimeSpan Slow = TimeSpan.FromSeconds(10);

        private long slow;
        private long longestTicks;

        public void Add(string input, FuzzOutcome outcome, string detail, TimeSpan took = default)
        {
            if (took > Slow)
            {
                Interlocked.Increment(ref slow);
            }

            lock (Examples)
            {
                if (took.Ticks > longestTicks)
                {
                    longestTicks = took.Ticks;
                    Slowest = input;
                }
            }

            Interlocked.Increment(ref counts[(int)outcome]);
            if (outcome == FuzzOutcome.Clean && detail == EvaluatedMark)
            {
                Interlocked.Increment(ref evaluated);
            }

            if (outcome != FuzzOutcome.Clean)
            {
                lock (Examples)
                {
                    Examples.TryAdd(outcome, (input, detail));
                }
            }
        }

        public override string ToString() =>
            $"fuzz: {Total:N0} inputs ({Interlocked.Read(ref evaluated):N0} evaluated, the rest stopped by their diagnostics): {this[FuzzOutcome.Clean]:N0} clean, {this[FuzzOutcome.Exception]:N0} escaped exceptions, " +
            $"{this[FuzzOutcome.Uncoded]:N0} uncoded errors, {this[FuzzOutcome.Nondeterministic]:N0} nondeterministic outputs, {this[FuzzOutcome.Unformatted]:N0} fmt failures; " +
            $"{Interlocked.Read(ref slow):N0} took over {Slow.TotalSeconds:F0} s (longest {TimeSpan.FromTicks(Interlocked.Read(ref longestTicks)).TotalMilliseconds:F0} ms)";
    }
}
