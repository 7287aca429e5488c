using System.CommandLine;
using System.Diagnostics;
using PolicyDsl.Repl.Hosting;
using PolicyDsl.Repl.Interactive;

namespace PolicyDsl.Repl.Commands;

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
        command.SetAction(parse => Run(parse.GetValue(files) ?? [], output, Inputs.ProjectRoot(parse)));
        return command;
    }

    public static int Run(string[] files, TextWriter output, string? projectRoot = null)
    {
        if (Console.IsInputRedirected)
        {
            // A script: each input's output is written as it is produced, so a submission that never ends loses
            // nothing before it; the exit code says whether any input had an error.
            return ReplSession.RunScript(Console.In, files, output, projectRoot) > 0 ? ExitCodes.Failed : ExitCodes.Clean;
        }

        var clock = Stopwatch.StartNew();
        var csharp = new CSharpHost();
        var session = new ReplSession(output, csharp, projectRoot);
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
        var collector = new InputCollector();
        using var running = new CancelOnControlC();
        while (!session.QuitRequested)
        {
            var status = editor.ReadLine(collector.IsEmpty ? ReplInput.Prompt : ReplInput.ContinuationPrompt, out var line);
            if (status == LineStatus.Cancelled)
            {
                collector.Clear();
                continue;
            }

            var inputs = status == LineStatus.EndOfInput ? collector.Finish() : collector.Add(line);
            foreach (var input in inputs)
            {
                session.Execute(input, running.Start());
                if (session.QuitRequested)
                {
                    break;
                }
            }

            if (status == LineStatus.EndOfInput)
            {
                break;
            }
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
