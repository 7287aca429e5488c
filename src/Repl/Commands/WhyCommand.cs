using System.CommandLine;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// <c>policydsl why FILE ATOM</c>: the proof tree down to cited premises; <c>policydsl why-not FILE ATOM</c>: for
/// each rule that could conclude it, the condition that failed or was unknown. <c>not p</c> asks about p being false.
/// </summary>
internal static class WhyCommand
{
    public static Command Create(TextWriter output, bool negated)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var atom = new Argument<string>("ATOM") { Description = "an atom, e.g. 'no_deal(US, Russia)', 'not deal(US, China)' or 'price(Russia) = vital'" };
        var scenario = Inputs.ScenarioOption();
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json);
        var all = new Option<bool>("--all") { Description = "show a proof for every minimal support, not only the smallest" };
        var command = new Command(negated ? "why-not" : "why", negated
            ? "Explain why an atom does not hold: for each rule that could conclude it, the condition that failed or is unknown. " + PolicyCli.ExitCodeHelp
            : "Explain why an atom holds: the rule instances and cited premises it rests on. " + PolicyCli.ExitCodeHelp)
        {
            file,
            atom,
            scenario,
            format,
        };
        if (!negated)
        {
            command.Add(all);
        }

        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(atom)!, Inputs.Scenario(parse), Inputs.Format(parse, format), negated, output, Inputs.ProjectRoot(parse), Inputs.Without(parse), parse.GetValue(all)));
        return command;
    }

    public static int Run(string file, string atomText, string? scenarioName, OutputFormat format, bool negated, TextWriter output, string? projectRoot = null, string[]? without = null, bool all = false)
    {
        var analysis = ArgumentAnalysis.Load(file, projectRoot, without ?? []);
        var proof = analysis.Explain(atomText, whyNot: negated, scenarioName, all);
        var context = analysis.ContextIn(scenarioName);
        if (format == OutputFormat.Json)
        {
            JsonReports.Proof(proof, output, context);
        }
        else
        {
            output.Write(Inputs.ContextLine(context) + ProofText.Render(proof));
        }

        // A claim in conflict, or holding only through one, is not established: the proof is shown, and the run fails.
        return proof.InConflict || proof.Contested ? ExitCodes.Failed : ExitCodes.Clean;
    }
}
