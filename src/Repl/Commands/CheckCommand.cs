using System.CommandLine;
using System.Text;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Evaluator.Reports;

namespace PolicyDsl.Cli.Commands;

/// <summary><c>policydsl check PATH...</c>: syntax, names, types, units, sources, conflicts and expectations of every file.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output)
    {
        var paths = new Argument<string[]>("PATH") { Description = "argument files, or folders searched for *.policy files", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "text (default) or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("check", "Check argument files: syntax, names, types, units, sources, conflicts and expectations. " + PolicyCli.ExitCodeHelp)
        {
            paths,
            format,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(format)!, output));
        return command;
    }

    public static int Run(string[] paths, string format, TextWriter output)
    {
        var (files, problems) = Inputs.Expand(paths);
        var reports = Inputs.CheckAll(files);
        var diagnostics = DiagnosticBag.Sort(problems.Concat(reports.SelectMany(r => r.Diagnostics)));
        if (format == "json")
        {
            output.Write(JsonReports.Diagnostics(diagnostics, files.Count));
        }
        else
        {
            var text = new StringBuilder();
            foreach (var diagnostic in diagnostics)
            {
                DiagnosticText.Write(text, diagnostic);
            }

            text.Append(DiagnosticText.Summary(diagnostics, files.Count)).Append('\n');
            output.Write(text.ToString());
        }

        return diagnostics.Any(d => d.IsError) ? ExitCodes.Failed : ExitCodes.Clean;
    }
}
