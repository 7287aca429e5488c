using System.Collections.Immutable;
using System.CommandLine;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Grounding;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Evaluator.Scenarios;

namespace PolicyDsl.Cli.Commands;

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
        var command = new Command("flips", "What would it take: the smallest sets of open-premise values that make each conclusion true, false or not true. " + PolicyCli.ExitCodeHelp)
        {
            file,
            claims,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(claims) ?? [], output));
        return command;
    }

    public static int Run(string file, string[] claimTexts, TextWriter output)
    {
        var report = ArgumentChecker.Check(Analyzer.Analyze(file));
        if (report.Base is null)
        {
            return Inputs.NotEvaluated(report, output);
        }

        var program = report.Program!;
        var claims = new List<(string, GroundCondition)>();
        foreach (var claimText in claimTexts)
        {
            if (Inputs.BindClaim(report.Model, claimText, "claim", output) is not { } claim)
            {
                return ExitCodes.Usage;
            }

            claims.Add((claimText, program.Compile(claim, ImmutableArray<Value>.Empty)));
        }

        if (claims.Count == 0)
        {
            claims.AddRange(TippingPoints.Conclusions(program));
        }

        if (claims.Count == 0)
        {
            output.Write("this argument has no rules, so it concludes nothing to flip; name a claim, or check the file that imports it\n");
            return ExitCodes.Clean;
        }

        var premises = report.Base.Premises;
        var space = new ScenarioSpace(program, premises);
        if (space.Open.Count == 0)
        {
            output.Write("this argument has no open premises: every claim is settled as stated ('policydsl eval' shows how)\n");
            return ExitCodes.Clean;
        }

        try
        {
            output.Write(FlipsText.Write(space, TippingPoints.Find(program, premises, claims), all: claimTexts.Length > 0));
            return ExitCodes.Clean;
        }
        catch (InvalidOperationException e)
        {
            output.Write($"cannot search tipping points here: {e.Message}; fix some premises, or split the argument\n");
            return ExitCodes.Failed;
        }
    }
}
