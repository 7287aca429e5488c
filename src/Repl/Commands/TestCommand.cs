using System.CommandLine;
using System.Text;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Commands;

/// <summary><c>policydsl test PATH...</c>: every expectation is a test; PASS/FAIL lines and a closing count.</summary>
internal static class TestCommand
{
    public static Command Create(TextWriter output)
    {
        var paths = new Argument<string[]>("PATH") { Description = "argument files, or folders searched for *.policy files", Arity = ArgumentArity.OneOrMore };
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json, OutputFormat.Junit);
        var exclude = Inputs.ExcludeOption();
        var strict = Inputs.StrictOption();
        var coverage = new Option<bool>("--coverage") { Description = "also report which rules, rule instances and premises the passing expectations exercise, per file, and the rules none exercises" };
        var threshold = new Option<double?>("--threshold") { Description = "with coverage: exit 1 when fewer than this percentage of the rules are exercised (implies --coverage)" };
        var watch = WatchLoop.Option();
        var scenario = Inputs.ScenarioOption();
        var command = new Command("test", "Run every expectation as a test: a PASS or FAIL line each, failures explained, then 'N passed, N failed'. " + PolicyCli.ExitCodeHelp)
        {
            paths,
            format,
            exclude,
            strict,
            scenario,
            coverage,
            threshold,
            watch,
        };
        command.SetAction(parse =>
        {
            int Once(List<string>? read) => Run(parse.GetValue(paths)!, Inputs.Format(parse, format), parse.GetValue(exclude)!, output, Inputs.ProjectRoot(parse), parse.GetValue(strict), parse.InvocationConfiguration.Error,
                Inputs.Without(parse), Inputs.Scenario(parse), parse.GetValue(coverage) || parse.GetValue(threshold) is not null ? parse.GetValue(threshold) ?? 0 : null, read);
            return parse.GetValue(watch) ? Inputs.Watch(parse.GetValue(paths)!, read => Once(read), output) : Once(null);
        });
        return command;
    }

    // coverageThreshold: null for no coverage; otherwise coverage is reported, and the run fails below this percentage of rules exercised.
    public static int Run(string[] paths, OutputFormat format, string[] exclude, TextWriter output, string? projectRoot = null, bool strict = false, TextWriter? error = null, string[]? without = null,
        string? scenario = null, double? coverageThreshold = null, List<string>? read = null)
    {
        var (files, problems) = Inputs.Expand(paths, exclude, projectRoot);
        // Of each file only what the reports show is kept (TestedArgument), so the run holds one analysis at a time.
        var (reports, context) = Inputs.CheckAll(files, projectRoot, report => TestedArgument.Of(report, withCoverage: coverageThreshold is not null), without: without, scenario: scenario, read: read);
        var coverage = coverageThreshold is null ? null : CoverageReport.Of(reports.Select(r => r.Coverage));
        var belowThreshold = coverage is not null && coverage.Rules.Percent < coverageThreshold;
        var text = new StringBuilder();
        if (format == OutputFormat.Json)
        {
            output.Write(JsonReports.Tests(reports, problems, coverage, context));
        }
        else if (format == OutputFormat.Junit)
        {
            output.Write(JUnitReport.Write(reports, problems));
        }
        else
        {
            var invocation = new StringBuilder();
            foreach (var problem in problems)
            {
                DiagnosticText.Write(invocation, problem);
            }

            (error ?? output).Write(invocation.ToString());

            text.Append(ContextText.Line(context));

            foreach (var report in reports)
            {
                if (!report.Evaluated)
                {
                    // An argument that cannot be evaluated cannot be tested: say why, and count it as failed.
                    foreach (var diagnostic in report.Diagnostics.Where(d => d.IsError))
                    {
                        DiagnosticText.Write(text, diagnostic);
                    }

                    text.Append("FAIL  ").Append(report.File).Append("  ").Append(DiagnosticText.NotEvaluated).Append('\n');
                    continue;
                }

                TestText.Write(text, report);
            }
        }

        var passed = reports.Sum(r => r.Passed);
        var failed = reports.Sum(r => r.Failed) + reports.Count(r => !r.Evaluated) + problems.Count(p => p.IsError);
        // With --strict a warning fails the run: it is listed, as test does not otherwise show warnings.
        var warnings = strict ? problems.Concat(reports.SelectMany(r => r.Diagnostics)).Where(d => d.Severity == Severity.Warning).ToList() : [];
        if (format == OutputFormat.Text)
        {
            foreach (var warning in warnings)
            {
                DiagnosticText.Write(text, warning);
            }

            text.Append($"{passed} passed, {failed} failed{(warnings.Count > 0 ? $"; {DiagnosticText.Plural(warnings.Count, "warning")} (--strict: warnings fail)" : string.Empty)}\n");
            if (coverage is not null)
            {
                CoverageText.Write(text, coverage, coverageThreshold!.Value);
            }

            output.Write(text.ToString());
        }

        return failed > 0 || warnings.Count > 0 || belowThreshold ? ExitCodes.Failed : ExitCodes.Clean;
    }
}
