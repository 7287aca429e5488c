using System.CommandLine;
using System.Text;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Commands;

/// <summary><c>policydsl eval FILE</c>: every conclusion with its truth value or value and the sources it rests on.</summary>
internal static class EvalCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file to evaluate" };
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json);
        var scenario = Inputs.ScenarioOption();
        var command = new Command("eval", "Evaluate an argument: every conclusion, true, false, unknown or in conflict, with its sources; then each named scenario. " + PolicyCli.ExitCodeHelp)
        {
            file,
            format,
            scenario,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, Inputs.Format(parse, format), output, Inputs.ProjectRoot(parse), parse.InvocationConfiguration.Error, Inputs.Without(parse), Inputs.Scenario(parse)));
        return command;
    }

    public static int Run(string file, OutputFormat format, TextWriter output, string? projectRoot = null, TextWriter? error = null, string[]? without = null, string? scenario = null)
    {
        var analysis = ArgumentAnalysis.Load(file, projectRoot, without ?? []);
        var report = analysis.Report;
        var context = analysis.ContextIn(scenario);
        if (scenario is not null)
        {
            // One scenario: its conclusions alone, with supports, as the REPL and why see it (an unknown name is refused).
            var evaluation = analysis.Baseline(scenario);
            var supports = analysis.SupportsOf(evaluation);
            var conclusions = ConclusionTable.Of(evaluation, supports);
            if (format == OutputFormat.Json)
            {
                JsonReports.Evaluation(output, report, _ => conclusions, [.. SupportDiagnostics.Of(supports, conclusions, scenario)], onlyScenario: scenario, context: context);
                return report.HasErrors ? ExitCodes.Failed : ExitCodes.Clean;
            }

            var only = new StringBuilder($"argument: {report.Model.DisplayName}\n{ContextText.Line(context)}");
            EvalText.Write(only, evaluation, $"scenario \"{scenario}\":", conclusions);
            foreach (var diagnostic in SupportDiagnostics.Of(supports, conclusions, scenario))
            {
                DiagnosticText.Write(only, diagnostic);
            }

            output.Write(only.ToString());
            return report.HasErrors ? ExitCodes.Failed : ExitCodes.Clean;
        }

        // Each evaluation's conclusions with their supports, and what computing them had to leave out.
        var rows = new Dictionary<Evaluator.Engine.Evaluation, IReadOnlyList<ConclusionRow>>(ReferenceEqualityComparer.Instance);
        var cut = new List<Dsl.Diagnostics.Diagnostic>();
        if (report.Base is { } evaluated)
        {
            foreach (var (evaluation, name) in report.Scenarios.Select(s => (s.Evaluation, (string?)s.Scenario.Name)).Prepend((evaluated, null)))
            {
                var supports = analysis.SupportsOf(evaluation);
                rows[evaluation] = ConclusionTable.Of(evaluation, supports);
                cut.AddRange(SupportDiagnostics.Of(supports, rows[evaluation], name));
            }
        }

        if (format == OutputFormat.Json)
        {
            JsonReports.Evaluation(output, report, e => rows[e], cut, context: context);
            return report.HasErrors ? ExitCodes.Failed : ExitCodes.Clean;
        }

        var text = new StringBuilder();
        text.Append("argument: ").Append(report.Model.DisplayName).Append('\n').Append(ContextText.Line(context));
        if (report.Base is null)
        {
            // Warnings too: a file that cannot be evaluated is shown whole, as check would, on standard error: there is no result.
            output.Write(text.ToString());
            var unevaluated = new StringBuilder();
            DiagnosticText.WriteNotEvaluated(unevaluated, report.Diagnostics);
            (error ?? output).Write(unevaluated.ToString());
            return ExitCodes.Failed;
        }

        var program = report.Program!;
        text.Append($"premises: {report.Base.Premises.Facts.Count} stated, {report.Base.Premises.Open.Count} open; rules: {program.Model.Rules.Count} ({program.Rules.Count} ground instances)\n\n");
        EvalText.Write(text, report.Base, "conclusions (open premises unknown):", rows[report.Base]);
        foreach (var named in report.Scenarios)
        {
            text.Append('\n');
            EvalText.Write(text, named.Evaluation, $"scenario \"{named.Scenario.Name}\":", rows[named.Evaluation]);
        }

        var problems = Dsl.Diagnostics.DiagnosticBag.Sort(report.Diagnostics.Concat(cut)).Where(d => d.Severity != Dsl.Diagnostics.Severity.Info).ToList();
        if (problems.Count > 0)
        {
            text.Append('\n');
            foreach (var diagnostic in problems)
            {
                DiagnosticText.Write(text, diagnostic);
            }
        }

        output.Write(text.ToString());
        return report.HasErrors ? ExitCodes.Failed : ExitCodes.Clean;
    }
}
