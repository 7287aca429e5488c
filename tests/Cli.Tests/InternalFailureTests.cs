using System.Text.Json;
using FluentAssertions;
using PolicyDsl.Repl;
using PolicyDsl.Repl.Hosting;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>A defect inside PolicyDsl, injected: the user gets exit 3, one line on stderr, and JSON or SARIF that still parses.</summary>
public sealed class InternalFailureTests
{
    private static (int Exit, string Output, string Error) RunFailing(params string[] args)
    {
        PolicyCli.InjectedFailure.Value = () => new InvalidOperationException("injected");
        try
        {
            return CliRunner.Run(args);
        }
        finally
        {
            PolicyCli.InjectedFailure.Value = null;
        }
    }

    [Theory]
    [InlineData("check", "json")]
    [InlineData("check", "sarif")]
    [InlineData("eval", "json")]
    [InlineData("test", "json")]
    [InlineData("why", "json")]
    public void A_json_or_sarif_report_stays_valid_when_policydsl_fails_inside(string verb, string format)
    {
        string[] args = verb == "why" ? [verb, "samples/000-no-deal-left.policy", "deal(US, Russia)", "--format", format] : [verb, "samples/000-no-deal-left.policy", "--format", format];
        var (exit, output, error) = RunFailing(args);
        exit.Should().Be(ExitCodes.InternalError);
        error.Should().StartWith("internal error: InvalidOperationException: injected.");
        using var document = JsonDocument.Parse(output);
        if (format == "json")
        {
            document.RootElement.GetProperty("error").GetProperty("kind").GetString().Should().Be("internal");
        }
        else
        {
            var run = document.RootElement.GetProperty("runs")[0];
            run.GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean().Should().BeFalse();
            run.GetProperty("results").GetArrayLength().Should().Be(0);
        }
    }

    [Theory]
    [InlineData("json")]
    [InlineData("junit")]
    public void A_wrong_option_or_a_withdrawal_of_nothing_still_writes_one_document(string format)
    {
        // Found by the host fuzz: stdout was empty, and a CI step parsing it read nothing.
        foreach (var args in new[] { new[] { "test", Path.Combine(PolicyDsl.Testing.TestPaths.Samples, "debate.policy"), "--format", format, "--without", "nothing_at_all" }, ["test", Path.Combine(PolicyDsl.Testing.TestPaths.Samples, "debate.policy"), "--format", format, "--no-such-option"] })
        {
            var (exit, output, error) = CliRunner.Run(args);
            exit.Should().Be(2, error);
            if (format == "json")
            {
                using var document = System.Text.Json.JsonDocument.Parse(output);
                document.RootElement.GetProperty("error").GetProperty("kind").GetString().Should().Be("badQuestion");
            }
            else
            {
                var xml = new System.Xml.XmlDocument();
                xml.LoadXml(output);
                xml.SelectSingleNode("//testcase/error")!.Attributes!["message"]!.Value.Should().NotBeEmpty();
            }
        }
    }

    [Fact]
    public void A_text_report_says_it_in_one_line_on_standard_error()
    {
        var (exit, output, error) = RunFailing("check", "samples/000-no-deal-left.policy");
        exit.Should().Be(ExitCodes.InternalError);
        output.Should().BeEmpty();
        error.Should().MatchRegex("^internal error: InvalidOperationException: injected\\. This is a bug in PolicyDsl; please report it with the input that caused it\\.\n$");
    }

    /// <summary>Issue 23's reproducer: every sample excluded by the constraints made the sampling bound infinite, and JSON exit 3.</summary>
    [Fact]
    public void Sampling_where_no_scenario_is_possible_bounds_the_error_by_1_instead_of_infinity()
    {
        using var folder = PolicyDsl.Testing.TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        var file = folder.Write("inf.policy", "assume a\nnever \"c\": a\nnever \"d\": not a\n");
        var (exit, output, error) = CliRunner.Run("scenarios", file, "--sample", "10", "--format", "json");
        exit.Should().NotBe(ExitCodes.InternalError, error);
        using var document = JsonDocument.Parse(output);
        document.RootElement.GetProperty("errorBound").GetDouble().Should().Be(1);
        var text = CliRunner.Run("scenarios", file, "--sample", "10");
        text.Output.Should().Contain("within ±1.0000").And.NotContain("Infinity").And.NotContain("NaN");
    }
}
