using CsCheck;
using FluentAssertions;
using PolicyDsl.Testing;
using Xunit;
using Xunit.Abstractions;

namespace PolicyDsl.Evaluator.Tests.Fuzzing;

/// <summary>
/// Property tests over generated and mutated inputs (see <see cref="FuzzInputs"/> and <see cref="FuzzOracle"/>). CI
/// runs a few thousand; <c>bench/fuzz.sh</c> runs a million (POLICYDSL_FUZZ=1000000) and prints the counts. An input
/// that ever broke a promise is kept in <c>regressions/</c>, and runs on every build.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("POLICYDSL_FUZZ"), out var n) ? n : 3_000;

    [Fact]
    public void Generated_and_mutated_inputs_keep_every_promise()
    {
        var tally = new FuzzOracle.Tally();
        var seed = Environment.GetEnvironmentVariable("POLICYDSL_FUZZ_SEED") is { Length: > 0 } given ? given : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        FuzzInputs.Any.Sample(input =>
        {
            var started = clock.Elapsed;
            var (outcome, detail) = FuzzOracle.Run(input);
            tally.Add(input, outcome, detail, clock.Elapsed - started);
        }, iter: Iterations, seed: seed);

        var summary = $"{tally} in {clock.Elapsed.TotalSeconds:F0} s";
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("POLICYDSL_FUZZ_REPORT") is { Length: > 0 } report)
        {
            File.WriteAllText(report, summary + "\n--- slowest input\n" + tally.Slowest + "\n" + string.Concat(tally.Examples.Select(e => $"--- {e.Key}\n{e.Value.Input}\n--- detail\n{e.Value.Detail}\n")));
        }

        tally.Examples.Should().BeEmpty(summary + "\n" + string.Concat(tally.Examples.Select(e => $"{e.Key}: input:\n{e.Value.Input}\ndetail: {e.Value.Detail}\n")));
        tally.Total.Should().Be(Iterations);
    }

    public static TheoryData<string> Regressions() =>
        [.. Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "tests", "Evaluator.Tests", "Fuzzing", "regressions")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Regressions))]
    public void A_regression_input_keeps_every_promise(string name)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Evaluator.Tests", "Fuzzing", "regressions", name));
        var (outcome, detail) = FuzzOracle.Run(text);
        outcome.Should().Be(FuzzOutcome.Clean, detail);
    }
}
