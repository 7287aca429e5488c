using System.CommandLine;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Maps;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Repl.Hosting;

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
        var scenario = Inputs.ScenarioOption();
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
            var name = Inputs.Scenario(parse);
            var context = analysis.ContextIn(name);
            var map = ArgumentMap.Of((context with { Scenario = null }).Title(analysis.Model.DisplayName), analysis.Baseline(name), analysis.Report, name);
            var dot = MapDot.Write(map);
            string text;
            switch (parse.GetValue(format))
            {
                case "json":
                    text = JsonReports.Map(map, context);
                    break;
                case "svg":
                    var rendered = Graphviz.Render(dot);
                    if (rendered.Missing)
                    {
                        parse.InvocationConfiguration.Error.Write($"error {Graphviz.Missing("map --format svg", "write DOT or JSON: --format dot, --format json")}\n");
                        return ExitCodes.Usage;
                    }

                    if (rendered.Svg is null)
                    {
                        parse.InvocationConfiguration.Error.Write($"error {Graphviz.Failed("map --format svg", rendered.Failure!)}; write DOT or JSON instead: --format dot, --format json\n");
                        return ExitCodes.Failed;
                    }

                    text = rendered.Svg;
                    break;
                default:
                    text = dot;
                    break;
            }

            if (parse.GetValue(outputFile) is { } path)
            {
                // A file gets the filter standard output has (SafeWriter): no raw control or bidirectional character.
                if (AtomicFile.Write(Path.GetFullPath(path), Dsl.Text.DisplayText.EscapeOutput(text), replace: true) is { } refused)
                {
                    parse.InvocationConfiguration.Error.Write(refused + "\n");
                    return ExitCodes.Failed;
                }

                return ExitCodes.Clean;
            }

            output.Write(text);
            return ExitCodes.Clean;
        });
        return command;
    }
}
