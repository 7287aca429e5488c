using System.CommandLine;
using System.Text;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;

namespace PolicyDsl.Repl.Commands;

/// <summary><c>policydsl eval FILE</c>: every conclusion with its truth value or value and the sources it rests on.</summary>
internal static class EvalCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file to evaluate" };
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json);
        var command = new Command("eval", "Evaluate an argument: every conclusion, true, false, unknown or in conflict, with its sources; then each named scenario. " + PolicyCli.ExitCodeHelp)
        {
            file,
            format,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, Inputs.Format(parse, format), output, Inputs.ProjectRoot(parse), parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string file, OutputFormat format, TextWriter output, string? projectRoot = null, TextWriter? error = null)
    {
        var report = ArgumentAnalysis.Load(file, projectRoot).Report;
        if (format == OutputFormat.Json)
        {
            output.Write(JsonReports.Evaluation(report));
            return report.HasErrors ? ExitCodes.Failed : ExitCodes.Clean;
        }

        var text = new StringBuilder();
        text.Append("argument: ").Append(report.Model.DisplayName).Append('\n');
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
        EvalText.Write(text, report.Base, "conclusions (open premises unknown):");
        foreach (var scenario in report.Scenarios)
        {
            text.Append('\n');
            EvalText.Write(text, scenario.Evaluation, $"scenario \"{scenario.Scenario.Name}\":");
        }

        var problems = report.Diagnostics.Where(d => d.Severity != Dsl.Diagnostics.Severity.Info).ToList();
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
