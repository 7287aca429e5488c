using System.CommandLine;
using System.Text;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Commands;

/// <summary><c>policydsl check PATH...</c>: syntax, names, types, units, sources, conflicts and expectations of every file.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output)
    {
        var paths = new Argument<string[]>("PATH") { Description = "argument files, or folders searched for *.policy files", Arity = ArgumentArity.OneOrMore };
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json, OutputFormat.Sarif, OutputFormat.Github);
        var exclude = Inputs.ExcludeOption();
        var timings = new Option<bool>("--timings") { Description = "print how long parsing, checking (names, types, sources) and evaluating took, on standard error" };
        var strict = Inputs.StrictOption();
        var watch = WatchLoop.Option();
        var docsUrl = new Option<Uri?>("--docs-url")
        {
            Description = "with --format sarif: where docs/language.md is published (an absolute URL); each rule then gets a help link to its code's anchor there",
            CustomParser = result => Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                ? uri
                : Fail(result, $"--docs-url {result.Tokens.Single().Value} is not an absolute http(s) URL; give where docs/language.md is published"),
        };
        var scenario = Inputs.ScenarioOption();
        var command = new Command("check", "Check argument files: syntax, names, types, units, sources, conflicts and expectations. " + PolicyCli.ExitCodeHelp)
        {
            paths,
            format,
            exclude,
            timings,
            strict,
            docsUrl,
            watch,
            scenario,
        };
        command.SetAction(parse =>
        {
            int Once(List<string>? read) => Run(parse.GetValue(paths)!, Inputs.Format(parse, format), parse.GetValue(exclude)!, output, parse.GetValue(timings) ? parse.InvocationConfiguration.Error : null, Inputs.ProjectRoot(parse),
                parse.GetValue(strict), parse.InvocationConfiguration.Error, Inputs.Without(parse), parse.GetValue(docsUrl), read, Inputs.Scenario(parse));
            return parse.GetValue(watch) ? Inputs.Watch(parse.GetValue(paths)!, read => Once(read), output) : Once(null);
        });
        return command;
    }

    public static int Run(string[] paths, OutputFormat format, string[] exclude, TextWriter output, TextWriter? timings = null, string? projectRoot = null, bool strict = false, TextWriter? error = null, string[]? without = null,
        Uri? docsUrl = null, List<string>? read = null, string? scenario = null)
    {
        var (files, problems) = Inputs.Expand(paths, exclude, projectRoot);
        var (found, context) = Inputs.CheckAll(files, projectRoot, report => report.Diagnostics, timings, without: without, scenario: scenario, read: read);
        var diagnostics = DiagnosticBag.Sort(problems.Concat(found.SelectMany(d => d)));
        if (format == OutputFormat.Json)
        {
            output.Write(JsonReports.Diagnostics(diagnostics, files.Count, context));
        }
        else if (format == OutputFormat.Github)
        {
            output.Write(GitHubAnnotations.Write(diagnostics));
        }
        else if (format == OutputFormat.Sarif)
        {
            output.Write(SarifReport.Write(diagnostics, typeof(CheckCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0", docsUrl, context));
        }
        else
        {
            // A path that names nothing is a problem with the invocation: on standard error; the files' diagnostics are the result.
            var text = new StringBuilder();
            var invocation = new StringBuilder();
            foreach (var diagnostic in diagnostics)
            {
                DiagnosticText.Write(problems.Contains(diagnostic) ? invocation : text, diagnostic);
            }

            (error ?? output).Write(invocation.ToString());
            output.Write(ContextText.Line(context));

            text.Append(DiagnosticText.Summary(diagnostics, files.Count)).Append(strict && diagnostics.Any(d => d.Severity == Severity.Warning) ? " (--strict: warnings fail)" : string.Empty).Append('\n');
            output.Write(text.ToString());
        }

        return diagnostics.Any(d => d.IsError || (strict && d.Severity == Severity.Warning)) ? ExitCodes.Failed : ExitCodes.Clean;
    }

    private static Uri? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }
}
