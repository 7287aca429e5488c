using System.CommandLine;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// The verbs built from the table of questions (<see cref="Questions"/>): <c>policydsl VERB FILE ARGUMENT [--scenario
/// NAME] [--format text|json]</c>, asked of the file as loaded (with --without and --root), answered as the REPL's
/// command of the same question answers.
/// </summary>
internal static class QuestionCommands
{
    public static Command Create(Question question, TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var command = new Command(question.Verb, question.Summary + " " + PolicyCli.ExitCodeHelp) { file };
        Argument<string>? one = null;
        Argument<string[]>? many = null;
        if (question.Arity == QuestionArity.One)
        {
            one = new Argument<string>(question.ArgumentName) { Description = question.ArgumentHelp };
            command.Add(one);
        }
        else
        {
            many = new Argument<string[]>(question.ArgumentName)
            {
                Description = question.ArgumentHelp,
                Arity = question.Arity == QuestionArity.Many ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
            };
            command.Add(many);
        }

        var scenario = question.TakesScenario ? Inputs.ScenarioOption() : null;
        if (scenario is not null)
        {
            command.Add(scenario);
        }

        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json);
        command.Add(format);
        var all = question.TakesAll ? new Option<bool>("--all") { Description = "show a proof for every minimal support, not only the smallest" } : null;
        if (all is not null)
        {
            command.Add(all);
        }

        command.SetAction(parse =>
        {
            var answer = Ask(question, parse, file, one, many, scenario, all);
            if (Inputs.Format(parse, format) == OutputFormat.Json)
            {
                answer.WriteJson(output);
            }
            else
            {
                answer.WriteText(output);
            }

            return answer.Exit;
        });
        return command;
    }

    // In a method of its own, so the analysis is unreachable once the answer is made (a local of the action would keep
    // it alive in unoptimised code while the answer is written).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static QuestionAnswer Ask(Question question, ParseResult parse, Argument<string> file, Argument<string>? one, Argument<string[]>? many, Option<string?>? scenario, Option<bool>? all)
    {
        var analysis = ArgumentAnalysis.Load(parse.GetValue(file)!, Inputs.ProjectRoot(parse), Inputs.Without(parse));
        IReadOnlyList<string> arguments = one is not null ? [parse.GetValue(one)!] : parse.GetValue(many!) ?? [];
        return question.Ask(new QuestionAsked(analysis, arguments, scenario is null ? null : parse.GetValue(scenario), all is not null && parse.GetValue(all), CancellationToken.None));
    }
}
