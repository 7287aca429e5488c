using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Files;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl.Commands;

/// <summary>The formats a verb can write its report in.</summary>
public enum OutputFormat
{
    Text,
    Json,
    Sarif,

    /// <summary>GitHub Actions annotations (workflow commands).</summary>
    Github,

    /// <summary>JUnit XML, for test dashboards.</summary>
    Junit,
}

/// <summary>Turns the paths a user names into argument files, and checks each of them.</summary>
internal static class Inputs
{
    /// <summary>The --exclude option of the verbs that take folders: files or folders to leave out.</summary>
    public static System.CommandLine.Option<string[]> ExcludeOption() => new("--exclude")
    {
        Description = "leave out this file or folder (repeatable), e.g. --exclude samples/invalid",
        DefaultValueFactory = _ => [],
    };

    public const string Extension = Workspace.PolicyFileExtension;

    /// <summary>--root, on every verb: the folder imports and sources must stay inside (see docs/language.md, "What PolicyDsl reads").</summary>
    public static System.CommandLine.Option<string?> RootOption() => new(RootOptionName)
    {
        Description = "the project root: imports and source documents are read only inside it (default: the nearest folder above each argument file holding .git or .policydsl-root)",
        Recursive = true,
    };

    private const string RootOptionName = "--root";

    /// <summary>--without NAME, on every verb: withdraw premises by source, claim (source#anchor) or premise, as if never stated.</summary>
    public static System.CommandLine.Option<string[]> WithoutOption() => new(WithoutOptionName)
    {
        Description = "withdraw premises (repeatable): a source ('enlist'), a claim of one ('enlist#c3') or a premise ('needs capital(China)'); withdrawn premises are neither true nor false, as if never stated",
        Recursive = true,
        DefaultValueFactory = _ => [],
    };

    private const string WithoutOptionName = "--without";

    /// <summary>The names a verb was asked to withdraw.</summary>
    public static string[] Without(System.CommandLine.ParseResult parse) => parse.GetValue<string[]>(WithoutOptionName) ?? [];

    /// <summary>
    /// --scenario NAME, declared once here and added to every verb that reads an argument: the question is asked
    /// within a named scenario, its premises replacing the base argument's. Over several files, in each file that
    /// declares it; a name no file declares is refused, as a --without name that withdraws nothing is.
    /// </summary>
    public static System.CommandLine.Option<string?> ScenarioOption() => new(ScenarioOptionName)
    {
        Description = "ask within a named scenario: its premises replace the base argument's, what it leaves open is swept (over several files: in each file that declares it)",
    };

    private const string ScenarioOptionName = "--scenario";

    /// <summary>The named scenario a verb was asked about, or null for the base argument.</summary>
    public static string? Scenario(System.CommandLine.ParseResult parse) => parse.GetValue<string?>(ScenarioOptionName);

    /// <summary>--strict, on check and test: warnings fail the run too (exit 1), for CI that keeps arguments warning-free.</summary>
    public static System.CommandLine.Option<bool> StrictOption() => new("--strict") { Description = "warnings fail the run (exit 1), not only errors" };

    /// <summary>The root a verb was given, or null to find it from each file.</summary>
    /// <remarks>A --root that is not a folder (missing, a file, a FIFO) is refused here, saying what it is, before anything is read.</remarks>
    public static string? ProjectRoot(System.CommandLine.ParseResult parse)
    {
        var root = parse.GetValue<string?>(RootOptionName);
        if (root is not null && FileSystemProbe.Kind(Path.GetFullPath(root)) is var kind and not FileKind.Folder)
        {
            throw new QuestionException(QuestionFailure.BadQuestion,
                $"--root '{root}' is {(kind == FileKind.Missing ? "missing" : FileSystemProbe.Describe(kind))}, not a folder; give the folder that holds the project's arguments");
        }

        return root;
    }

    /// <summary>The one <c>--format</c> option of every verb that reports: text by default, and the formats the verb writes.</summary>
    public static System.CommandLine.Option<string> FormatOption(params OutputFormat[] formats)
    {
        var names = formats.Select(f => f.ToString().ToLowerInvariant()).ToList();
        var option = new System.CommandLine.Option<string>("--format")
        {
            Description = $"text (default){string.Concat(names.Skip(1).Select((n, i) => (i == names.Count - 2 ? " or " : ", ") + n + FormatNote(n)))}",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong([.. names]);
        return option;
    }

    /// <summary>The format a verb was asked for (the option accepts only the verb's own).</summary>
    public static OutputFormat Format(System.CommandLine.ParseResult parse, System.CommandLine.Option<string> option) =>
        Enum.Parse<OutputFormat>(parse.GetValue(option) ?? "text", ignoreCase: true);

    private static string FormatNote(string name) => name switch
    {
        "sarif" => " (SARIF 2.1.0, for CI annotations)",
        "github" => " (GitHub Actions annotations)",
        "junit" => " (JUnit XML, for test dashboards)",
        _ => string.Empty,
    };

    /// <summary>Files as named, folders walked for *.policy inside their project (<see cref="ArgumentFiles"/>), in a stable order; missing paths, refused links and unreadable folders become diagnostics.</summary>
    public static (List<string> Files, List<Diagnostic> Problems) Expand(IEnumerable<string> paths, IEnumerable<string>? excluded, string? projectRoot)
    {
        var walk = ArgumentFiles.Expand(paths, excluded, projectRoot, Extension);
        return ([.. walk.Files], [.. walk.Problems]);
    }

    /// <summary>
    /// The one way a verb reports a question it cannot answer: the argument's errors and "not evaluated" (exit 1), a
    /// claim's diagnostics or the reason a question is wrong (exit 2), or what is past reach (exit 1).
    /// </summary>
    public static int Report(QuestionException problem, TextWriter output)
    {
        var text = new System.Text.StringBuilder();
        if (problem.Failure == QuestionFailure.NotEvaluated)
        {
            Evaluator.Reports.DiagnosticText.WriteNotEvaluated(text, problem.Diagnostics);
            output.Write(text.ToString());
            return ExitCodes.Failed;
        }

        foreach (var diagnostic in problem.Diagnostics)
        {
            Evaluator.Reports.DiagnosticText.Write(text, diagnostic);
        }

        switch (problem.Failure)
        {
            case QuestionFailure.BadQuestion when problem.Diagnostics.Count == 0:
                text.Append("error: ").Append(problem.Message).Append('\n');
                break;
            case QuestionFailure.CannotAnswer:
                text.Append(problem.Message).Append('\n');
                break;
        }

        output.Write(text.ToString());
        return problem.Failure == QuestionFailure.BadQuestion ? ExitCodes.Usage : ExitCodes.Failed;
    }

    /// <summary>
    /// Checks every file; with <paramref name="without"/>, each file with the premises those names withdraw from it
    /// (a name must withdraw something from some file, or the question is refused). Of each file's report only what
    /// <paramref name="keep"/> takes from it is kept: a verb keeps what it shows (check the diagnostics, test the
    /// outcomes), so it holds one argument's analysis in memory at a time, however many it checks.
    /// </summary>
    /// <returns>What each file's report gave <paramref name="keep"/>, and the context the files were checked in (each name withdrawn with its kind and the statements it withdrew across the files).</returns>
    public static (List<T> Reports, QuestionContext Context) CheckAll<T>(IEnumerable<string> files, string? projectRoot, Func<ArgumentReport, T> keep, TextWriter? timings = null, IReadOnlyList<string>? without = null,
        string? scenario = null, List<string>? read = null, CancellationToken cancellation = default)
    {
        var names = new NamesAcrossFiles(without);
        var reports = new List<T>();
        foreach (var file in files)
        {
            reports.Add(CheckOne(file, projectRoot, keep, timings, without, scenario, names, read, cancellation));
        }

        if (scenario is not null && !names.ScenarioFound)
        {
            throw new QuestionException(QuestionFailure.BadQuestion, $"--scenario \"{scenario}\" names no scenario of the files checked" +
                (names.ScenarioSuggestion is not null ? $"; did you mean \"{names.ScenarioSuggestion}\"?" : string.Empty) +
                (names.KnownScenarios.Count > 0 ? $" (known: {string.Join(", ", names.KnownScenarios.Select(n => $"\"{n}\""))})" : ": none of them declares one (scenario \"...\" { ... })"));
        }

        if (names.Unused.Count > 0)
        {
            throw new QuestionException(QuestionFailure.BadQuestion, $"--without {names.Unused.First()} withdraws nothing from the files checked" +
                (names.Suggestion is not null ? $"; did you mean '{names.Suggestion}'?" : ": name a source, a claim of a source (source#anchor) or a premise one of them states"));
        }

        var withdrawn = (without ?? []).Select(n => n.Trim()).Where(names.Withdrawn.ContainsKey).Distinct(StringComparer.Ordinal).Select(n => names.Withdrawn[n]);
        return (reports, new QuestionContext(scenario, [.. withdrawn], []));
    }

    // One file, in a method of its own: its workspace, model and analysis are locals here, so they are unreachable
    // once it returns. Kept in the loop of CheckAll, unoptimised code (a debug build, or tier 0 before the JIT
    // promotes the loop) keeps each local alive until it is overwritten, so the previous file's analysis would live
    // on while the next one is built, doubling the peak over many large files.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static T CheckOne<T>(string file, string? projectRoot, Func<ArgumentReport, T> keep, TextWriter? timings, IReadOnlyList<string>? without,
        string? scenario, NamesAcrossFiles names, List<string>? read, CancellationToken cancellation)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var workspace = Workspace.Load(file, projectRoot: projectRoot);
        var parsed = clock.Elapsed;
        var model = Analyzer.Analyze(workspace);
        read?.AddRange(WatchLoop.FilesOf(model));
        var bound = clock.Elapsed;
        var analysis = ArgumentAnalysis.Of(model, cancellation);
        if (without is { Count: > 0 } && !model.HasErrors)
        {
            var applicable = without.Where(n => Withdrawal.Applies(model, n)).ToList();
            names.Unused.ExceptWith(applicable);
            names.Suggestion ??= names.Unused.Select(n => NameSuggester.Closest(model, n, NameKinds.Withdrawable)).FirstOrDefault(n => n is not null);
            analysis = applicable.Count == 0 ? analysis : analysis.Without(applicable);
            foreach (var name in analysis.Context.Withdrawn)
            {
                names.Withdrawn[name.Name] = names.Withdrawn.TryGetValue(name.Name, out var seen) ? seen with { Statements = seen.Statements + name.Statements } : name;
            }
        }

        // Within a named scenario (test --scenario): the argument checked as if that scenario were the argument as
        // written, in each file that has it; as with --without, the name must apply to some file.
        var inScenario = scenario is not null && model.Scenarios.Any(s => s.Name == scenario);
        names.ScenarioFound |= inScenario;
        if (scenario is not null && !inScenario)
        {
            names.ScenarioSuggestion ??= NameSuggester.Closest(model, scenario, NameKinds.Scenario);
            names.KnownScenarios.UnionWith(model.Scenarios.Select(s => s.Name));
        }

        var report = inScenario && analysis.Program is not null ? analysis.ReportIn(scenario!) : analysis.Report;
        var evaluated = clock.Elapsed;
        var kept = keep(report);
        timings?.Write(FormattableString.Invariant(
            $"timings {DisplayPath.For(file)}: parse {parsed.TotalMilliseconds:F0} ms, check {(bound - parsed).TotalMilliseconds:F0} ms, evaluate {(evaluated - bound).TotalMilliseconds:F0} ms, rules {model.Rules.Count}\n"));
        return kept;
    }

    /// <summary>What CheckAll learns of --without and --scenario across its files, to refuse a name no file has.</summary>
    private sealed class NamesAcrossFiles(IReadOnlyList<string>? without)
    {
        public HashSet<string> Unused { get; } = new(without ?? [], StringComparer.Ordinal);

        /// <summary>Each name that withdrew something, as the first file resolved it, with the statements withdrawn from all files.</summary>
        public Dictionary<string, WithdrawnName> Withdrawn { get; } = new(StringComparer.Ordinal);

        public string? Suggestion { get; set; }

        public bool ScenarioFound { get; set; }

        public SortedSet<string> KnownScenarios { get; } = new(StringComparer.Ordinal);

        public string? ScenarioSuggestion { get; set; }
    }

    /// <summary>Runs a check or test again on every change until Ctrl+C (see <see cref="WatchLoop"/>).</summary>
    public static int Watch(string[] paths, Func<List<string>, int> once, TextWriter output)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return WatchLoop.Run(paths, once, output, stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
