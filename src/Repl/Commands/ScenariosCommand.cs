using System.CommandLine;
using System.Diagnostics;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// <c>policydsl scenarios FILE</c>: every combination of the open premises, swept; for each conclusion, in how many
/// scenarios it is true and false (all, some or none), its probability, its values, which open premises it depends
/// on, and which scenarios produce a conflict. Past the exhaustive limit, <c>--sample N</c> estimates instead.
/// </summary>
internal static class ScenariosCommand
{
    /// <summary>The most scenarios --sample draws: beyond it the bound barely narrows and the run takes minutes.</summary>
    public const long MaxSample = 100_000_000;

    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var sample = new Option<long?>("--sample") { Description = "draw N scenarios at random (by the premises' probabilities) instead of sweeping all; each share is then within a stated error bound" };
        var seed = new Option<ulong>("--seed") { Description = "seed for --sample (same seed, same report)", DefaultValueFactory = _ => 1 };
        var timings = new Option<bool>("--timings") { Description = "print how long the sweep took, on standard error" };
        var format = Inputs.FormatOption(OutputFormat.Text, OutputFormat.Json);
        var scenario = Inputs.ScenarioOption();
        var noDepends = new Option<bool>("--no-depends") { Description = "skip which premises each conclusion depends on (one more pass over the scenarios per 8 premise bits); counts only" };
        var command = new Command("scenarios", "Sweep every combination of the open premises: per conclusion all/some/none, probability, the premises it depends on, and the scenarios that conflict. " + PolicyCli.ExitCodeHelp)
        {
            file,
            sample,
            seed,
            timings,
            noDepends,
            format,
            scenario,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(sample) is { } n && n <= 0)
            {
                result.AddError("--sample must be a positive number of scenarios");
            }
            else if (result.GetValue(sample) is { } many && many > MaxSample)
            {
                result.AddError($"--sample takes at most {MaxSample:N0} scenarios (the error bound is then ±{Evaluator.Scenarios.SweepResult.HalfWidth(MaxSample):F5}); ask for fewer");
            }
        });
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(sample), parse.GetValue(seed), output, parse.InvocationConfiguration.Error, parse.GetValue(timings), !parse.GetValue(noDepends), Inputs.ProjectRoot(parse), Inputs.Without(parse), Inputs.Format(parse, format), Inputs.Scenario(parse)));
        return command;
    }

    public static int Run(string file, long? samples, ulong seed, TextWriter output, TextWriter error, bool timings = false, bool depends = true, string? projectRoot = null, string[]? without = null, OutputFormat format = OutputFormat.Text, string? scenario = null)
    {
        var analysis = ArgumentAnalysis.Load(file, projectRoot, without ?? []);
        var preparation = analysis.PrepareSweep(sampling: samples is not null, scenario);
        var context = analysis.ContextIn(scenario);
        if (preparation.Refusal is { } refusal)
        {
            var why = ScenarioText.Refusal(refusal, $"policydsl scenarios {file}");
            output.Write(format == OutputFormat.Json ? JsonReports.NotSwept(analysis.Model.DisplayName, why.TrimEnd('\n'), context) : $"argument: {analysis.Model.DisplayName}\n{ContextText.Line(context)}" + why);
            return ExitCodes.Failed;
        }

        var clock = Stopwatch.StartNew();
        SweepResult sweep;
        using (var bar = ProgressBar.ForTerminal(error, samples is null ? "sweeping" : "sampling"))
        {
            sweep = ScenarioSweep.Run(preparation.Plan!, new SweepOptions { Dependencies = samples is null && depends, Samples = samples, Seed = seed, Progress = bar is null ? null : bar.Report });
        }

        if (timings)
        {
            error.Write(FormattableString.Invariant($"timings {DisplayPath.For(Path.GetFullPath(file))}: {(sweep.IsSampled ? "sample" : "sweep")} of {sweep.Scenarios} scenarios {clock.Elapsed.TotalMilliseconds:F0} ms\n"));
        }

        var title = analysis.Model.DisplayName + (scenario is null ? string.Empty : $" (scenario \"{scenario}\")");
        output.Write(format == OutputFormat.Json ? JsonReports.Scenarios(title, sweep, context) : ContextText.Line(context) + ScenarioText.Write(title, sweep));
        return ExitCodes.Clean;
    }
}
