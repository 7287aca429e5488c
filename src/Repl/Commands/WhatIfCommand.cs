using System.CommandLine;
using System.Text;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Engine;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// <c>policydsl whatif FILE --set PREMISE[=VALUE]...</c>: fixes premises (stated or open), and prints the conclusions
/// that change against the argument as written, each with the claims the new state rests on.
/// </summary>
internal static class WhatIfCommand
{
    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var set = new Option<string[]>("--set")
        {
            Description = "a premise to fix: 'p' (true), 'not p' (false) or 'p = value'; repeatable",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var drop = new Option<string[]>("--drop")
        {
            Description = "a premise to withdraw for this what-if (neither true nor false): a source, source#anchor or a premise; repeatable",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json);
        // --against is the name this verb had for --scenario: kept, so scripts written for it still run.
        var scenario = Inputs.ScenarioOption();
        scenario.Aliases.Add("--against");
        var claims = new Argument<string[]>("CLAIM") { Description = "claims to report before and after, changed or not, e.g. 'deal(US, China)'", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("whatif", "What if: fix premises and print the conclusions that change, with the premises behind each change. " + PolicyCli.ExitCodeHelp)
        {
            file,
            set,
            drop,
            format,
            scenario,
            claims,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(set)?.Length ?? 0) == 0 && (result.GetValue(drop)?.Length ?? 0) == 0)
            {
                result.AddError("whatif needs --set PREMISE or --drop NAME (or both)");
            }
        });
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(set) ?? [], output, Inputs.ProjectRoot(parse), Inputs.Without(parse), parse.GetValue(drop) ?? [], Inputs.Format(parse, format), Inputs.Scenario(parse), parse.GetValue(claims) ?? []));
        return command;
    }

    public static int Run(string file, string[] premises, TextWriter output, string? projectRoot = null, string[]? without = null, string[]? drops = null, OutputFormat format = OutputFormat.Text, string? against = null, string[]? claims = null)
    {
        var written = ArgumentAnalysis.Load(file, projectRoot, without ?? []);
        _ = written.Evaluated;
        var analysis = drops is { Length: > 0 } ? written.Without(drops) : written;
        foreach (var premise in premises)
        {
            try
            {
                // "p=v" on a command line is "p = v" in the language.
                analysis = analysis.WithWhatIf(premise.Replace("=", " = ", StringComparison.Ordinal));
            }
            catch (QuestionException e) when (e.Failure == QuestionFailure.BadQuestion)
            {
                throw new QuestionException(e.Failure, $"--set {premise}: {e.Message}");
            }
        }

        // The what-ifs and drops are the question; the context is what it is asked about (the scenario compared in, the
        // premises --without withdrew from both sides).
        var context = written.ContextIn(against);
        var text = new StringBuilder(ContextText.Line(context));
        text.Append($"what if {string.Join("; ", premises.Concat((drops ?? []).Select(d => "without " + d)))}:\n");

        // Against the argument as written (before the drops), or a named scenario: a withdrawn premise's conclusions change too.
        var before = written.Baseline(against);
        var after = analysis.Baseline(against);
        var changes = analysis.ChangesFrom(before, against);
        // The claims asked about are always said, changed or not: "unchanged" is an answer, not an omission.
        foreach (var claim in claims ?? [])
        {
            var was = State(before, written.Claim(claim));
            var now = State(after, analysis.Claim(claim));
            text.Append($"  {claim}: {was} -> {now}{(was == now ? " (unchanged)" : string.Empty)}\n");
        }

        if (changes.Count == 0)
        {
            text.Append("  no conclusion changes\n");
        }
        else if (claims is { Length: > 0 })
        {
            text.Append("  conclusions that change:\n");
        }

        ChangesText.Write(text, changes);

        // A conflict the what-ifs create is said, with both chains; unacknowledged, it fails the run.
        var conflicts = analysis.WhatIfNewConflicts();
        foreach (var conflict in conflicts)
        {
            DiagnosticText.Write(text, conflict);
        }

        output.Write(format == OutputFormat.Json ? JsonReports.WhatIf(premises, drops ?? [], changes, conflicts, context) : text.ToString());
        return conflicts.Any(d => d.IsError) ? ExitCodes.Failed : ExitCodes.Clean;
    }

    /// <summary>A claim's truth, marked when it holds only through a conflict.</summary>
    private static string State(Evaluation evaluation, Evaluator.Grounding.GroundCondition claim) =>
        evaluation.TruthOf(claim).Text() + (evaluation.IsContested(claim) ? ", contested" : string.Empty);
}
