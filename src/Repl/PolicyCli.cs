using System.CommandLine;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Repl.Commands;
using PolicyDsl.Repl.Hosting;

namespace PolicyDsl.Repl;

/// <summary>The command line: one verb a file under Commands/, all of them thin over the libraries.</summary>
public static class PolicyCli
{
    public const string ExitCodeHelp = "Exit codes: 0 clean, 1 diagnostics with errors or failed expectations, 2 bad usage, 3 internal error.";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        // Colour only on the way to a terminal, and only for text reports: the reporters themselves never colour.
        var mode = AnsiColor.ModeIn(args);
        var plain = AnsiColor.NeverColoured(args) || mode is not (null or "auto" or "always" or "never");
        var noColor = Environment.GetEnvironmentVariable("NO_COLOR");
        var term = Environment.GetEnvironmentVariable("TERM");
        using var colouredOutput = !plain && AnsiColor.Enabled(mode, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected, noColor, term) ? new AnsiColor.Writer(output) : null;
        using var colouredError = !plain && AnsiColor.Enabled(mode, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected, noColor, term) ? new AnsiColor.Writer(error) : null;
        // Every verb's output, in every format, leaves through one filter that escapes control characters.
        using var safeOutput = new SafeWriter(colouredOutput ?? output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
        using var safeError = new SafeWriter(colouredError ?? error, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);
        var exit = RunVerb(args, safeOutput, safeError);
        safeOutput.Flush();
        safeError.Flush();
        colouredOutput?.Flush();
        colouredError?.Flush();
        return exit;
    }

    private static int RunVerb(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("PolicyDsl: check, evaluate and test arguments written as premises, rules and expectations. " + ExitCodeHelp);
        root.Add(Inputs.RootOption());
        root.Add(Inputs.WithoutOption());
        var colourOption = AnsiColor.Option();
        colourOption.AcceptOnlyFromAmong("auto", "always", "never");
        root.Add(colourOption);
        root.Add(CheckCommand.Create(output));
        root.Add(EvalCommand.Create(output));
        root.Add(TestCommand.Create(output));
        foreach (var question in Questions.All)
        {
            root.Add(QuestionCommands.Create(question, output));
        }

        root.Add(ScenariosCommand.Create(output));
        root.Add(WhatIfCommand.Create(output));
        root.Add(MapCommand.Create(output));
        root.Add(ReportCommand.Create(output));
        root.Add(FmtCommand.Create(output));
        root.Add(LspCommand.Create());
        root.Add(InitCommand.Create(output));
        root.Add(ReplCommand.Create(output));

        if (UsageProblem(root, args) is { } problem)
        {
            error.Write($"error: {problem}\nrun 'policydsl --help' for usage\n");
            return UsageFailed(args, problem, output);
        }

        // --version anywhere (after a verb too) answers the version, as --help does.
        if (args.Contains("--version") && !args.Contains("--"))
        {
            output.Write(typeof(PolicyCli).Assembly.GetName().Version?.ToString(3) + "\n");
            return ExitCodes.Clean;
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.Write($"error: {e.Message}\n");
            }

            error.Write("run 'policydsl --help' for usage\n");
            return UsageFailed(args, string.Join("; ", parse.Errors.Select(e => e.Message)), output);
        }

        // The stages walk syntax trees recursively; a generous stack means no statement the parser accepts can exhaust it.
        var exitCode = ExitCodes.InternalError;
        var worker = new Thread(() => exitCode = Invoke(parse, output, error), WorkerStackBytes);
        worker.Start();
        worker.Join();
        return exitCode;
    }

    /// <summary>
    /// What is wrong with the words given, before they are parsed: an unknown verb, or a word that looks like an
    /// option and is none of the verb's (it would otherwise be taken as a path), each with the nearest one suggested.
    /// </summary>
    private static string? UsageProblem(RootCommand root, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return null;
        }

        var verb = root.Subcommands.FirstOrDefault(c => c.Name == args[0]);
        if (verb is null)
        {
            var suggestion = Dsl.Diagnostics.NameSuggestions.Closest(args[0], root.Subcommands.Select(c => c.Name));
            return $"'{args[0]}' is not a verb; {(suggestion is not null ? $"did you mean '{suggestion}'?" : $"the verbs are {string.Join(", ", root.Subcommands.Select(c => c.Name))}")}";
        }

        var options = verb.Options.Concat(root.Options.Where(o => o.Recursive)).ToList();
        var names = options.SelectMany(o => o.Aliases.Prepend(o.Name)).Concat(["--help", "-h", "-?", "--version"]).ToHashSet(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            var word = args[i];
            if (word == "--")
            {
                break;
            }

            if (!word.StartsWith('-') || word.Length == 1 || char.IsDigit(word[1]))
            {
                continue;
            }

            var name = word.Split('=', 2)[0];
            if (!names.Contains(name))
            {
                var suggestion = Dsl.Diagnostics.NameSuggestions.Closest(name, names.Where(n => n.StartsWith("--", StringComparison.Ordinal)));
                return $"'{name}' is not an option of '{verb.Name}'; {(suggestion is not null ? $"did you mean '{suggestion}'?" : $"see 'policydsl {verb.Name} --help'")} (a path that starts with '-' goes after '--')";
            }

            // An option that takes a value takes the next word, whatever it looks like.
            if (!word.Contains('=', StringComparison.Ordinal) && options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name)) is { } option
                && option.Arity.MaximumNumberOfValues > 0)
            {
                i++;
            }
        }

        return null;
    }

    /// <summary>
    /// With --format json or sarif, a wrong invocation still writes its one document on standard output (issue 23: a
    /// CI step that parses it gets the reason, not an empty string); the message itself is on standard error.
    /// </summary>
    private static int UsageFailed(string[] args, string message, TextWriter output)
    {
        var format = args.Select((word, i) => word.StartsWith("--format=", StringComparison.Ordinal) ? word["--format=".Length..] :
            word == "--format" && i + 1 < args.Length ? args[i + 1] : null).LastOrDefault(f => f is not null);
        WriteFailure(output, format, message, ExitCodes.Usage, Evaluator.Reports.JsonReports.UsageFailure(message), junit: true);
        return ExitCodes.Usage;
    }

    /// <summary>
    /// 1 GiB of address space for the worker's stack; only what is used is committed. A proof is explained one
    /// level of recursion per step (about 1 KB each), and the deepest chain of reasoning 6 MiB can hold is about
    /// 400,000 steps.
    /// </summary>
    private const int WorkerStackBytes = 1024 * 1024 * 1024;

    /// <summary>A failure a test injects into the verb being run, to see what the user gets from a defect; flows with the call.</summary>
    internal static readonly AsyncLocal<Func<Exception>?> InjectedFailure = new();

    private static int Invoke(ParseResult parse, TextWriter output, TextWriter error)
    {
        // A verb writes a JSON or SARIF report in one piece once it is complete, so a verb that fails has written
        // none of it: the error document below is then the whole of standard output, and valid.
        try
        {
            return InvokeVerb(parse, output, error);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var message = $"internal error: {e.GetType().Name}: {e.Message}. This is a bug in PolicyDsl; please report it with the input that caused it.";
            WriteFailure(output, RequestedFormat(parse), message, ExitCodes.InternalError, Evaluator.Reports.JsonReports.InternalFailure(message), junit: false);

            error.Write(message + "\n");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>The one document a run that answered nothing writes in the format asked for (text needs none: the message is on standard error).</summary>
    private static void WriteFailure(TextWriter output, string? format, string message, int exit, string json, bool junit)
    {
        switch (format)
        {
            case "json":
                output.Write(json);
                break;
            case "sarif":
                output.Write(Evaluator.Reports.SarifReport.InternalFailure(message, typeof(PolicyCli).Assembly.GetName().Version?.ToString(3) ?? "0.0.0", exit));
                break;
            case "junit" when junit:
                output.Write(Evaluator.Reports.JUnitReport.Failure(message));
                break;
        }
    }

    private static string? RequestedFormat(ParseResult parse)
    {
        try
        {
            return parse.CommandResult.Command.Options.Any(o => o.Name == "--format") ? parse.GetValue<string>("--format") : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static int InvokeVerb(ParseResult parse, TextWriter output, TextWriter error)
    {
        try
        {
            if (InjectedFailure.Value is { } failure)
            {
                throw failure();
            }

            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (QuestionException problem)
        {
            // A question the argument cannot answer (errors, a claim that does not bind, past a limit): the user's to fix.
            // On standard error: it is about the invocation (nothing evaluated, an unknown atom), not a result; with
            // --format json, standard output still gets its one JSON document, which says so.
            var exit = Inputs.Report(problem, error);
            WriteFailure(output, RequestedFormat(parse), problem.Message, exit, Evaluator.Reports.JsonReports.QuestionFailure(problem, exit), junit: true);

            return exit;
        }

        // Anything else is a defect (bad input becomes diagnostics): Invoke reports it in one line.
    }
}
