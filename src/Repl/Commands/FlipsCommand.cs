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
        var scenario = new Option<string?>("--scenario") { Description = "within a named scenario: its premises fixed, the open premises it leaves open searched" };
        var command = new Command("flips", "What would it take: the smallest sets of open-premise values that make each conclusion true, false or not true. " + PolicyCli.ExitCodeHelp)
        {
            file,
            claims,
            format,
            scenario,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(claims) ?? [], output, Inputs.ProjectRoot(parse), Inputs.Without(parse), Inputs.Format(parse, format), parse.GetValue(scenario)));
        return command;
    }

    public static int Run(string file, string[] claims, TextWriter output, string? projectRoot = null, string[]? without = null, OutputFormat format = OutputFormat.Text, string? scenario = null)
    {
        var answer = ArgumentAnalysis.Load(file, projectRoot, without ?? []).Flips(claims, scenario: scenario);
        output.Write(format == OutputFormat.Json ? JsonReports.Flips(answer) : FlipsText.Write(answer));
        return ExitCodes.Clean;
    }
}
