using System.CommandLine;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// <c>policydsl flips FILE [CLAIM...]</c>: "what would it take". For each claim (by default every conclusion that is
/// not the same in every scenario), the smallest sets of open-premise values that make it true, false, or not true,
/// whatever the other open premises are.
/// </summary>
internal static class FlipsCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var claims = new Argument<string[]>("CLAIM") { Description = "claims to examine, e.g. 'deal(US, China)' or 'not presses(China, Russia)'; default: every conclusion that varies", Arity = ArgumentArity.ZeroOrMore };
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json);
        var scenario = Inputs.ScenarioOption();
        var command = new Command("flips", "What would it take: the smallest sets of open-premise values that make each conclusion true, false or not true. " + PolicyCli.ExitCodeHelp)
        {
            file,
            claims,
            format,
            scenario,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(claims) ?? [], output, Inputs.ProjectRoot(parse), Inputs.Without(parse), Inputs.Format(parse, format), Inputs.Scenario(parse)));
        return command;
    }

    public static int Run(string file, string[] claims, TextWriter output, string? projectRoot = null, string[]? without = null, OutputFormat format = OutputFormat.Text, string? scenario = null)
    {
        var analysis = ArgumentAnalysis.Load(file, projectRoot, without ?? []);
        var answer = analysis.Flips(claims, scenario: scenario);
        var context = analysis.ContextIn(scenario);
        output.Write(format == OutputFormat.Json ? JsonReports.Flips(answer, context) : Inputs.ContextLine(context) + FlipsText.Write(answer));
        return ExitCodes.Clean;
    }
}
