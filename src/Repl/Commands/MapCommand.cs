using System.CommandLine;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Maps;
using PolicyDsl.Evaluator.Reports;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// <c>policydsl map FILE [--scenario NAME] [--format dot|svg|json] [-o FILE]</c>: the argument as a graph. DOT and JSON
/// are written by PolicyDsl; SVG is DOT rendered by Graphviz's <c>dot</c> (PD0069 when it is not installed).
/// </summary>
internal static class MapCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var scenario = new Option<string?>("--scenario") { Description = "states as in a named scenario instead of the base argument" };
        var format = new Option<string>("--format") { Description = "dot (default), svg (rendered by Graphviz's dot) or json (the graph itself)", DefaultValueFactory = _ => "dot" };
        format.AcceptOnlyFromAmong("dot", "svg", "json");
        var outputFile = new Option<string?>("--output", "-o") { Description = "write to this file (atomically) instead of standard output" };
        var command = new Command("map", "The argument as a graph: premises, open premises, rules, conclusions, expectations and constraints, coloured and labelled by state. " + PolicyCli.ExitCodeHelp)
        {
            file,
            scenario,
            format,
            outputFile,
        };
        command.SetAction(parse =>
        {
            var analysis = ArgumentAnalysis.Load(parse.GetValue(file)!, Inputs.ProjectRoot(parse), Inputs.Without(parse));
            var name = parse.GetValue(scenario);
            var map = ArgumentMap.Of(analysis.Model.DisplayName, analysis.Baseline(name), analysis.Report, name);
            var dot = MapDot.Write(map);
            string text;
            switch (parse.GetValue(format))
            {
                case "json":
                    text = JsonReports.Map(map);
                    break;
                case "svg":
                    if (Graphviz.Svg(dot) is not { } svg)
                    {
                        parse.InvocationConfiguration.Error.Write($"error {Graphviz.Missing("map --format svg", "write DOT or JSON: --format dot, --format json")}\n");
                        return ExitCodes.Usage;
                    }

                    text = svg;
                    break;
                default:
                    text = dot;
                    break;
            }

            if (parse.GetValue(outputFile) is { } path)
            {
                AtomicFile.Write(Path.GetFullPath(path), text, replace: true);
                return ExitCodes.Clean;
            }

            output.Write(text);
            return ExitCodes.Clean;
        });
        return command;
    }
}
