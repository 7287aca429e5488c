using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>The built executable, as CI runs it: no input makes it print a stack trace or hang.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly TempFolder folder = TestPaths.CreateTempFolder();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string> HostileInputs() => ["garbage", "empty", "deep", "long", "cycle", "missing", "large", "money"];

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Hostile_input_gets_coded_diagnostics_not_a_stack_trace(string kind)
    {
        var path = Path.Combine(folder.Path, kind + ".policy");
        switch (kind)
        {
            case "garbage":
                var bytes = new byte[100_000];
                new Random(7).NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                break;
            case "empty":
                File.WriteAllText(path, string.Empty);
                break;
            case "deep":
                File.WriteAllText(path, "if " + new string('(', 50_000) + "a" + new string(')', 50_000) + " then b\n");
                break;
            case "long":
                File.WriteAllText(path, "fact a\nif " + string.Join(" and ", Enumerable.Repeat("a", 9_000)) + " then b\nif " + string.Concat(Enumerable.Repeat("not ", 9_000)) + "a then c\n");
                break;
            case "money":
                // A scale word that would overflow the amount (was an OverflowException, exit 3).
                File.WriteAllText(path, "fact x = $100000000000000000T\nfact y = $79228162514264337593543950335B\n");
                break;
            case "cycle":
                folder.Write("other.policy", "import \"cycle.policy\"\n");
                File.WriteAllText(path, "import \"other.policy\"\n");
                break;
            case "large":
                // About 10 MB of statements, many of them broken.
                var lines = Enumerable.Range(0, 520_000).Select(i => (i % 5) switch
                {
                    0 => $"fact p{i}",
                    1 => $"rule r{i}: if p{i - 1} and not q then z{i}",
                    2 => "if (x",
                    3 => $"expect z{i - 2}",
                    _ => "\"unterminated",
                });
                File.WriteAllText(path, string.Join('\n', lines));
                break;
        }

        var (exit, output, error) = CliRunner.RunProcess(null, "check", path);
        // A path that names nothing is a problem with the invocation, reported on standard error; all else is the report.
        if (kind == "missing")
        {
            (output, error) = (error + output, string.Empty);
        }

        error.Should().BeEmpty();
        if (kind == "long")
        {
            // Long but valid: the point is that nothing overflows.
            exit.Should().Be(0, output);
            output.Should().EndWith("checked 1 file: 0 errors, 0 warnings\n");
        }
        else
        {
            exit.Should().Be(kind == "empty" ? 0 : 1, output);
            output.Should().MatchRegex(@"(error|warning) PD\d{4}: ");
        }

        (output + error).Should().NotContainAny("   at ", "Exception", "Unhandled");
    }

    [Fact]
    public void The_executable_checks_and_tests_a_file_end_to_end()
    {
        var file = folder.Write("a.policy", "fact a\nif a then b\nexpect b\nexpect not b\n");
        var (exit, output, _) = CliRunner.RunProcess(null, "test", file);
        exit.Should().Be(1);
        output.Should().Contain("PASS").And.Contain("FAIL").And.EndWith("1 passed, 1 failed\n");
    }

    [Theory]
    [InlineData("1 + 1\n", 0)]
    [InlineData("1 +\n", 1)]
    [InlineData(":why dael(US, Russia)\n1 + 1\n", 1)]
    [InlineData("fact a\nrule r: if a then\n\n", 1)]
    [InlineData(":nosuchcommand\n", 1)]
    [InlineData("throw new System.Exception(\"boom\");\n", 1)]
    public void A_piped_repl_script_exits_1_when_any_input_had_an_error(string script, int exit)
    {
        var result = CliRunner.RunProcess(script, "repl", "samples/000-no-deal-left.policy");
        result.Exit.Should().Be(exit, result.Output);
    }

    [Fact]
    public void A_piped_repl_script_writes_each_answer_as_it_is_produced()
    {
        // The second input never ends: what the first printed must already be out when the test gives up waiting.
        var (output, finished) = CliRunner.RunProcessUntil("40 + 2\nwhile (true) { }\n", text => text.Contains("42\n", StringComparison.Ordinal), TimeSpan.FromSeconds(300), "repl");
        finished.Should().BeFalse("the endless loop keeps the process running");
        output.Should().Contain("policydsl> 40 + 2\n42\n");
    }

    /// <summary>
    /// test --watch runs again when the argument changes. The test keeps rewriting the file (alternating two texts)
    /// until the second run shows, so it does not depend on how fast a busy machine starts the first run.
    /// </summary>
    [Fact]
    public void Watch_runs_again_when_a_file_of_the_argument_changes()
    {
        folder.Write(".policydsl-root", string.Empty);
        var file = folder.Write("w.policy", "fact a\nrule r: if a then b\nexpect b\n");
        using var stop = new CancellationTokenSource();
        var writer = new Thread(() =>
        {
            for (var i = 0; !stop.Token.WaitHandle.WaitOne(700); i++)
            {
                File.WriteAllText(file, i % 2 == 0 ? "fact a\nrule r: if a then b\nexpect not b\n" : "fact a\nrule r: if a then b\nexpect b\n\n");
            }
        });
        writer.Start();
        var (output, finished) = CliRunner.RunProcessUntil(string.Empty, o => o.Contains("--- run 2 ---", StringComparison.Ordinal) && o.LastIndexOf("watching 1 path", StringComparison.Ordinal) > o.IndexOf("--- run 2 ---", StringComparison.Ordinal),
            CliRunner.HangLimit, "test", file, "--watch");
        stop.Cancel();
        writer.Join();
        finished.Should().BeFalse("watch runs until stopped");
        output.Should().Contain("watching 1 path for changes (Ctrl+C stops)").And.Contain("--- run 2 ---");
    }

    /// <summary>
    /// watch follows an import that disappears and comes back: the run after the deletion reports it missing, and
    /// its return runs the argument again. The test acts on what the watcher printed, so it does not depend on speed.
    /// </summary>
    [Fact]
    public void Watch_runs_again_when_a_deleted_import_comes_back()
    {
        folder.Write(".policydsl-root", string.Empty);
        var library = folder.Write("lib.policy", "fact a\n");
        var file = folder.Write("main.policy", "import \"lib.policy\"\nrule r: if a then b\nexpect b\n");
        var deleted = false;
        var restored = false;
        static int Count(string text, string what) => text.Split(what).Length - 1;
        var (output, finished) = CliRunner.RunProcessUntil(string.Empty, o =>
        {
            if (!deleted && Count(o, "watching ") == 1)
            {
                File.Delete(library);
                deleted = true;
            }
            else if (deleted && !restored && Count(o, "watching ") == 2)
            {
                File.WriteAllText(library, "fact a\n");
                restored = true;
            }

            return Count(o, "watching ") >= 3;
        }, CliRunner.HangLimit, "test", file, "--watch");
        finished.Should().BeFalse("watch runs until stopped");
        var runs = output.Split("--- run ");
        runs.Should().HaveCount(3, output);
        runs[1].Should().Contain("PD0011", "the second run finds the import missing");
        runs[2].Should().Contain("1 passed, 0 failed", "the import's return ran the argument again");
    }
}
