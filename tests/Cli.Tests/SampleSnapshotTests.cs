using System.Text;
using FluentAssertions;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Evaluator.Checking;
using PolicyDsl.Evaluator.Reports;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>
/// Every file under samples/ has its check, eval, test, scenarios, flips and matrix reports and the why tree of each expectation kept as
/// baselines in Snapshots/samples/. Adding a sample adds its seven tests; a changed report fails with a diff until
/// the new baseline is accepted (VERIFY_ACCEPT=1 dotnet test tests/Cli.Tests) and reviewed.
/// </summary>
public class SampleSnapshotTests
{
    public static TheoryData<string, string> Reports()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.Samples, "*.policy", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var sample = Path.GetRelativePath(TestPaths.RepoRoot, file).Replace('\\', '/');
            foreach (var report in new[] { "check", "eval", "test", "why", "scenarios", "flips", "matrix" })
            {
                data.Add(sample, report);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public void Sample_report_matches_its_baseline(string sample, string report)
    {
        var received = report == "why" ? WhyTrees(sample) : Run(report, sample);
        var name = Path.ChangeExtension(sample["samples/".Length..], null) + "." + report;
        Snapshot.Verify(received, Path.Combine(TestPaths.RepoRoot, "tests", "Cli.Tests", "Snapshots", "samples"), name);
    }

    private static string Run(string verb, string sample)
    {
        var (exit, output, error) = CliRunner.Run(verb, sample);
        return $"$ policydsl {verb} {sample}\n{output}{error}exit {exit}\n";
    }

    /// <summary>The explanation of every expectation: its proof, or for a failure what is missing.</summary>
    private static string WhyTrees(string sample)
    {
        var report = ArgumentChecker.Check(Analyzer.Analyze(sample));
        var text = new StringBuilder();
        foreach (var outcome in report.Expectations)
        {
            text.Append(outcome.Passed ? "PASS " : "FAIL ").Append(outcome.Location.Source.Path).Append(':').Append(outcome.Location.Start.Line)
                .Append("  ").Append(outcome.Text).Append(outcome.Scenario is null ? string.Empty : $"  (scenario \"{outcome.Scenario}\")").Append('\n');
            if (outcome.Explanation is { } proof)
            {
                ProofText.Write(text, proof, "  ", "  ");
            }

            text.Append('\n');
        }

        if (report.Expectations.Count == 0)
        {
            text.Append(report.Program is null ? "not evaluated: the argument has errors\n" : "no expectations\n");
        }

        return text.ToString();
    }
}

public sealed class SnapshotHelperTests : IDisposable
{
    private readonly TempFolder folder = TestPaths.CreateTempFolder();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_mismatch_writes_the_received_file_and_fails_with_a_diff_until_accepted()
    {
        folder.Write("report.verified.txt", "line one\nline two\n");
        Snapshot.Verify("line one\nline two\n", folder.Path, "report");
        File.Exists(Path.Combine(folder.Path, "report.received.txt")).Should().BeFalse();

        var failure = FluentActions.Invoking(() => Snapshot.Verify("line one\nline 2\n", folder.Path, "report", accept: false)).Should().Throw<Xunit.Sdk.XunitException>().Which;
        failure.Message.Should().Contain("- line two").And.Contain("+ line 2").And.Contain(Snapshot.AcceptVariable + "=1");
        File.ReadAllText(Path.Combine(folder.Path, "report.received.txt")).Should().Be("line one\nline 2\n");

        Snapshot.Verify("line one\nline 2\n", folder.Path, "report", accept: true);

        File.ReadAllText(Path.Combine(folder.Path, "report.verified.txt")).Should().Be("line one\nline 2\n");
        File.Exists(Path.Combine(folder.Path, "report.received.txt")).Should().BeFalse();
        Snapshot.Verify("line one\nline 2\n", folder.Path, "report");
    }

    [Fact]
    public void A_missing_baseline_fails()
    {
        FluentActions.Invoking(() => Snapshot.Verify("new\n", folder.Path, "fresh", accept: false)).Should().Throw<Xunit.Sdk.XunitException>()
            .Which.Message.Should().Contain("No verified snapshot");
    }
}
