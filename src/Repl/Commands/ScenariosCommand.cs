using System.CommandLine;
using System.Diagnostics;
using System.Text;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Engine;

namespace PolicyDsl.Cli.Commands;

/// <summary>
/// <c>policydsl scenarios FILE</c>: every combination of the open premises, swept; for each conclusion, in how many
/// scenarios it is true, false or unknown (all, some or none), which open premises it depends on, and which
/// scenarios produce a conflict.
/// </summary>
internal static class ScenariosCommand
{
    /// <summary>Up to this many scenarios, each conclusion's dependence on each open premise is computed exactly.</summary>
    private const long DependencyLimit = 4096;

    public static Command Create(TextWriter output)
    {
        var file = new Argument<string>("FILE") { Description = "the argument file" };
        var timings = new Option<bool>("--timings") { Description = "print how long the sweep took, on standard error" };
        var command = new Command("scenarios", "Sweep every combination of the open premises: per conclusion all/some/none, the premises it depends on, and the scenarios that conflict. " + PolicyCli.ExitCodeHelp)
        {
            file,
            timings,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, output, parse.GetValue(timings) ? parse.InvocationConfiguration.Error : null));
        return command;
    }

    public static int Run(string file, TextWriter output, TextWriter? timings)
    {
        var model = Analyzer.Analyze(file);
        var report = ArgumentChecker.Check(model);
        var text = new StringBuilder();
        if (report.Base is null)
        {
            return Inputs.NotEvaluated(report, output);
        }

        var program = report.Program!;
        var premises = report.Base.Premises;
        var space = new ScenarioSpace(program, premises);
        text.Append($"argument: {model.DisplayName}\n");
        text.Append($"open premises: {space.Open.Count} ({string.Join(", ", space.Open.Select(o => o.Display))}); scenarios: {space.Count:N0}\n\n");
        if (space.Open.Count > BitSweep.MaxOpenPremises)
        {
            text.Append($"{space.Open.Count} open premises are more than the {BitSweep.MaxOpenPremises} an exhaustive sweep covers; fix some of them, or split the argument\n");
            output.Write(text.ToString());
            return ExitCodes.Failed;
        }

        if (!BitSweep.Supports(program, premises))
        {
            text.Append("this argument has open premises with listed values, or comparisons of values that vary by scenario; the sweep covers true/false ones only for now. Its scenarios are checked by 'policydsl test' (expect ... in all scenarios / in some scenario)\n");
            output.Write(text.ToString());
            return ExitCodes.Clean;
        }

        var clock = Stopwatch.StartNew();
        var sweep = BitSweep.Run(program, premises);
        timings?.Write(FormattableString.Invariant($"timings {DisplayPath.For(Path.GetFullPath(file))}: sweep of {sweep.Scenarios} scenarios {clock.Elapsed.TotalMilliseconds:F0} ms\n"));
        var dependencies = sweep.Scenarios <= DependencyLimit ? Dependencies(space) : null;

        var rows = program.Atoms.Where(a => program.RulesByHead[a.Id] is not null).ToList();
        var width = rows.Count == 0 ? 10 : Math.Min(48, rows.Max(a => a.Display.Length));
        text.Append($"  {"conclusion".PadRight(width)}  {"true in",-14} {"false in",-14} depends on\n");
        foreach (var atom in rows)
        {
            var holds = sweep.Holds[atom.Id];
            var fails = sweep.Fails[atom.Id];
            var depends = dependencies is null ? "(not computed past 4,096 scenarios)"
                : dependencies.TryGetValue(atom.Id, out var list) && list.Count > 0 ? string.Join(", ", list) : "nothing open";
            text.Append($"  {atom.Display.PadRight(width)}  {Quantity(holds, sweep.Scenarios),-14} {Quantity(fails, sweep.Scenarios),-14} {depends}\n");
        }

        var conflicts = sweep.ConflictCount;
        text.Append('\n').Append(conflicts == 0
            ? "no scenario produces a conflict\n"
            : $"{conflicts:N0} of {sweep.Scenarios:N0} scenarios produce a conflict, e.g. where {Describe(space, sweep, sweep.ConflictScenarios().First())}\n");
        output.Write(text.ToString());
        return ExitCodes.Clean;
    }

    private static string Quantity(long count, long total) =>
        count == total ? $"all {total:N0}" : count == 0 ? "none" : $"some {count:N0}";

    private static string Describe(ScenarioSpace space, SweepResult sweep, long scenario) =>
        string.Join(", ", sweep.Open.Select((atom, i) => (scenario >> i & 1) == 1 ? space.Program.Atoms[atom].Display : "not " + space.Program.Atoms[atom].Display));

    /// <summary>Conclusion atom -> open premises whose value changes its state in some scenario (all others fixed).</summary>
    private static Dictionary<int, List<string>> Dependencies(ScenarioSpace space)
    {
        var evaluations = space.Enumerate().Select(e => (Key: string.Concat(e.Choices), e.Evaluation)).ToDictionary(e => e.Key, e => e.Evaluation, StringComparer.Ordinal);
        var result = new Dictionary<int, List<string>>();
        foreach (var (key, evaluation) in evaluations)
        {
            for (var i = 0; i < space.Open.Count; i++)
            {
                var flipped = key.ToCharArray();
                flipped[i] = flipped[i] == '0' ? '1' : '0';
                var other = evaluations[new string(flipped)];
                for (var atom = 0; atom < space.Program.Atoms.Count; atom++)
                {
                    if (evaluation.TruthOf(atom) != other.TruthOf(atom) || !evaluation.ValuesOf(atom).SequenceEqual(other.ValuesOf(atom)))
                    {
                        var list = result.TryGetValue(atom, out var found) ? found : result[atom] = [];
                        if (!list.Contains(space.Open[i].Display))
                        {
                            list.Add(space.Open[i].Display);
                        }
                    }
                }
            }
        }

        return result;
    }
}
