using System.Diagnostics;
using PolicyDsl.Repl;

namespace PolicyDsl.Cli.Tests;

/// <summary>Runs policydsl in process (fast, for most tests) or as the built executable (what users and CI run).</summary>
internal static class CliRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = PolicyCli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>
    /// How long a process may run before it counts as hung. Generous on purpose: what this guards against is a hang,
    /// and a busy 2-core machine (CI building beside the tests) can make a 10 MB file take minutes, not seconds.
    /// </summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(10);

    /// <summary>Runs the built policydsl.dll in its own process, from the repository root; a hang (past <see cref="HangLimit"/>) fails.</summary>
    public static (int Exit, string Output, string Error) RunProcess(string? stdin, params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(HangLimit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"policydsl {string.Join(' ', args)} did not finish within {HangLimit.TotalMinutes} minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>
    /// Starts the executable with <paramref name="stdin"/> (left open), and reads its output until
    /// <paramref name="seen"/> holds or <paramref name="limit"/> passes; then kills it. Returns what it printed and
    /// whether it had exited by itself.
    /// </summary>
    public static (string Output, bool Finished) RunProcessUntil(string stdin, Func<string, bool> seen, TimeSpan limit, params string[] args)
    {
        using var process = Start(args);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Append(e.Data).Append('\n');
                }
            }
        };
        process.BeginOutputReadLine();
        process.StandardInput.Write(stdin);
        process.StandardInput.Flush();
        var clock = Stopwatch.StartNew();
        string Text()
        {
            lock (output)
            {
                return output.ToString();
            }
        }

        while (!seen(Text()) && !process.HasExited && clock.Elapsed < limit)
        {
            Thread.Sleep(50);
        }

        var finished = process.HasExited;
        if (!finished)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        return (Text(), finished);
    }

    /// <summary>The built policydsl.dll started from the repository root, its three streams redirected.</summary>
    public static Process Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Testing.TestPaths.RepoRoot,
        };

        // Memory is bounded, not timed: past 2 GiB of GC heap the process fails, and so does the test.
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x80000000";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "policydsl.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
