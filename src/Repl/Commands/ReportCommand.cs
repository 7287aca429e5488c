using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Commands;

/// <summary>
/// <c>policydsl report PATH... [-o report.html]</c>: one self-contained HTML page of the arguments named (folders
/// searched for *.policy files): an index, and per argument its map, conclusions with their proofs, passages,
/// expectations, tipping points, critical premises, matrix and diagnostics. The maps are drawn by Graphviz's dot;
/// without it the report says so where each map would be, and a warning says how to install it.
/// </summary>
internal static class ReportCommand
{
    public const string DefaultFile = "report.html";

    public static Command Create(TextWriter output)
    {
        var paths = new Argument<string[]>("PATH") { Description = "argument files, or folders searched for *.policy files", Arity = ArgumentArity.OneOrMore };
        var exclude = Inputs.ExcludeOption();
        var outputFile = new Option<string>("--output", "-o") { Description = $"the HTML file to write (atomically), or - for standard output; default {DefaultFile}", DefaultValueFactory = _ => DefaultFile };
        var timings = new Option<bool>("--timings") { Description = "print how long each argument and the whole report took, on standard error" };
        var scenario = Inputs.ScenarioOption();
        var command = new Command("report", "Write one self-contained HTML report of the arguments: map, conclusions and proofs down to the quoted passages, scenarios, tipping points, critical premises, matrix, diagnostics. " + PolicyCli.ExitCodeHelp)
        {
            paths,
            exclude,
            outputFile,
            timings,
            scenario,
        };
        command.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(exclude)!, parse.GetValue(outputFile)!, output, parse.InvocationConfiguration.Error,
            Inputs.ProjectRoot(parse), Inputs.Without(parse), parse.GetValue(timings), Inputs.Scenario(parse)));
        return command;
    }

    /// <summary>The largest map a report draws.</summary>
    public const int MaxDrawnMapNodes = 1500;

    public static int Run(string[] paths, string[] exclude, string target, TextWriter output, TextWriter error, string? projectRoot, string[] without, bool timings, string? scenario = null)
    {
        var clock = Stopwatch.StartNew();
        var (files, problems) = Inputs.Expand(paths, exclude, projectRoot);
        if (problems.Count > 0)
        {
            var text = new StringBuilder();
            foreach (var problem in problems)
            {
                DiagnosticText.Write(text, problem);
            }

            error.Write(text.Append("no report written: name argument files or folders that hold them\n").ToString());
            return ExitCodes.Usage;
        }

        // Each argument is rendered as soon as it is analysed: only its HTML is kept, so the report holds one analysis at a time.
        var arguments = new List<RenderedArgument>();
        var unrendered = false;
        string? failure = null;
        var known = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var started = clock.Elapsed;
            var (rendered, missing, drawFailure) = RenderOne(file, projectRoot, without, arguments.Count + 1, scenario, known);
            arguments.Add(rendered);
            unrendered |= missing;
            failure ??= drawFailure;
            if (timings)
            {
                error.Write(string.Create(CultureInfo.InvariantCulture, $"timings {DisplayPath.For(file)}: {(clock.Elapsed - started).TotalMilliseconds:F0} ms\n"));
            }
        }

        // As over several files in check and test: each file that declares the scenario is reported within it, the
        // others as written; a name no file declares is refused, and no page is written.
        if (scenario is not null && !known.Contains(scenario))
        {
            error.Write($"error: --scenario \"{scenario}\" names no scenario of the files reported" +
                (known.Count > 0 ? $" (known: {string.Join(", ", known.Select(n => $"\"{n}\""))})" : ": none of them declares one (scenario \"...\" { ... })") + "\n");
            return ExitCodes.Usage;
        }

        if (unrendered)
        {
            error.Write($"warning {Graphviz.Missing("drawing the maps", "read the report without them")}\n");
        }

        if (failure is not null)
        {
            error.Write($"warning {Graphviz.Failed("drawing the maps", failure)}; the report is written without them\n");
        }

        // The page is written a piece at a time, not built whole: a report of a large argument is tens of megabytes.
        var version = typeof(PolicyCli).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        if (target == "-")
        {
            HtmlReport.Write(output, arguments, version);
        }
        else
        {
            // A file gets the filter standard output has (SafeWriter): no raw control or bidirectional character.
            void WritePage(TextWriter file)
            {
                var safe = new SafeWriter(file, terminal: false);
                HtmlReport.Write(safe, arguments, version);
                safe.Flush();
            }

            if (AtomicFile.Write(Path.GetFullPath(target), WritePage, replace: true) is { } refused)
            {
                error.Write(refused + "\n");
                return ExitCodes.Failed;
            }

            output.Write($"wrote {target}: {DiagnosticText.Plural(arguments.Count, "argument")}\n");
        }

        if (timings)
        {
            error.Write(string.Create(CultureInfo.InvariantCulture, $"timings report: {clock.Elapsed.TotalMilliseconds:F0} ms\n"));
        }

        return ExitCodes.Clean;
    }

    // One argument, in a method of its own so its analysis is unreachable once its HTML is made (a local of the loop
    // in Run would keep it alive in unoptimised code until the next argument had been analysed).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (RenderedArgument Rendered, bool DotMissing, string? DotFailure) RenderOne(string file, string? projectRoot, string[] without, int index, string? scenario, SortedSet<string> known)
    {
        var analysis = ArgumentAnalysis.Load(file, projectRoot, without);
        known.UnionWith(analysis.Model.Scenarios.Select(s => s.Name));
        if (scenario is not null && analysis.Program is not null && analysis.Model.Scenarios.Any(s => s.Name == scenario))
        {
            analysis = analysis.In(scenario);
        }

        var overview = analysis.Overview();
        string? svg = null;
        string? note = null;
        var missing = false;
        string? failure = null;
        if (overview.Map is { Nodes.Count: > MaxDrawnMapNodes } large)
        {
            // Graphviz's layout grows much faster than the map: past this size it runs for minutes and draws
            // nothing one could read on a page.
            note = FormattableString.Invariant($"the map has {large.Nodes.Count:N0} nodes, more than the {MaxDrawnMapNodes:N0} a report draws; draw it as DOT: policydsl map {DisplayPath.For(file)}");
        }
        else if (overview.Map is { } map)
        {
            var rendered = Graphviz.Render(MapDot.Write(map, HtmlReport.MapIdPrefix(index)));
            svg = rendered.Svg;
            if (rendered.Missing)
            {
                missing = true;
                note = $"Graphviz's dot was not found ({Graphviz.DotProgram}); install it (apt-get install graphviz) and write the report again, or draw the map as DOT: policydsl map {DisplayPath.For(file)}";
            }
            else if (svg is null)
            {
                failure = rendered.Failure;
                note = $"Graphviz's dot {rendered.Failure}, so the map is not drawn; draw it as DOT: policydsl map {DisplayPath.For(file)}";
            }
        }

        // The overview's working memory (supports, sweep lanes, proofs drawn and dropped) is garbage by now, much of it
        // old enough that the collector would let the page grow on top of it: in a 6 MiB argument, 100 to 150 MB
        // past what is live. Collected here, once an argument, the page is built on what the overview holds.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return (HtmlReport.Render(new ReportedArgument(DisplayPath.For(file), overview, svg, note), index), missing, failure);
    }
}
