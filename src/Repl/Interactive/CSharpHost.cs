using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace PolicyDsl.Repl.Interactive;

/// <summary>
/// The Roslyn scripting facade: runs C# submissions with the session as globals, each continuing the previous
/// one's state, and prints results. Roslyn takes about a second to warm up in a fresh process, so
/// <see cref="WarmUp"/> starts it in the background while the prompt is already up.
/// </summary>
public sealed class CSharpHost
{
    private static readonly ScriptOptions Options = ScriptOptions.Default
        .WithReferences(typeof(ReplGlobals).Assembly, typeof(Dsl.Semantics.Model).Assembly, typeof(Evaluator.Engine.Evaluation).Assembly, typeof(Enumerable).Assembly)
        .WithImports("System", "System.Linq", "System.Collections.Generic", "PolicyDsl.Repl.Interactive", "PolicyDsl.Dsl.Semantics")
        .WithEmitDebugInformation(false);

    private ScriptState<object?>? state;
    private Task? warmUp;

    /// <summary>
    /// Compiles and runs, in the background, a submission shaped like a user's (globals, a lambda, LINQ), so that
    /// what the first real one needs is already loaded and jitted. Its result is thrown away; the state is untouched.
    /// </summary>
    public void WarmUp(ReplGlobals globals) => warmUp ??= Task.Run(() =>
        CSharpScript.RunAsync<object?>("Facts.Where(f => f.Negated).Select(f => f.Atom).Count() + Rules.Count", Options, globals, typeof(ReplGlobals)));

    public void Reset() => state = null;

    /// <summary>Runs one submission and prints its value; false when it did not compile or threw.</summary>
    public bool Run(string code, ReplGlobals globals, TextWriter output, CancellationToken cancellation)
    {
        try
        {
            warmUp?.Wait(cancellation);

            // The submission runs on its own task so that Ctrl+C returns to the prompt at once, even from code the
            // guards do not reach (a library call that never ends): the prompt stops waiting, the state stays as it was.
            // Loops, methods and lambdas check the input's token (LoopGuard), so Ctrl+C stops the submission itself,
            // not only the wait for it.
            var previous = state;
            var guarded = LoopGuard.Insert(code);
            ReplCancellation.Current = cancellation;
            var submission = LargeStackScheduler.Run(() => previous is null
                ? CSharpScript.RunAsync<object?>(guarded, Options, globals, typeof(ReplGlobals), cancellation)
                : previous.ContinueWithAsync<object?>(guarded, Options, cancellation));
            submission.Wait(cancellation);
            state = submission.Result;
            if (state.Exception is { } thrown)
            {
                Report(thrown, globals, output);
                return false;
            }

            // A statement (int x = 1;) has no value; an expression's value is printed, tables for collections.
            if (state.ReturnValue is not null || IsExpression(code))
            {
                output.Write(TextTable.Format(state.ReturnValue) + "\n");
            }

            return true;
        }
        catch (AggregateException e) when (e.InnerException is CompilationErrorException compile)
        {
            WriteCompileErrors(compile, output);
        }
        catch (CompilationErrorException e)
        {
            WriteCompileErrors(e, output);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            Report(e, globals, output);
        }

        return false;
    }

    private static void WriteCompileErrors(CompilationErrorException e, TextWriter output)
    {
        foreach (var diagnostic in e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5))
        {
            var span = diagnostic.Location.GetLineSpan().StartLinePosition;
            output.Write($"<input>({span.Line + 1},{span.Character + 1}): error {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}\n");
        }
    }

    private static void Report(Exception e, ReplGlobals globals, TextWriter output)
    {
        var inner = e is AggregateException { InnerException: { } only } ? only : e;
        globals.Session.RememberException(inner);
        output.Write(inner is ReplException
            ? $"error: {inner.Message}\n"
            : $"{inner.GetType().Name}: {inner.Message} (:stack shows where)\n");
    }

    private static bool IsExpression(string code) => !code.TrimEnd().EndsWith(';') && !code.TrimEnd().EndsWith('}');

}
