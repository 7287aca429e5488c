using System.CommandLine;
using System.Text;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;

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
            Required = true,
        };
        var command = new Command("whatif", "What if: fix premises and print the conclusions that change, with the premises behind each change. " + PolicyCli.ExitCodeHelp)
        {
            file,
            set,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(set)!, output, Inputs.ProjectRoot(parse), Inputs.Without(parse)));
        return command;
    }

    public static int Run(string file, string[] premises, TextWriter output, string? projectRoot = null, string[]? without = null)
    {
        var analysis = ArgumentAnalysis.Load(file, projectRoot, without ?? []);
        _ = analysis.Evaluated;
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

        var text = new StringBuilder();
        text.Append($"what if {string.Join("; ", premises)}:\n");
        var changes = analysis.WhatIfChanges();
        if (changes.Count == 0)
        {
            text.Append("  no conclusion changes\n");
        }

        foreach (var change in changes)
        {
            text.Append($"  {change.Atom}: {change.Before} -> {change.After}\n");
            if (change.Because.Count > 0)
            {
                text.Append($"    now resting on {string.Join(", ", change.Because)}\n");
            }
        }

        // A conflict the what-ifs create is said, with both chains; unacknowledged, it fails the run.
        var conflicts = analysis.WhatIfNewConflicts();
        foreach (var conflict in conflicts)
        {
            DiagnosticText.Write(text, conflict);
        }

        output.Write(text.ToString());
        return conflicts.Any(d => d.IsError) ? ExitCodes.Failed : ExitCodes.Clean;
    }
}
