using FluentAssertions;
using PolicyDsl.Repl.Hosting;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>Words the command line does not know are usage errors with the nearest word suggested, never paths.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData(new[] { "chek", "samples" }, "error: 'chek' is not a verb; did you mean 'check'?")]
    [InlineData(new[] { "check", "--fromat", "json", "samples" }, "error: '--fromat' is not an option of 'check'; did you mean '--format'?")]
    [InlineData(new[] { "test", "samples", "--exlude", "samples/invalid" }, "error: '--exlude' is not an option of 'test'; did you mean '--exclude'?")]
    [InlineData(new[] { "why", "samples/000-no-deal-left.policy", "deal(US, Russia)", "--senario", "x" }, "error: '--senario' is not an option of 'why'; did you mean '--scenario'?")]
    public void An_unknown_verb_or_option_is_a_usage_error_with_a_suggestion(string[] args, string expected)
    {
        var (exit, output, error) = CliRunner.Run(args);
        exit.Should().Be(ExitCodes.Usage);
        output.Should().BeEmpty("nothing is checked");
        error.Should().StartWith(expected).And.EndWith("run 'policydsl --help' for usage\n");
    }

    [Fact]
    public void An_option_value_that_starts_with_a_dash_is_a_value()
    {
        // --set takes the next word, whatever it looks like: here a premise the argument does not have.
        var (exit, _, error) = CliRunner.Run("whatif", "samples/000-no-deal-left.policy", "--set", "-x");
        exit.Should().NotBe(ExitCodes.Clean);
        error.Should().NotContain("is not an option");
    }

    [Theory]
    [InlineData("check")]
    [InlineData("test")]
    [InlineData("repl")]
    public void Version_works_after_any_verb(string verb)
    {
        var (exit, output, _) = CliRunner.Run(verb, "--version");
        exit.Should().Be(ExitCodes.Clean);
        output.Should().MatchRegex(@"^\d+\.\d+\.\d+\n$");
    }
}

/// <summary>--strict: warnings fail check and test (exit 1), and test lists them.</summary>
public sealed class StrictTests : IDisposable
{
    private readonly Testing.TempFolder folder = Testing.TestPaths.CreateTempFolder();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("check")]
    [InlineData("test")]
    public void Warnings_fail_only_with_strict(string verb)
    {
        var file = folder.Write("w.policy", "fact a\nfact unused\nif a then c\nexpect c\n");
        CliRunner.Run(verb, file).Exit.Should().Be(ExitCodes.Clean);
        var (exit, output, _) = CliRunner.Run(verb, file, "--strict");
        exit.Should().Be(ExitCodes.Failed);
        output.Should().Contain("warning PD0063: ").And.EndWith("(--strict: warnings fail)\n");
    }
}

/// <summary>A what-if that makes the argument contradict itself says so, and does not pass as clean.</summary>
public sealed class WhatIfConflictTests : IDisposable
{
    private readonly Testing.TempFolder folder = Testing.TestPaths.CreateTempFolder();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_conflict_the_what_if_creates_is_reported_and_fails_the_run()
    {
        var file = folder.Write("c.policy", "fact t\nassume a\nrule pro: if t then p\nrule con: if a then not p\nexpect p\n");
        var (exit, output, _) = CliRunner.Run("whatif", file, "--set", "a");
        exit.Should().Be(ExitCodes.Failed);
        output.Should().Contain("  p: true -> conflict").And.Contain("error PD0050: p is derived both ways").And.Contain("rule con");

        var (calm, quiet, _) = CliRunner.Run("whatif", file, "--set", "not a");
        calm.Should().Be(ExitCodes.Clean);
        quiet.Should().NotContain("PD0050");
    }
}

/// <summary>test --format json counts what happened, as the text report and the exit code do.</summary>
public sealed class TestJsonTests
{
    [Theory]
    [InlineData("samples/invalid/syntax-errors.policy", 0, 1, 1)]
    [InlineData("samples/invalid/failing-expectation.policy", 1, 1, 0)]
    [InlineData("samples/000-no-deal-left.policy", 6, 0, 0)]
    public void The_counts_agree_with_the_exit_code(string file, int passed, int failed, int notEvaluated)
    {
        var (exit, output, _) = CliRunner.Run("test", file, "--format", "json");
        using var document = System.Text.Json.JsonDocument.Parse(output);
        var root = document.RootElement;
        root.GetProperty("failed").GetInt32().Should().Be(failed);
        root.GetProperty("notEvaluated").GetArrayLength().Should().Be(notEvaluated);
        exit.Should().Be(failed > 0 ? ExitCodes.Failed : ExitCodes.Clean);
        if (passed > 0)
        {
            root.GetProperty("passed").GetInt32().Should().BeGreaterThan(0);
        }
    }
}

/// <summary>check --format github: one workflow command per problem, its values escaped.</summary>
public sealed class GitHubFormatTests : IDisposable
{
    private readonly Testing.TempFolder folder = Testing.TestPaths.CreateTempFolder();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Each_problem_is_one_annotation_with_its_values_escaped()
    {
        var file = folder.Write("a,b:c.policy", "fact a\nif a then c\nexpect c\nfact x = 5%%\n");
        var (exit, output, _) = CliRunner.Run("check", file, "--format", "github");
        exit.Should().Be(ExitCodes.Failed);
        var lines = output.TrimEnd('\n').Split('\n');
        lines.Should().OnlyContain(line => line.StartsWith("::error file=", StringComparison.Ordinal) || line.StartsWith("::warning file=", StringComparison.Ordinal));
        lines.Should().Contain(line => line.Contains("a%2Cb%3Ac.policy,line=4,col=", StringComparison.Ordinal) && line.Contains("title=PD0001 Syntax error::", StringComparison.Ordinal));
        lines.Should().Contain(line => line.EndsWith("unexpected '%25' after the premise; is an operator (and, or, <, =) or a keyword missing before it, or does a new statement start here?", StringComparison.Ordinal));

        var warned = folder.Write("w.policy", "fact a\nfact unused\nif a then c\nexpect c\n");
        var (clean, warnings, _) = CliRunner.Run("check", warned, "--format", "github");
        clean.Should().Be(ExitCodes.Clean);
        warnings.Should().StartWith("::warning file=").And.Contain("title=PD0063 Premise no rule uses::");
    }

    [Fact]
    public void Messages_cannot_start_another_command()
    {
        Evaluator.Reports.GitHubAnnotations.Message("50% done\n::error::forged\r").Should().Be("50%25 done%0A::error::forged%0D");
        Evaluator.Reports.GitHubAnnotations.Property("a,b:c").Should().Be("a%2Cb%3Ac");
    }
}

/// <summary>test --format junit: a testsuite per file, a testcase per expectation, counts that agree with the exit code.</summary>
public sealed class JUnitFormatTests
{
    [Fact]
    public void The_report_has_the_structure_dashboards_read()
    {
        var (exit, output, _) = CliRunner.Run("test", "samples/invalid/failing-expectation.policy", "samples/invalid/syntax-errors.policy", "samples/000-no-deal-left.policy", "--format", "junit");
        exit.Should().Be(ExitCodes.Failed);
        var root = System.Xml.Linq.XDocument.Parse(output).Root!;
        root.Name.LocalName.Should().Be("testsuites");
        var suites = root.Elements("testsuite").ToList();
        suites.Select(s => (string)s.Attribute("name")!).Should().Equal("samples/invalid/failing-expectation.policy", "samples/invalid/syntax-errors.policy", "samples/000-no-deal-left.policy");
        foreach (var suite in suites)
        {
            var cases = suite.Elements("testcase").ToList();
            ((int)suite.Attribute("tests")!).Should().Be(cases.Count);
            ((int)suite.Attribute("failures")!).Should().Be(cases.Count(c => c.Element("failure") is not null));
            ((int)suite.Attribute("errors")!).Should().Be(cases.Count(c => c.Element("error") is not null));
        }

        ((int)root.Attribute("failures")!).Should().Be(1);
        ((int)root.Attribute("errors")!).Should().Be(1);
        var failure = root.Descendants("failure").Single();
        failure.Parent!.Attribute("name")!.Value.Should().Be("11: expect no_deal(US, China)");
        failure.Value.Should().Contain("rule no_bargain with x = China does not apply");
        root.Descendants("error").Single().Value.Should().Contain("error PD0001: ");
        CliRunner.Run("test", "samples/000-no-deal-left.policy", "--format", "junit").Output.Should().Be(
            CliRunner.Run("test", "samples/000-no-deal-left.policy", "--format", "junit").Output, "the same run gives the same bytes");
    }
}
