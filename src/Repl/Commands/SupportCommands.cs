using System.CommandLine;
using System.Text;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// What conclusions rest on: <c>policydsl support FILE CLAIM</c> (every minimal set of premises under which it
/// holds), <c>policydsl retract FILE NAME...</c> (what withdrawing premises does to the conclusions) and
/// <c>policydsl critical FILE CLAIM</c> (the premises and sources it cannot do without).
/// </summary>
internal static class SupportCommands
{
    public static Command Support(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var claim = new Argument<string>("CLAIM") { Description = "an atom, e.g. 'leverage(China, Russia)', 'not deal(US, China)' or a valued atom" };
        var scenario = Inputs.ScenarioOption();
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json);
        var command = new Command("support", "Every minimal set of premises under which a claim holds, over every derivation, smallest first, with their citations. " + PolicyCli.ExitCodeHelp)
        {
            file,
            claim,
            scenario,
            format,
        };
        command.SetAction(parse =>
        {
            var analysis = Load(parse, file);
            var answer = analysis.Support(parse.GetValue(claim)!, Inputs.Scenario(parse));
            var context = analysis.ContextIn(Inputs.Scenario(parse));
            if (Inputs.Format(parse, format) == OutputFormat.Json)
            {
                output.Write(JsonReports.Support(answer, context));
            }
            else
            {
                var text = new StringBuilder(Inputs.ContextLine(context) + SupportText.Support(answer));
                foreach (var diagnostic in answer.Diagnostics)
                {
                    DiagnosticText.Write(text, diagnostic);
                }

                output.Write(text.ToString());
            }

            return answer.Planes.Any(p => p.Contested) ? ExitCodes.Failed : ExitCodes.Clean;
        });
        return command;
    }

    public static Command Retract(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var names = new Argument<string[]>("NAME") { Description = "what to withdraw: a source ('enlist'), a claim of one ('enlist#c3') or a premise ('needs capital(China)')", Arity = ArgumentArity.OneOrMore };
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json);
        var command = new Command("retract", "Withdraw premises (as if never stated) and list the conclusions that lose every support, those that change, and those that keep a support. " + PolicyCli.ExitCodeHelp)
        {
            file,
            names,
            format,
        };
        command.SetAction(parse =>
        {
            var analysis = Load(parse, file);
            var answer = analysis.Retract(parse.GetValue(names)!);
            output.Write(Inputs.Format(parse, format) == OutputFormat.Json
                ? JsonReports.Retract(answer, analysis.Context)
                : Inputs.ContextLine(analysis.Context) + SupportText.Retract(answer));
            return ExitCodes.Clean;
        });
        return command;
    }

    public static Command Critical(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var claim = new Argument<string>("CLAIM") { Description = "an atom that holds, e.g. 'capital leverage(US, China)'" };
        var scenario = Inputs.ScenarioOption();
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json);
        var command = new Command("critical", "The linchpins of a claim: premises and sources without which it no longer holds, and premises whose negation breaks it. " + PolicyCli.ExitCodeHelp)
        {
            file,
            claim,
            scenario,
            format,
        };
        command.SetAction(parse =>
        {
            var analysis = Load(parse, file);
            var answer = analysis.Critical(parse.GetValue(claim)!, Inputs.Scenario(parse));
            var context = analysis.ContextIn(Inputs.Scenario(parse));
            output.Write(Inputs.Format(parse, format) == OutputFormat.Json
                ? JsonReports.Critical(answer, context)
                : Inputs.ContextLine(context) + SupportText.Critical(answer));
            return ExitCodes.Clean;
        });
        return command;
    }

    public static Command Matrix(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var claims = new Argument<string[]>("CLAIM") { Description = "the hypotheses, e.g. 'deal(US, China)' 'not deal(US, China)'; by default each expectation of the argument", Arity = ArgumentArity.ZeroOrMore };
        var scenario = Inputs.ScenarioOption();
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json);
        var command = new Command("matrix", "The competing-hypotheses matrix: for each stated premise and each hypothesis, whether the premise is in some support of it, of its negation, both or neither, with Heuer's scores. " + PolicyCli.ExitCodeHelp)
        {
            file,
            claims,
            scenario,
            format,
        };
        command.SetAction(parse =>
        {
            var analysis = Load(parse, file);
            var matrix = analysis.Matrix(parse.GetValue(claims) ?? [], Inputs.Scenario(parse));
            var name = analysis.Model.DisplayName;
            var context = analysis.ContextIn(Inputs.Scenario(parse));
            output.Write(Inputs.Format(parse, format) == OutputFormat.Json
                ? JsonReports.Matrix(name, matrix, context)
                : Inputs.ContextLine(context) + MatrixText.Write(name, matrix));
            return ExitCodes.Clean;
        });
        return command;
    }

    private static ArgumentAnalysis Load(ParseResult parse, Argument<string> file) =>
        ArgumentAnalysis.Load(parse.GetValue(file)!, Inputs.ProjectRoot(parse), Inputs.Without(parse));
}
