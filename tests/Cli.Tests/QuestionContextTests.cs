using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace PolicyDsl.Cli.Tests;

/// <summary>Issue 24's reproducers of --scenario: JSON asked for is JSON, files with errors and several files say what is wrong.</summary>
public sealed class QuestionContextTests
{
    private const string Debate = "samples/debate.policy";
    private const string Alignment = "Beijing values its alignment with Moscow more";

    [Fact]
    public void Eval_in_a_named_scenario_writes_json_when_asked()
    {
        var (exit, output, _) = CliRunner.Run("eval", Debate, "--scenario", Alignment, "--format", "json");
        exit.Should().Be(0);
        var document = JsonDocument.Parse(output).RootElement;
        document.GetProperty("scenario").GetString().Should().Be(Alignment);
        document.GetProperty("conclusions").EnumerateArray().Should().Contain(c => c.GetProperty("atom").GetString() == "deal(US, China)" && c.GetProperty("truth").GetString() == "false");
        document.GetProperty("scenarios").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public void A_file_with_errors_still_says_that_the_scenario_asked_for_does_not_exist()
    {
        var (exit, _, error) = CliRunner.Run("eval", "samples/invalid/unknown-name.policy", "--scenario", "nosuch");
        exit.Should().Be(2);
        error.Should().Contain("no scenario is named \"nosuch\"").And.Contain("the argument also has errors");
    }

    [Fact]
    public void Test_over_several_files_applies_a_scenario_where_it_is_and_names_one_that_is_nowhere()
    {
        var (exit, output, error) = CliRunner.Run("test", "samples", "--exclude", "samples/invalid", "--scenario", Alignment);
        error.Should().NotContain("no scenario is named");
        output.Should().Contain($"(scenario \"{Alignment}\")").And.Contain("samples/000-no-deal-left.policy", "the files without the scenario are tested as written");
        exit.Should().Be(1, "two of the debate's expectations are about the other scenario");

        var missing = CliRunner.Run("test", "samples", "--exclude", "samples/invalid", "--scenario", Alignment[..^1]);
        missing.Exit.Should().Be(2);
        missing.Error.Should().Contain($"--scenario \"{Alignment[..^1]}\" names no scenario of the files checked; did you mean \"{Alignment}\"?");
    }

    /// <summary>Issue 24: --without made rules unable to fire and reported that as if the argument were at fault.</summary>
    [Fact]
    public void Never_fires_and_never_used_are_checks_of_the_argument_as_written()
    {
        var withdrawn = CliRunner.Run("check", Debate, "--without", "enlist#c3");
        withdrawn.Output.Should().NotContain("PD0062").And.NotContain("PD0063");

        using var folder = PolicyDsl.Testing.TestPaths.CreateTempFolder();
        folder.Write(".policydsl-root", string.Empty);
        var file = folder.Write("a.policy", "fact a\nfact unused\nrule r: if not a then c\nexpect a\n");
        var written = CliRunner.Run("check", file).Output;
        var without = CliRunner.Run("check", file, "--without", "a").Output;
        written.Should().Contain("PD0062").And.Contain("PD0063");
        without.Split('\n').Where(l => l.Contains("PD0062") || l.Contains("PD0063")).Should()
            .Equal(written.Split('\n').Where(l => l.Contains("PD0062") || l.Contains("PD0063")), "the argument as written is what these checks judge");
    }
}
