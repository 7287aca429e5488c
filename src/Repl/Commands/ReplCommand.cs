using System.CommandLine;
using System.Diagnostics;
using PolicyDsl.Cli.Interactive;

namespace PolicyDsl.Cli.Commands;

/// <summary>
/// <c>policydsl repl [FILE...]</c>: an interactive session over the loaded arguments. With standard input redirected
/// it runs the script it is given and prints the same transcript, without the editor.
/// </summary>
internal static class ReplCommand
{
    public static Command Create(TextWriter output)
    {
        var files = new Argument<string[]>("FILE") { Description = "argument files to load", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("repl", "Explore arguments interactively: commands (:why, :set, ...), statements, queries (? atom) and C# over the model. " + PolicyCli.ExitCodeHelp)
        {
            files,
        };
        command.SetAction(parse => Run(parse.GetValue(files) ?? [], output));
        return command;
    }

    public static int Run(string[] files, TextWriter output)
    {
        if (Console.IsInputRedirected)
        {
            output.Write(ReplSession.Run(Console.In.ReadToEnd(), files));
            return ExitCodes.Clean;
        }

        var clock = Stopwatch.StartNew();
        var csharp = new CSharpHost();
        var session = new ReplSession(output, csharp);
        csharp.WarmUp(new ReplGlobals(session));
        output.Write("PolicyDsl REPL: statements, '? queries', C# over the model, and :commands (:help). :quit or Ctrl+D to leave.\n");
        foreach (var file in files)
        {
            session.Execute(":load " + file);
        }

        if (Environment.GetEnvironmentVariable("POLICYDSL_REPL_TIMING") == "1")
        {
            output.Write($"(prompt after {clock.ElapsedMilliseconds} ms)\n");
        }

        var editor = new LineEditor(LineEditor.DefaultHistoryFile, before => Completions.For(session, before));
        using var running = new CancelOnControlC();
        while (!session.QuitRequested)
        {
            var input = editor.ReadLine(ReplInput.Prompt);
            if (input is null)
            {
                break;
            }

            while (ReplInput.NeedsMore(input))
            {
                var more = editor.ReadLine(ReplInput.ContinuationPrompt);
                if (more is null)
                {
                    break;
                }

                input = input.TrimEnd('\\') + "\n" + more;
            }

            session.Execute(input, running.Start());
        }

        return ExitCodes.Clean;
    }

    /// <summary>Ctrl+C while an input runs cancels that input, not the REPL; at the prompt the editor clears the line.</summary>
    private sealed class CancelOnControlC : IDisposable
    {
        private CancellationTokenSource source = new();

        public CancelOnControlC() => Console.CancelKeyPress += OnCancel;

        public CancellationToken Start()
        {
            if (source.IsCancellationRequested)
            {
                source.Dispose();
                source = new CancellationTokenSource();
            }

            return source.Token;
        }

        private void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            source.Cancel();
        }

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancel;
            source.Dispose();
        }
    }
}
