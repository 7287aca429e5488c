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

    /// <summary>Issue 24: nothing in text, JSON, SARIF or the map said that a withdrawal applied.</summary>
    [Fact]
    public void Check_states_the_withdrawal_it_answered_under_in_every_format()
    {
        var text = CliRunner.Run("check", Debate, "--without", "enlist#c3").Output;
        text.Should().StartWith("context: without claim enlist#c3 (1 statement)\n");

        var json = JsonDocument.Parse(CliRunner.Run("check", Debate, "--without", "enlist#c3", "--format", "json").Output).RootElement.GetProperty("context");
        json.GetProperty("scenario").ValueKind.Should().Be(JsonValueKind.Null);
        var withdrawn = json.GetProperty("withdrawn").EnumerateArray().Single();
        (withdrawn.GetProperty("name").GetString(), withdrawn.GetProperty("kind").GetString(), withdrawn.GetProperty("statements").GetInt32()).Should().Be(("enlist#c3", "claim", 1));

        var sarif = JsonDocument.Parse(CliRunner.Run("check", Debate, "--without", "enlist", "--format", "sarif").Output).RootElement;
        var context = sarif.GetProperty("runs")[0].GetProperty("properties").GetProperty("context");
        context.GetProperty("withdrawn")[0].GetProperty("kind").GetString().Should().Be("source");
        context.GetProperty("withdrawn")[0].GetProperty("statements").GetInt32().Should().BeGreaterThan(1);
    }

    [Fact]
    public void The_argument_as_written_has_an_empty_context_and_no_context_line()
    {
        CliRunner.Run("check", Debate).Output.Should().NotContain("context:");
        CliRunner.Run("eval", Debate).Output.Should().NotContain("context:");
        var context = JsonDocument.Parse(CliRunner.Run("eval", Debate, "--format", "json").Output).RootElement.GetProperty("context");
        context.GetProperty("scenario").ValueKind.Should().Be(JsonValueKind.Null);
        context.GetProperty("withdrawn").GetArrayLength().Should().Be(0);
        context.GetProperty("whatIfs").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public void The_map_and_the_report_are_titled_with_what_was_withdrawn()
    {
        CliRunner.Run("map", Debate, "--without", "enlist").Output.Should().Contain("(without source enlist (");
        var map = JsonDocument.Parse(CliRunner.Run("map", Debate, "--without", "enlist", "--format", "json").Output).RootElement;
        map.GetProperty("argument").GetString().Should().Contain("(without source enlist (");
        map.GetProperty("context").GetProperty("withdrawn")[0].GetProperty("name").GetString().Should().Be("enlist");

        using var folder = PolicyDsl.Testing.TestPaths.CreateTempFolder();
        var page = Path.Combine(folder.Path, "report.html");
        CliRunner.Run("report", "samples/000-no-deal-left.policy", "--without", "nodeal#c3", "-o", page).Exit.Should().Be(0);
        File.ReadAllText(page).Should().Contain("(without claim nodeal#c3 (");
    }

    /// <summary>Issue 24: --scenario was declared nine times with seven descriptions; check and whatif had none.</summary>
    [Fact]
    public void Every_verb_that_reads_an_argument_takes_the_one_scenario_option()
    {
        var described = new HashSet<string>(StringComparer.Ordinal);
        foreach (var verb in new[] { "check", "test", "eval", "why", "why-not", "support", "critical", "matrix", "scenarios", "flips", "map", "whatif", "report" })
        {
            var help = CliRunner.Run(verb, "--help").Output;
            var line = help.Split('\n').SingleOrDefault(l => l.Contains("--scenario <scenario>", StringComparison.Ordinal));
            line.Should().NotBeNull($"{verb} reads an argument, so it takes --scenario");
            described.Add(line![(line!.IndexOf("<scenario>", StringComparison.Ordinal) + "<scenario>".Length)..].Trim());
        }

        described.Should().HaveCount(1, "one option, declared once, described once");
    }

    [Fact]
    public void Check_and_whatif_answer_within_a_named_scenario_and_say_so()
    {
        var (exit, output, _) = CliRunner.Run("check", Debate, "--scenario", Alignment);
        output.Should().StartWith($"context: in scenario \"{Alignment}\"\n");
        exit.Should().Be(1, "within that scenario two of the debate's claims fail");
        CliRunner.Run("check", Debate, "--scenario", "nosuch").Error.Should().Contain("--scenario \"nosuch\" names no scenario of the files checked");

        var asScenario = CliRunner.Run("whatif", Debate, "--set", "not needs capital(China)", "--scenario", Alignment, "deal(US, China)").Output;
        var asAgainst = CliRunner.Run("whatif", Debate, "--set", "not needs capital(China)", "--against", Alignment, "deal(US, China)").Output;
        asScenario.Should().StartWith($"context: in scenario \"{Alignment}\"\n").And.Be(asAgainst, "--against is the name whatif had for it");
    }

    /// <summary>Issue 24: report had no --scenario; within one, the page answers there, checked as test --scenario checks.</summary>
    [Fact]
    public void The_report_answers_within_a_named_scenario_and_says_so()
    {
        using var folder = PolicyDsl.Testing.TestPaths.CreateTempFolder();
        var page = Path.Combine(folder.Path, "report.html");
        CliRunner.Run("report", Debate, "--scenario", Alignment, "-o", page).Exit.Should().Be(0);
        var html = File.ReadAllText(page);
        html.Should().Contain($"(in scenario &quot;{Alignment}&quot;)</h1>")
            .And.Contain($"<th scope=\"col\">in “{Alignment}”</th>")
            .And.Contain("expectations passing: 10 of 13", "the argument checked within the scenario, as test --scenario checks it");

        var missing = CliRunner.Run("report", Debate, "--scenario", "nosuch", "-o", page);
        missing.Exit.Should().Be(2);
        missing.Error.Should().Contain("--scenario \"nosuch\" names no scenario of the files reported");
    }
}
